import { AGENDA_LIMITS } from '@nfc/shared';
import { DateTime } from 'luxon';
import { SourceFormatError, type SourceItem, type Text } from '../import.model';
import { asArray, finiteNumber, parseJson, shortened, textOf } from './text';

type Node = Record<string, unknown>;

const WEEKDAYS: Record<string, number> = { Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6, Sunday: 7 };

/** A property under any of the prefixes DATAtourisme's JSON-LD uses (compacted or not). */
function get(node: unknown, name: string): unknown[] {
  if (!node || typeof node !== 'object') return [];
  const object = node as Node;
  for (const key of [name, `:${name}`, `datatourisme:${name}`, `schema:${name}`, `https://www.datatourisme.fr/ontology/core#${name}`]) {
    if (object[key] !== undefined) return asArray(object[key] as unknown);
  }
  return [];
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '@value' in value) return scalar((value as Node)['@value']);
  if (value && typeof value === 'object' && '@id' in value) return scalar((value as Node)['@id']);
  return undefined;
}

/** A language map (`{ "fr": ["…"] }`) or a list of `{ "@language", "@value" }`, as our text. */
function languages(values: unknown[]): Text {
  const result: Text = {};
  for (const value of values) {
    if (typeof value === 'string') result.fr ??= value;
    else if (value && typeof value === 'object' && '@value' in value) {
      const language = String((value as Node)['@language'] ?? 'fr').slice(0, 2) as keyof Text;
      if (language === 'fr' || language === 'en' || language === 'de') result[language] ??= scalar(value);
    } else if (value && typeof value === 'object') {
      for (const language of ['fr', 'en', 'de'] as const) {
        const entry = asArray((value as Node)[language] as unknown).map(scalar).find(Boolean);
        if (entry) result[language] ??= entry;
      }
    }
  }
  return result;
}

function isEvent(node: Node): boolean {
  return asArray(node['@type'] as unknown).some((type) => /(^|[:#/])EntertainmentAndEvent$/.test(String(type)));
}

function time(value: string | undefined): string | null {
  const match = /^(\d{2}):(\d{2})/.exec(value ?? '');
  return match ? `${match[1]}:${match[2]}` : null;
}

/** Periods (takesPlaceAt) as our dates, the way Apidae's are read. */
function scheduleOf(periods: unknown[]): SourceItem['schedule'] {
  const read = periods
    .map((period) => ({
      first: scalar(get(period, 'startDate')[0])?.slice(0, 10),
      last: scalar(get(period, 'endDate')[0])?.slice(0, 10),
      opens: time(scalar(get(period, 'startTime')[0])),
      closes: time(scalar(get(period, 'endTime')[0])),
      // appliesOnDay: schema:Monday… (or the full schema.org IRI).
      days: new Set(get(period, 'appliesOnDay').map((day) => WEEKDAYS[String(scalar(day) ?? '').replace(/^.*[:#/]/, '')]).filter((value): value is number => value !== undefined)),
    }))
    .filter((period): period is { first: string; last: string | undefined; opens: string | null; closes: string | null; days: Set<number> } => Boolean(period.first && /^\d{4}-\d{2}-\d{2}$/.test(period.first)));
  if (!read.length) return null;
  const allDay = !read.some((period) => period.opens);
  const dates: Array<{ start: string; end?: string }> = [];
  for (const period of read) {
    const last = period.last && period.last >= period.first ? period.last : period.first;
    if (allDay) {
      dates.push({ start: period.first, end: last });
      continue;
    }
    const opens = period.opens ?? '00:00';
    for (let day = DateTime.fromISO(period.first, { zone: 'UTC' }); day.toFormat('yyyy-MM-dd') <= last && dates.length <= AGENDA_LIMITS.maxOccurrences; day = day.plus({ days: 1 })) {
      if (period.days.size && !period.days.has(day.weekday)) continue;
      const date = day.toFormat('yyyy-MM-dd');
      const endDay = period.closes && period.closes < opens ? day.plus({ days: 1 }).toFormat('yyyy-MM-dd') : date;
      dates.push({ start: `${date}T${opens}`, end: period.closes ? `${endDay}T${period.closes}` : `${date}T${opens}` });
    }
  }
  return { allDay, dates };
}

/**
 * A DATAtourisme JSON-LD file: `{ "@graph": [...] }`, a list of nodes, or one node. Events are the
 * nodes typed EntertainmentAndEvent (with or without their subclass); their id is dc:identifier,
 * or @id. Places: isLocatedAt → schema:address → hasAddressCity → insee, and schema:geo. The
 * subclasses (@type) and themes (hasTheme) are the source's categories.
 */
export function readDatatourisme(content: string): SourceItem[] {
  const parsed = parseJson(content, 'a DATAtourisme JSON-LD file');
  const nodes: unknown[] = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as Node)['@graph']) ? ((parsed as Node)['@graph'] as unknown[]) : [parsed];
  const events = nodes.filter((node): node is Node => Boolean(node) && typeof node === 'object' && isEvent(node as Node));
  if (!events.length && !nodes.some((node) => node && typeof node === 'object' && '@type' in (node as Node))) throw new SourceFormatError('A DATAtourisme file holds JSON-LD nodes with an "@type".');
  return events.map((node) => {
    const place = get(node, 'isLocatedAt')[0];
    const address = get(place, 'address')[0];
    const city = get(address, 'hasAddressCity')[0];
    const geo = get(place, 'geo')[0];
    const description = get(node, 'hasDescription')[0];
    const long = textOf(languages([...get(description, 'dc:description'), ...get(description, 'description')]));
    const short = textOf(languages([...get(description, 'shortDescription'), ...get(node, 'rdfs:comment')]), shortened);
    const representation = get(node, 'hasMainRepresentation')[0];
    const resource = get(representation, 'ebucore:hasRelatedResource')[0];
    const locator = scalar(get(resource, 'ebucore:locator')[0]);
    const externalId = scalar(get(node, 'dc:identifier')[0]) ?? scalar(node['@id']) ?? '';
    const item: SourceItem = {
      externalId,
      title: languages(get(node, 'rdfs:label')),
      ...(short ? { shortDescription: short } : {}),
      ...(long ? { longDescription: long } : {}),
      categories: [
        ...asArray(node['@type'] as unknown).map((type) => String(type).replace(/^.*[:#/]/, '')),
        ...get(node, 'hasTheme').flatMap((theme) => [scalar(theme), languages(get(theme, 'rdfs:label')).fr].filter((value): value is string => Boolean(value))),
      ],
      place: {
        name: languages(get(place, 'rdfs:label')).fr,
        streetAddress: get(address, 'streetAddress').map(scalar).filter(Boolean).join(', ') || undefined,
        postalCode: scalar(get(address, 'postalCode')[0]),
        communeInsee: scalar(get(city, 'insee')[0]),
        communeName: languages(get(city, 'rdfs:label')).fr,
        lat: finiteNumber(scalar(get(geo, 'latitude')[0])),
        lon: finiteNumber(scalar(get(geo, 'longitude')[0])),
      },
      schedule: scheduleOf(get(node, 'takesPlaceAt')),
      ...(locator && /^https?:\/\//.test(locator) ? { imageUrl: locator } : {}),
      notes: [],
    };
    if (!externalId) item.refusal = { code: 'MISSING_ID', message: 'A node without dc:identifier or @id.' };
    else if (!item.schedule) item.refusal = { code: 'NO_DATES', message: 'No takesPlaceAt period with a startDate.', field: 'schedule' };
    return item;
  });
}
