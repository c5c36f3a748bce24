import { AGENDA_TIME_ZONE, pickLanguage, type Language } from '@nfc/shared';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { escape as escapeIcs, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { oneLine, outputText } from '../common/text-normalisation';
import type { Commune } from '../territory/commune.entity';
import type { AgendaEvent, EventOccurrence } from './event.entities';

export interface CalendarOptions {
  name: string;
  events: AgendaEvent[];
  occurrencesByEvent: Map<string, EventOccurrence[]>;
  communes: Map<string, Commune>;
  siteUrl: string;
  language?: Language;
}

const UID_DOMAIN = 'agenda.nord-franche-comte.fr';

function localCompact(value: DateTime): string {
  return value.toFormat("yyyyLLdd'T'HHmmss");
}

/** RFC 5545 wants UNTIL in UTC when DTSTART has a TZID; offices write it as a date or local time. */
function utcUntil(rule: string): string {
  return rule.replace(/UNTIL=(\d{8})(T\d{6})?(Z?)/i, (match, date: string, time: string | undefined, z: string) => {
    if (z) return match;
    const local = DateTime.fromFormat(`${date}${time ?? 'T235959'}`, "yyyyLLdd'T'HHmmss", { zone: AGENDA_TIME_ZONE });
    return `UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
  });
}

const STATUS: Record<string, ICalEventStatus> = { CANCELLED: ICalEventStatus.CANCELLED, POSTPONED: ICalEventStatus.TENTATIVE };

/**
 * An iCalendar feed (RFC 5545): VTIMEZONE for Europe/Paris, stable UIDs, SEQUENCE from
 * the event's revision, STATUS:CANCELLED kept in the feed, and recurring events as one
 * VEVENT with their RRULE, EXDATE and RDATE rather than a copy per date.
 */
export function buildCalendar({ name, events, occurrencesByEvent, communes, siteUrl, language = 'fr' }: CalendarOptions): string {
  const calendar = ical({
    // ical-generator escapes SUMMARY, DESCRIPTION and LOCATION, but writes NAME and
    // X-WR-CALNAME as given: the calendar name is escaped here (an event's title can be it).
    name: escapeIcs(oneLine(name), false),
    prodId: { company: 'Pôle métropolitain Nord Franche-Comté', product: 'Agenda', language: language.toUpperCase() },
    timezone: { name: AGENDA_TIME_ZONE, generator: getVtimezoneComponent },
  });
  for (const event of events) {
    const commune = communes.get(event.communeInsee);
    const common = {
      // Text properties: no character RFC 5545 forbids (controls but tab and newline); the
      // generator then escapes backslash, semicolon, comma and newlines.
      summary: outputText(pickLanguage(event.title, language)),
      description: event.shortDescription ? outputText(pickLanguage(event.shortDescription, language)) : undefined,
      location: {
        title: outputText([event.placeName, event.streetAddress, [event.postalCode, commune?.name].filter(Boolean).join(' ')].filter(Boolean).join(', ') || (commune?.name ?? '')),
        geo: { lat: event.lat, lon: event.lon },
      },
      url: `${siteUrl}/agenda/${event.slug}`,
      sequence: event.sequence,
      status: STATUS[event.status] ?? ICalEventStatus.CONFIRMED,
      timezone: AGENDA_TIME_ZONE,
      allDay: event.allDay,
      lastModified: event.updatedAt,
      categories: event.categories.map((category) => ({ name: category })),
    };
    const recurrence = event.schedule.recurrence;
    if (recurrence) {
      const start = DateTime.fromISO(recurrence.start, { zone: AGENDA_TIME_ZONE });
      const lines = [`RRULE:${utcUntil(recurrence.rule.replace(/^RRULE:/i, ''))}`];
      const tz = event.allDay ? ';VALUE=DATE' : `;TZID=${AGENDA_TIME_ZONE}`;
      const format = (text: string) => {
        const value = DateTime.fromISO(text, { zone: AGENDA_TIME_ZONE });
        return event.allDay ? value.toFormat('yyyyLLdd') : localCompact(value);
      };
      if (recurrence.exceptions?.length) lines.push(`EXDATE${tz}:${recurrence.exceptions.map(format).join(',')}`);
      if (recurrence.additions?.length) lines.push(`RDATE${tz}:${recurrence.additions.map(format).join(',')}`);
      calendar.createEvent({ ...common, id: `${event.id}@${UID_DOMAIN}`, start, end: start.plus({ minutes: recurrence.durationMinutes }), repeating: lines.join('\n') });
    } else {
      for (const occurrence of occurrencesByEvent.get(event.id) ?? []) {
        const start = DateTime.fromJSDate(occurrence.startsAt, { zone: AGENDA_TIME_ZONE });
        // One VEVENT per explicit date, each with its own stable UID.
        calendar.createEvent({ ...common, id: `${event.id}-${localCompact(start)}@${UID_DOMAIN}`, start, end: DateTime.fromJSDate(occurrence.endsAt, { zone: AGENDA_TIME_ZONE }) });
      }
    }
  }
  return calendar.toString();
}
