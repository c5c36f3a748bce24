import { AGENDA_LIMITS, AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import { SourceFormatError, type Text } from '../import.model';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Sources often carry HTML in their texts (Apidae, DATAtourisme, some ICS feeds); our model takes
 * plain text (Markdown in the long description) and refuses tags. Paragraphs and line breaks
 * become new lines, every other tag goes, entities are decoded.
 */
export function plainText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*\/\s*(p|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const point = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        // Beyond Unicode (or a surrogate half) is no character: the replacement character stands in.
        return Number.isInteger(point) && point >= 0 && point <= 0x10ffff && !(point >= 0xd800 && point <= 0xdfff) ? String.fromCodePoint(point) : '\uFFFD';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || undefined;
}

/** A short description cut at a word to our limit (sources allow longer ones). */
export function shortened(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const flat = value.replace(/\s+/g, ' ').trim();
  const max = AGENDA_LIMITS.shortDescriptionMaxLength;
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

export function textOf(parts: Text, transform: (value: string | undefined) => string | undefined = (value) => value): Text | undefined {
  const result: Text = {};
  for (const language of ['fr', 'en', 'de'] as const) {
    const value = transform(plainText(parts[language]));
    if (value) result[language] = value;
  }
  return Object.keys(result).length ? result : undefined;
}

/** An instant as the wall-clock time our schedules take (Europe/Paris, no offset). */
export function parisLocal(instant: Date | string, allDay = false): string {
  const value = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  const local = value.setZone(AGENDA_TIME_ZONE);
  return allDay ? local.toFormat('yyyy-MM-dd') : local.toFormat("yyyy-MM-dd'T'HH:mm");
}

export function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** A source's text parsed as JSON, or a clear refusal of the whole source. */
export function parseJson(content: string, what: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    throw new SourceFormatError(`This is not JSON, so not ${what}.`);
  }
}
