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
const offsetsByZone = new Map<string, Map<number, number>>();

/** A zone's offset from UTC at an instant, in milliseconds (the agenda's zone by default). */
export function zoneOffsetMs(ms: number, zone: string = AGENDA_TIME_ZONE): number {
  let offsets = offsetsByZone.get(zone);
  if (!offsets) offsetsByZone.set(zone, (offsets = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    if (offsets.size >= MAX_KEPT) offsets.clear();
    offset = DateTime.fromMillis(quarter * QUARTER_HOUR_MS, { zone }).offset * 60_000;
    offsets.set(quarter, offset);
  }
  return offset;
}

/**
 * Far enough from a wall-clock time to see the offsets on both sides of any change next to it:
 * its instant is up to 14 hours from its fields read as UTC, and a zone's changes are months apart.
 */
const AROUND_MS = 26 * 3_600_000;

/**
 * Whether the zone's clock changes within a day (and two hours) of an instant: only there can a
 * wall-clock time be skipped or happen twice, so away from it a time needs no closer look.
 */
export function nearClockChange(ms: number, zone: string = AGENDA_TIME_ZONE): boolean {
  return zoneOffsetMs(ms - AROUND_MS, zone) !== zoneOffsetMs(ms + AROUND_MS, zone);
}

/**
 * The instant of a wall-clock time in a zone, given as its fields read in UTC ("floating", as rrule
 * computes), the way RFC 5545 §3.3.5 places one (and schedule.ts did with luxon): a time that
 * happens twice (02:30 on the last Sunday of October) is the first of the two; a time the clock
 * skips (02:30 on the last Sunday of March) takes the offset from before the gap (03:30 summer time).
 */
export function instantOfWallClock(floatingMs: number, zone: string = AGENDA_TIME_ZONE): number {
  const before = zoneOffsetMs(floatingMs - AROUND_MS, zone);
  const after = zoneOffsetMs(floatingMs + AROUND_MS, zone);
  // An offset is right when the instant it gives has that offset itself.
  const earlier = floatingMs - Math.max(before, after);
  const later = floatingMs - Math.min(before, after);
  if (zoneOffsetMs(earlier, zone) === Math.max(before, after)) return earlier;
  if (zoneOffsetMs(later, zone) === Math.min(before, after)) return later;
  return floatingMs - before;
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
