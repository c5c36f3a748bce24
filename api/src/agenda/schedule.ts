import { AGENDA_LIMITS, AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import type { FieldError } from '../common/errors';

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

function parseLocal(text: string, allDay: boolean, zone: string): DateTime | null {
  if (allDay ? !DATE_ONLY.test(text) : !LOCAL_DATE_TIME.test(text)) return null;
  const value = DateTime.fromISO(text, { zone });
  return value.isValid ? value : null;
}

/** rrule computes on "floating" times: local wall-clock fields stored as if they were UTC. */
function toFloating(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

function fromFloating(floating: Date, zone: string): DateTime {
  return DateTime.fromObject(
    { year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(), hour: floating.getUTCHours(), minute: floating.getUTCMinutes(), second: floating.getUTCSeconds() },
    { zone },
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

/**
 * The wall-clock time each recurring occurrence has in its rule (RRULE or an extra date), by its
 * real start (epoch ms). They differ in the spring-forward gap: 02:30 on the last Sunday of March is
 * stored as 03:30 CEST (RFC 5545 §3.3.5), and a calendar feed must say so for that occurrence.
 */
export function nominalStarts(schedule: EventSchedule, zone: string = AGENDA_TIME_ZONE): Map<number, { year: number; month: number; day: number; hour: number; minute: number; second: number }> {
  const nominals = new Map<number, { year: number; month: number; day: number; hour: number; minute: number; second: number }>();
  expand(schedule, zone, nominals);
  return nominals;
}

function expand(
  schedule: EventSchedule,
  zone: string,
  nominals?: Map<number, { year: number; month: number; day: number; hour: number; minute: number; second: number }>,
): { occurrences: Occurrence[]; errors: FieldError[] } {
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
    if (!Number.isInteger(recurrence.durationMinutes) || recurrence.durationMinutes < 0 || recurrence.durationMinutes > 60 * 24 * 31) {
      errors.push({ field: 'schedule.recurrence.durationMinutes', message: 'A whole number of minutes, up to 31 days.' });
    }
    let options: ReturnType<typeof RRule.parseString> | undefined;
    try {
      options = RRule.parseString(recurrence.rule.replace(/^RRULE:/i, ''));
    } catch {
      errors.push({ field: 'schedule.recurrence.rule', message: 'Not a valid RRULE (RFC 5545).' });
    }
    if (options && !options.count && !options.until) errors.push({ field: 'schedule.recurrence.rule', message: 'The rule needs an end: COUNT or UNTIL.' });
    if (options?.dtstart) errors.push({ field: 'schedule.recurrence.rule', message: 'Give the start in recurrence.start, not as DTSTART.' });
    if (start && options && (options.count || options.until) && !options.dtstart) {
      const untilText = /UNTIL=(\d{8}(?:T\d{6}Z?)?)/i.exec(recurrence.rule)?.[1];
      if (options.until && untilText) {
        const until = options.until;
        // RFC 5545: a date-only UNTIL includes that whole day; a "Z" UNTIL is an instant;
        // a floating UNTIL is already in local wall-clock fields.
        if (!untilText.includes('T')) options.until = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate(), 23, 59, 59));
        else if (untilText.toUpperCase().endsWith('Z')) options.until = toFloating(DateTime.fromJSDate(until).setZone(zone));
      }
      const rule = new RRule({ ...options, dtstart: toFloating(start) });
      // One more than the cap tells a rule that goes over it, without computing thousands.
      const floating = rule.all((_date, index) => index <= AGENDA_LIMITS.maxOccurrences);
      const key = (date: Date) => date.toISOString();
      const excluded = new Set<string>();
      (recurrence.exceptions ?? []).forEach((text, index) => {
        const value = parseLocal(text, schedule.allDay, zone);
        if (!value) errors.push({ field: `schedule.recurrence.exceptions.${index}`, message: `Expected ${expected}.` });
        else excluded.add(key(toFloating(value)));
      });
      const all = new Map<string, Date>(floating.map((date) => [key(date), date]));
      (recurrence.additions ?? []).forEach((text, index) => {
        const value = parseLocal(text, schedule.allDay, zone);
        if (!value) errors.push({ field: `schedule.recurrence.additions.${index}`, message: `Expected ${expected}.` });
        else all.set(key(toFloating(value)), toFloating(value));
      });
      for (const [id, date] of all) {
        if (excluded.has(id)) continue;
        const local = fromFloating(date, zone);
        const startsAt = schedule.allDay ? local.startOf('day') : local;
        const endsAt = schedule.allDay ? startsAt.plus({ minutes: Math.max(recurrence.durationMinutes, 1) }).endOf('day').plus({ milliseconds: 1 }) : startsAt.plus({ minutes: recurrence.durationMinutes });
        occurrences.push({ startsAt: startsAt.toJSDate(), endsAt: endsAt.toJSDate() });
        nominals?.set(startsAt.toMillis(), { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() });
      }
    }
  }

  occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (occurrences.length > AGENDA_LIMITS.maxOccurrences) {
    errors.push({ field: schedule.recurrence ? 'schedule.recurrence.rule' : 'schedule.dates', message: `More than ${AGENDA_LIMITS.maxOccurrences} occurrences.` });
  }
  return { occurrences: errors.length ? [] : occurrences, errors };
}
