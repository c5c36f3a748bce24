import { SourceFormatError, type ImportFormat, type SourceItem } from '../import.model';
import { readApidae } from './apidae';
import { readDatatourisme } from './datatourisme';
import { readIcs } from './ics';
import { readOpenAgenda } from './openagenda';

type Reader = (content: string) => SourceItem[] | Promise<SourceItem[]>;

const READERS: Record<ImportFormat, Reader> = {
  ics: readIcs,
  openagenda: readOpenAgenda,
  apidae: readApidae,
  datatourisme: readDatatourisme,
};

/** Where each JSON format keeps its list of objects, when it is not the top-level array. */
const LIST_KEYS = ['events', 'objetsTouristiques', '@graph'] as const;

/**
 * Reads a source's content in its format; a whole source that cannot be read throws SourceFormatError.
 * Sources are other people's systems: a value of an unexpected type (a number where a text was, a null
 * timing) must cost that item, not the run. When a JSON reader trips on such a value, the content is
 * read again one object at a time, and the objects that still fail are refused as UNREADABLE.
 */
export async function readSource(format: ImportFormat, content: string): Promise<SourceItem[]> {
  const read = READERS[format];
  try {
    return await read(content);
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    if (format === 'ics') throw new SourceFormatError('The calendar holds a value that cannot be read as iCalendar.');
    return readEachObject(read, content);
  }
}

async function readEachObject(read: Reader, content: string): Promise<SourceItem[]> {
  // The content parsed once already in the reader: it is JSON.
  const parsed = JSON.parse(content) as unknown;
  const key = !Array.isArray(parsed) && parsed && typeof parsed === 'object' ? LIST_KEYS.find((name) => Array.isArray((parsed as Record<string, unknown>)[name])) : undefined;
  const objects: unknown[] = Array.isArray(parsed) ? parsed : key ? ((parsed as Record<string, unknown[]>)[key] ?? []) : [parsed];
  const alone = (object: unknown): string => JSON.stringify(key ? { ...(parsed as object), [key]: [object] } : [object]);
  const items: SourceItem[] = [];
  for (const object of objects) {
    try {
      items.push(...(await read(alone(object))));
    } catch (error) {
      if (error instanceof SourceFormatError) throw error;
      items.push(unreadable(object));
    }
  }
  return items;
}

function unreadable(object: unknown): SourceItem {
  const fields = object && typeof object === 'object' ? (object as Record<string, unknown>) : {};
  const id = [fields.uid, fields.id, fields.identifiant, fields['dc:identifier'], fields['@id']].find((value) => typeof value === 'string' || typeof value === 'number');
  return {
    externalId: id === undefined ? '' : String(id).slice(0, 200),
    title: {},
    categories: [],
    place: {},
    schedule: null,
    notes: [],
    refusal: { code: 'UNREADABLE', message: 'A value of this item has an unexpected type (a number or null where a text or a list was expected); the item was left out, the others were read.' },
  };
}
