import { AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';

/**
 * The agenda's wall-clock times, fast. Luxon asks Intl for a zone's offset at every conversion:
 * the profile of an ICS feed (800 dates, each written local and checked against the hour the
 * clock repeats) spent 40 % of its time there. A zone's offset only changes at its transitions,
 * which fall on whole quarter hours in every zone in use, so it is asked once per quarter hour of
 * UTC and kept (a few bytes per quarter hour that feeds actually touch; the memo is emptied past
 * a bound so it cannot grow without limit).
 */
const QUARTER_HOUR_MS = 900_000;
const MAX_KEPT = 100_000;
const offsets = new Map<number, number>();

/** The agenda zone's offset from UTC at an instant, in milliseconds. */
export function zoneOffsetMs(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    if (offsets.size >= MAX_KEPT) offsets.clear();
    offset = DateTime.fromMillis(quarter * QUARTER_HOUR_MS, { zone: AGENDA_TIME_ZONE }).offset * 60_000;
    offsets.set(quarter, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** yyyyLLdd'T'HHmmss of an instant's UTC fields. */
function compactFields(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** The instant in UTC, as iCalendar writes it: 20261203T140000Z. */
export const utcCompact = (date: Date): string => `${compactFields(date.getTime())}Z`;

/** The wall-clock time in the agenda's zone, as iCalendar writes a local time: 20261203T150000. */
export const localCompact = (date: Date): string => compactFields(date.getTime() + zoneOffsetMs(date.getTime()));

/** The day in the agenda's zone: 20261203. */
export const localDateCompact = (date: Date): string => localCompact(date).slice(0, 8);
