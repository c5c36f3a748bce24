import type { ImportFormat, SourceItem } from '../import.model';
import { readApidae } from './apidae';
import { readDatatourisme } from './datatourisme';
import { readIcs } from './ics';
import { readOpenAgenda } from './openagenda';

/** Reads a source's content in its format; a whole source that cannot be read throws SourceFormatError. */
export async function readSource(format: ImportFormat, content: string): Promise<SourceItem[]> {
  switch (format) {
    case 'ics':
      return readIcs(content);
    case 'openagenda':
      return readOpenAgenda(content);
    case 'apidae':
      return readApidae(content);
    case 'datatourisme':
      return readDatatourisme(content);
  }
}
