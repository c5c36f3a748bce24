import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import { localCompact, localDateCompact, nearClockChange, utcCompact } from './wall-clock';
import { oneLine, outputText } from '../common/text-normalisation';
import type { Commune } from '../territory/commune.entity';
import type { AgendaEvent, EventOccurrence } from './event.entities';
import { nominalStarts } from './schedule';

export interface CalendarOptions {
  name: string;
  events: AgendaEvent[];
  /** Every stored date of each event (not only the window's): a VEVENT always carries its whole event. */
  occurrencesByEvent: Map<string, EventOccurrence[]>;
  communes: Map<string, Commune>;
  siteUrl: string;
  language?: Language;
  /** RFC 7986 DESCRIPTION of the calendar: what it covers (its window, its paging). */
  description?: string;
  /** RFC 7986 SOURCE: where the calendar can be read again. */
  source?: string;
}

const UID_DOMAIN = 'agenda.nord-franche-comte.fr';
const ZONE = AGENDA_TIME_ZONE;

/** RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: content lines of at most 75 octets, folded with CRLF and a space, never inside a UTF-8 character. */
function fold(line: string): string {
  // Most lines are short: measured once, and kept whole.
  if (line.length <= 75 && Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    // The first line holds 75 octets; the next ones 74 after their leading space.
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A wall-clock time held as a UTC DateTime (a rule's nominal time), as iCalendar writes a local time. */
const fieldsCompact = (value: DateTime) => value.toFormat("yyyyLLdd'T'HHmmss");

/**
 * A wall-clock time that names one instant only: not in the October hour that happens twice.
 * ical.js (and other readers) may take the other offset there, so such instants are written in UTC.
 */
function unambiguous(date: Date): boolean {
  if (!nearClockChange(date.getTime())) return true;
  const local = localCompact(date);
  return [-3_600_000, 3_600_000].every((shift) => localCompact(new Date(date.getTime() + shift)) !== local);
}

/** A DATE-TIME property value: local with TZID when it names one instant, UTC otherwise. */
function dateTime(name: string, date: Date): string {
  return unambiguous(date) ? `${name};TZID=${ZONE}:${localCompact(date)}` : `${name}:${utcCompact(date)}`;
}

/** RFC 5545 §3.3.5 reads UNTIL in UTC when DTSTART has a TZID; offices write it as a date or local time. */
function utcUntil(rule: string): string {
  return rule.replace(/UNTIL=(\d{8})(T\d{6})?(Z?)/i, (match, date: string, time: string | undefined, z: string) => {
    if (z) return match;
    const local = DateTime.fromFormat(`${date}${time ?? 'T235959'}`, "yyyyLLdd'T'HHmmss", { zone: ZONE });
    return `UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
  });
}

const STATUS: Record<string, string> = { CANCELLED: 'CANCELLED', POSTPONED: 'TENTATIVE' };

/** The VTIMEZONE of Europe/Paris, without the vendor property (X-LIC-LOCATION) the generator adds. */
function vtimezone(): string[] {
  return getVtimezoneComponent(ZONE)!
    .split(/\r?\n/)
    .filter((line) => line && !/^X-/i.test(line));
}

/**
 * An iCalendar feed (RFC 5545, RFC 7986). Identities survive rescheduling: one VEVENT per event,
 * UID `<event id>@agenda…` whatever its dates, and SEQUENCE from the event's revision.
 *
 * Why one VEVENT with RDATE rather than one VEVENT per date: a per-date UID (id + date) changes when
 * the date moves, so a subscriber's calendar kept the old date beside the new one; UIDs by position
 * change meaning when a date is added before the others. A recurrence set (DTSTART + RDATE, or the
 * office's RRULE, EXDATE and RDATE) is the standard's own way to say "these dates, one event", and a
 * date whose length differs from the first, or that the rule names at a wall-clock time the clock
 * skips (02:30 on the last Sunday of March, stored as 03:30 CEST), is an override of that instance
 * (same UID, RECURRENCE-ID) with its own DTSTART and DTEND. RDATE;VALUE=PERIOD would say the lengths
 * too, but ical.js and most calendars ignore a period's end; overrides are read by all of them.
 * Timestamps (DTSTAMP, CREATED, LAST-MODIFIED) are UTC; CATEGORIES are labels in the feed's language.
 */
export function buildCalendar({ name, events, occurrencesByEvent, communes, siteUrl, language = 'fr', description, source }: CalendarOptions): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Pôle métropolitain Nord Franche-Comté//Agenda//${language.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    // RFC 7986: the calendar's name (an event's own file takes its title), what it covers, where it lives.
    `NAME:${escapeText(outputText(oneLine(name)))}`,
    ...(description ? [`DESCRIPTION:${escapeText(outputText(description))}`] : []),
    ...(source ? [`SOURCE;VALUE=URI:${source}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H'] : []),
    ...vtimezone(),
  ];
  for (const event of events) {
    const occurrences = [...(occurrencesByEvent.get(event.id) ?? [])].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    if (!occurrences.length) continue;
    lines.push(...eventComponents(event, occurrences, { commune: communes.get(event.communeInsee), siteUrl, language }));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

interface EventContext {
  commune: Commune | undefined;
  siteUrl: string;
  language: Language;
}

function eventComponents(event: AgendaEvent, occurrences: EventOccurrence[], { commune, siteUrl, language }: EventContext): string[] {
  const uid = `UID:${event.id}@${UID_DOMAIN}`;
  const location = outputText([event.placeName, event.streetAddress, [event.postalCode, commune?.name].filter(Boolean).join(' ')].filter(Boolean).join(', ') || (commune?.name ?? ''));
  const labels = event.categories.map((id) => EVENT_CATEGORIES.find((c) => c.id === id)?.label[language] ?? id);
  // What every component of the event says the same (the master and its overrides).
  const common = [
    uid,
    `DTSTAMP:${utcCompact(event.updatedAt)}`,
    `CREATED:${utcCompact(event.createdAt)}`,
    `LAST-MODIFIED:${utcCompact(event.updatedAt)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${STATUS[event.status] ?? 'CONFIRMED'}`,
    // Text properties: no character RFC 5545 forbids (controls but tab and newline), then escaped.
    `SUMMARY:${escapeText(outputText(pickLanguage(event.title, language)))}`,
    ...(event.shortDescription ? [`DESCRIPTION:${escapeText(outputText(pickLanguage(event.shortDescription, language)))}`] : []),
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `GEO:${event.lat};${event.lon}`,
    `URL;VALUE=URI:${siteUrl}${language === 'fr' ? '' : `/${language}`}/agenda/${event.slug}`,
    ...(labels.length ? [`CATEGORIES:${labels.map((label) => escapeText(outputText(label))).join(',')}`] : []),
  ];
  // All-day lengths in days: a day across a clock change lasts 23 or 25 hours.
  const span = (o: { startsAt: Date; endsAt: Date }) => (event.allDay ? Math.round((o.endsAt.getTime() - o.startsAt.getTime()) / 86_400_000) : o.endsAt.getTime() - o.startsAt.getTime());
  const when = (o: { startsAt: Date; endsAt: Date }) =>
    event.allDay ? [`DTSTART;VALUE=DATE:${localDateCompact(o.startsAt)}`, `DTEND;VALUE=DATE:${localDateCompact(o.endsAt)}`] : [dateTime('DTSTART', o.startsAt), dateTime('DTEND', o.endsAt)];
  const override = (recurrenceId: string, o: EventOccurrence) => ['BEGIN:VEVENT', ...common, recurrenceId, ...when(o), 'END:VEVENT'];
  const components: string[] = [];
  const recurrence = event.schedule.recurrence;
  if (recurrence) {
    const tz = event.allDay ? ';VALUE=DATE' : `;TZID=${ZONE}`;
    const nominal = (text: string) => {
      // The wall-clock time as written, which the schedule runs the rule on (even one the clock
      // skips): readers match it to the RECURRENCE-ID of the override that gives the real time.
      const value = DateTime.fromISO(text, { zone: 'utc' });
      return event.allDay ? value.toFormat('yyyyLLdd') : fieldsCompact(value);
    };
    const start = nominal(recurrence.start);
    const first = occurrences[0]!;
    const master = [
      'BEGIN:VEVENT',
      ...common,
      event.allDay ? `DTSTART;VALUE=DATE:${start}` : `DTSTART;TZID=${ZONE}:${start}`,
      event.allDay
        ? `DTEND;VALUE=DATE:${DateTime.fromFormat(start, 'yyyyLLdd', { zone: ZONE }).plus({ days: span(first) }).toFormat('yyyyLLdd')}`
        : `DURATION:PT${recurrence.durationMinutes}M`,
      `RRULE:${utcUntil(recurrence.rule.replace(/^RRULE:/i, ''))}`,
    ];
    if (recurrence.exceptions?.length) master.push(`EXDATE${tz}:${recurrence.exceptions.map(nominal).join(',')}`);
    if (recurrence.additions?.length) master.push(`RDATE${tz}:${recurrence.additions.map(nominal).join(',')}`);
    master.push('END:VEVENT');
    components.push(...master);
    // An instance the rule puts where the clock skips or repeats an hour: said with its real instant.
    // Only dates next to a clock change can be one (expanding the rule again for every event of a
    // feed was a fifth of its time, profiled).
    if (!event.allDay && occurrences.some((occurrence) => nearClockChange(occurrence.startsAt.getTime()))) {
      const nominals = nominalStarts(event.schedule);
      for (const occurrence of occurrences) {
        const fields = nominals.get(occurrence.startsAt.getTime());
        if (!fields) continue;
        const written = DateTime.fromObject(fields, { zone: 'utc' });
        if (fieldsCompact(written) === localCompact(occurrence.startsAt) && unambiguous(occurrence.startsAt)) continue;
        components.push(...override(`RECURRENCE-ID;TZID=${ZONE}:${fieldsCompact(written)}`, occurrence));
      }
    }
    return components;
  }
  // Explicit dates: the first is DTSTART, and every date (the first too) an RDATE, local when
  // unambiguous, else UTC. RFC 5545 §3.8.5.2 counts a date given twice once; ical.js leaves DTSTART
  // out of a set made of RDATEs alone, so the first is repeated for it to be read.
  const [first, ...others] = occurrences as [EventOccurrence, ...EventOccurrence[]];
  const master = ['BEGIN:VEVENT', ...common, ...when(first)];
  const dates = others.length ? occurrences : [];
  const value = (o: EventOccurrence) => (event.allDay ? localDateCompact(o.startsAt) : unambiguous(o.startsAt) ? localCompact(o.startsAt) : utcCompact(o.startsAt));
  if (event.allDay) {
    if (dates.length) master.push(`RDATE;VALUE=DATE:${dates.map(value).join(',')}`);
  } else {
    const local = dates.filter((o) => unambiguous(o.startsAt));
    const inUtc = dates.filter((o) => !unambiguous(o.startsAt));
    if (local.length) master.push(`RDATE;TZID=${ZONE}:${local.map(value).join(',')}`);
    if (inUtc.length) master.push(`RDATE:${inUtc.map(value).join(',')}`);
  }
  master.push('END:VEVENT');
  components.push(...master);
  for (const occurrence of others) {
    if (span(occurrence) === span(first)) continue;
    const id = event.allDay ? `RECURRENCE-ID;VALUE=DATE:${value(occurrence)}` : unambiguous(occurrence.startsAt) ? `RECURRENCE-ID;TZID=${ZONE}:${value(occurrence)}` : `RECURRENCE-ID:${value(occurrence)}`;
    components.push(...override(id, occurrence));
  }
  return components;
}
