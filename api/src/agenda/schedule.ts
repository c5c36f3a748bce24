import { AGENDA_LIMITS, AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import type { FieldError } from '../common/errors';
import { recurrenceRuleProblem, ruleMeetsWithin } from './recurrence-rule';
import { instantOfWallClock } from './wall-clock';

/**
 * How far after its start a rule is computed. Without a bound, a rule whose parts never meet
 * (BYMONTH=2;BYMONTHDAY=31) makes rrule walk day by day to the year 9999: 14 s of CPU per item.
 */
export const RECURRENCE_HORIZON_YEARS = 25;

/**
 * When an event happens, as offices enter it: wall-clock times in Europe/Paris, never
 * UTC offsets (a hard-coded "+02:00" is wrong all winter). Either explicit dates, or a
 * recurrence rule with exceptions (EXDATE) and extra dates (RDATE).
 */
export interface EventSchedule {
  allDay: boolean;
  /** "2026-07-14T21:00" (or "2026-07-14" for all-day events), local time. */
  dates?: Array<{ start: string; end?: string | null }> | null;
  recurrence?: {
    /** First occurrence, local time. */
    start: string;
    durationMinutes: number;
    /** RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=SA;COUNT=20". Needs COUNT or UNTIL. */
    rule: string;
    exceptions?: string[] | null;
    additions?: string[] | null;
  } | null;
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/**
 * A wall-clock time placed in the zone as RFC 5545 §3.3.5 reads one: a time in the spring-forward
 * gap (02:30 on the last Sunday of March) takes the offset before the gap, so it is 03:30 summer
 * time; a time the autumn change makes happen twice (02:30 on the last Sunday of October) is the
 * first of the two, still in summer time. Luxon moves gap times the same way, but takes the
 * second of a repeated time: that case is turned back here. ical.js reads our feeds the same way.
 */
function placeInZone(value: DateTime): DateTime {
  const earlier = value.minus({ hours: 1 });
  const sameWallClock = earlier.hour === value.hour && earlier.minute === value.minute && earlier.day === value.day;
  return sameWallClock && earlier.offset > value.offset ? earlier : value;
}

function parseLocal(text: string, allDay: boolean, zone: string): DateTime | null {
  if (allDay ? !DATE_ONLY.test(text) : !LOCAL_DATE_TIME.test(text)) return null;
  // Luxon accepts 24:00 and rolls over; a form or a feed giving 2026-02-30 or 25:00 has a mistake.
  const [date, time = '00:00:00'] = text.split('T');
  const [y, m, d] = date!.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const value = DateTime.fromObject({ year: y, month: m, day: d, hour: hh, minute: mm, second: ss }, { zone });
  if (!value.isValid || value.year !== y || value.month !== m || value.day !== d) return null;
  return allDay ? value : placeInZone(value);
}

/** rrule computes on "floating" times: local wall-clock fields stored as if they were UTC. */
function toFloating(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

/** The wall-clock fields of a local text as a floating date (null when it has none). */
function floatingOf(text: string): Date | null {
  const value = DateTime.fromISO(text, { zone: 'utc' });
  return value.isValid ? toFloating(value) : null;
}

function fromFloating(floating: Date, zone: string): DateTime {
  return placeInZone(
    DateTime.fromObject(
      { year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(), hour: floating.getUTCHours(), minute: floating.getUTCMinutes(), second: floating.getUTCSeconds() },
      { zone },
    ),
  );
}

/**
 * Every occurrence of a schedule as real instants, correct across the March and October
 * clock changes because each one is placed in the time zone from its own wall-clock time.
 * Returns field errors instead of throwing, so a dry run can report them all at once.
 */
export function expandSchedule(schedule: EventSchedule, zone: string = AGENDA_TIME_ZONE): { occurrences: Occurrence[]; errors: FieldError[] } {
  return expand(schedule, zone);
}

/** Wall-clock fields, as a rule or an extra date gives them. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The wall-clock time each recurring occurrence has in its rule (RRULE or an extra date), by its
 * real start (epoch ms). They differ in the spring-forward gap: 02:30 on the last Sunday of March is
 * stored as 03:30 CEST (RFC 5545 §3.3.5), and a calendar feed must say so for that occurrence.
 */
export function nominalStarts(schedule: EventSchedule, zone: string = AGENDA_TIME_ZONE): Map<number, WallClock> {
  const nominals = new Map<number, WallClock>();
  expand(schedule, zone, nominals);
  return nominals;
}

function expand(schedule: EventSchedule, zone: string, nominals?: Map<number, WallClock>): { occurrences: Occurrence[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const occurrences: Occurrence[] = [];
  const hasDates = Boolean(schedule.dates?.length);
  if (hasDates === Boolean(schedule.recurrence)) {
    return { occurrences, errors: [{ field: 'schedule', message: 'Give either dates or a recurrence, not both and not neither.' }] };
  }
  const expected = schedule.allDay ? 'a date like 2026-07-14' : 'a local time like 2026-07-14T21:00';

  if (schedule.dates) {
    if (schedule.dates.length > AGENDA_LIMITS.maxOccurrences) errors.push({ field: 'schedule.dates', message: `At most ${AGENDA_LIMITS.maxOccurrences} dates.` });
    schedule.dates.slice(0, AGENDA_LIMITS.maxOccurrences).forEach((date, index) => {
      const start = parseLocal(date.start, schedule.allDay, zone);
      const end = date.end ? parseLocal(date.end, schedule.allDay, zone) : null;
      if (!start) return errors.push({ field: `schedule.dates.${index}.start`, message: `Expected ${expected}.` });
      if (date.end && !end) return errors.push({ field: `schedule.dates.${index}.end`, message: `Expected ${expected}.` });
      if (schedule.allDay) {
        const last = end ?? start;
        if (last < start) return errors.push({ field: `schedule.dates.${index}.end`, message: 'The event ends before it starts.' });
        occurrences.push({ startsAt: start.startOf('day').toJSDate(), endsAt: last.plus({ days: 1 }).startOf('day').toJSDate() });
      } else {
        const finish = end ?? start;
        if (finish < start) return errors.push({ field: `schedule.dates.${index}.end`, message: 'The event ends before it starts.' });
        occurrences.push({ startsAt: start.toJSDate(), endsAt: finish.toJSDate() });
      }
    });
  }

  if (schedule.recurrence) {
    const recurrence = schedule.recurrence;
    const start = parseLocal(recurrence.start, schedule.allDay, zone);
    if (!start) errors.push({ field: 'schedule.recurrence.start', message: `Expected ${expected}.` });
    const maxMinutes = 60 * 24 * 31;
    if (!Number.isInteger(recurrence.durationMinutes) || recurrence.durationMinutes < 0 || recurrence.durationMinutes > maxMinutes) {
      errors.push({ field: 'schedule.recurrence.durationMinutes', message: 'A whole number of minutes, up to 31 days.' });
    }
    // A duration of 0, like a date without an end, means the end is not known: feeds then give none.
    const ruleText = String(recurrence.rule ?? '').trim().replace(/^RRULE:/i, '');
    const ruleProblem = recurrenceRuleProblem(ruleText);
    if (ruleProblem) errors.push({ field: 'schedule.recurrence.rule', message: ruleProblem });
    const fields = start ? { year: start.year, month: start.month, day: start.day } : null;
    const meets = fields && !ruleProblem ? ruleMeetsWithin(ruleText, fields, RECURRENCE_HORIZON_YEARS) : true;
    if (!meets) errors.push({ field: 'schedule.recurrence.rule', message: `The rule gives no date within ${RECURRENCE_HORIZON_YEARS} years: its parts never meet (e.g. BYMONTH=2;BYMONTHDAY=31).` });
    if (start && !ruleProblem && meets) {
      // The rule runs on the wall-clock time as written (02:30 each Sunday), each date then placed in the zone.
      const options = RRule.parseString(ruleText.toUpperCase());
      const dtstart = floatingOf(recurrence.start)!;
      const horizon = new Date(Date.UTC(dtstart.getUTCFullYear() + RECURRENCE_HORIZON_YEARS, dtstart.getUTCMonth(), dtstart.getUTCDate(), 23, 59, 59));
      const untilText = /UNTIL=(\d{8}(?:T\d{6}Z?)?)/i.exec(ruleText)?.[1];
      if (options.until && untilText) {
        const until = options.until;
        // RFC 5545: a date-only UNTIL includes that whole day; a "Z" UNTIL is an instant;
        // a floating UNTIL is already in local wall-clock fields.
        if (!untilText.includes('T')) options.until = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate(), 23, 59, 59));
        else if (untilText.toUpperCase().endsWith('Z')) options.until = toFloating(DateTime.fromJSDate(until).setZone(zone));
      }
      if (options.until && options.until > horizon) {
        errors.push({ field: 'schedule.recurrence.rule', message: `UNTIL is more than ${RECURRENCE_HORIZON_YEARS} years after the start.` });
      } else {
        const rule = new RRule({ ...options, dtstart, until: options.until ?? horizon });
        // One more than the cap tells a rule that goes over it, without computing thousands.
        const floating = rule.all((_date, index) => index <= AGENDA_LIMITS.maxOccurrences);
        if (options.count && floating.length < options.count && floating.length <= AGENDA_LIMITS.maxOccurrences) {
          errors.push({
            field: 'schedule.recurrence.rule',
            message: floating.length ? `Only ${floating.length} of the ${options.count} dates fall within ${RECURRENCE_HORIZON_YEARS} years.` : 'The rule gives no date: its parts never meet (e.g. BYMONTH=2;BYMONTHDAY=31).',
          });
        }
        const key = (date: Date) => date.toISOString();
        const all = new Map<string, Date>(floating.map((date) => [key(date), date]));
        (recurrence.additions ?? []).forEach((text, index) => {
          const value = parseLocal(text, schedule.allDay, zone) && floatingOf(text);
          if (!value) errors.push({ field: `schedule.recurrence.additions.${index}`, message: `Expected ${expected}.` });
          else all.set(key(value), value);
        });
        const excluded = new Set<string>();
        (recurrence.exceptions ?? []).forEach((text, index) => {
          const value = parseLocal(text, schedule.allDay, zone) && floatingOf(text);
          if (!value) errors.push({ field: `schedule.recurrence.exceptions.${index}`, message: `Expected ${expected}.` });
          // An exception that removes nothing is a mistake (a wrong time, a date the rule skips): said, not ignored.
          else if (!all.has(key(value))) errors.push({ field: `schedule.recurrence.exceptions.${index}`, message: `No date of the rule is at ${text}.` });
          else excluded.add(key(value));
        });
        for (const [id, date] of all) {
          if (excluded.has(id)) continue;
          let startsAt: Date;
          let endsAt: Date;
          if (schedule.allDay) {
            const day = fromFloating(date, zone).startOf('day');
            startsAt = day.toJSDate();
            endsAt = day.plus({ minutes: Math.max(recurrence.durationMinutes, 1) }).endOf('day').plus({ milliseconds: 1 }).toJSDate();
          } else {
            // Placed by offsets kept per quarter hour (wall-clock.ts): luxon asked Intl twice per date,
            // most of a feed's time for a rule of hundreds of dates.
            startsAt = new Date(instantOfWallClock(date.getTime(), zone));
            endsAt = new Date(startsAt.getTime() + recurrence.durationMinutes * 60_000);
          }
          occurrences.push({ startsAt, endsAt });
          nominals?.set(startsAt.getTime(), { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() });
        }
        if (!occurrences.length && !errors.length) errors.push({ field: 'schedule.recurrence.exceptions', message: 'The exceptions remove every date.' });
      }
    }
  }

  occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (occurrences.length > AGENDA_LIMITS.maxOccurrences) {
    errors.push({ field: schedule.recurrence ? 'schedule.recurrence.rule' : 'schedule.dates', message: `More than ${AGENDA_LIMITS.maxOccurrences} occurrences.` });
  }
  return { occurrences: errors.length ? [] : occurrences, errors };
}
