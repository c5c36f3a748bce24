import { AGENDA_TIME_ZONE, EVENT_STATUSES, type EventStatus } from '@nfc/shared';
import { DateTime } from 'luxon';
import { SourceFormatError, type SourceItem } from '../import.model';
import { finiteNumber, shortened, textOf } from './text';


type IcalModule = (typeof import('ical.js', { with: { 'resolution-mode': 'import' } }))['default'];
let ical: Promise<IcalModule> | undefined;
/** ical.js is ESM-only: loaded once with the native import(). */
function loadIcal(): Promise<IcalModule> {
  return (ical ??= import('ical.js').then((module) => module.default));
}

const STATUS: Record<string, EventStatus> = { CANCELLED: 'CANCELLED', CONFIRMED: 'SCHEDULED', TENTATIVE: 'SCHEDULED' };

interface IcalTimeLike {
  isDate: boolean;
  zone?: { tzid?: string } | null;
  timezone?: string | null;
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  toJSDate(): Date;
}

/**
 * Our wall-clock time (Europe/Paris) for an ICS time: a date stays a date; a UTC or zoned time is
 * converted (by the calendar's own VTIMEZONE, or the IANA zone its TZID names); a floating time is
 * taken as Paris time, which is what a calendar without zones means here.
 */
function local(time: IcalTimeLike, allDay: boolean): string {
  const fields = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  if (allDay || time.isDate) return DateTime.fromObject(fields, { zone: 'UTC' }).toFormat('yyyy-MM-dd');
  const tzid = time.zone?.tzid;
  if (tzid && tzid !== 'floating') return DateTime.fromJSDate(time.toJSDate()).setZone(AGENDA_TIME_ZONE).toFormat("yyyy-MM-dd'T'HH:mm");
  // A TZID the calendar did not declare with a VTIMEZONE: read as the IANA zone it names.
  const named = time.timezone && time.timezone !== 'floating' ? DateTime.fromObject(fields, { zone: time.timezone }) : null;
  if (named?.isValid) return named.setZone(AGENDA_TIME_ZONE).toFormat("yyyy-MM-dd'T'HH:mm");
  return DateTime.fromObject(fields, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Minutes from one time to another, each read as our wall-clock time. */
function minutesBetween(start: string, end: string): number {
  return Math.round(DateTime.fromISO(end, { zone: 'UTC' }).diff(DateTime.fromISO(start, { zone: 'UTC' }), 'minutes').minutes);
}

/**
 * An ICS calendar (RFC 5545), read with ical.js: one item per UID (a RECURRENCE-ID override is
 * not a separate event: the master's rule stands). RRULE and EXDATE are kept as our recurrence; an
 * open-ended rule is kept for a year (RECURRENCE_CAPPED). CATEGORIES are the source's categories;
 * GEO gives the point (the commune comes from it).
 */
export async function readIcs(content: string): Promise<SourceItem[]> {
  const ICAL = await loadIcal();
  let root: InstanceType<IcalModule['Component']>;
  try {
    root = new ICAL.Component(ICAL.parse(content));
  } catch (error) {
    throw new SourceFormatError(`This is not an ICS calendar: ${(error as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new SourceFormatError('This is not an ICS calendar (no VCALENDAR).');
  // The calendar's own VTIMEZONEs resolve its TZIDs (ical.js looks them up in the component); nothing is
  // registered in ical.js's process-wide TimezoneService, so one office's calendar never changes how
  // another's is read. A TZID it does not declare is read as the IANA zone it names.
  const items: SourceItem[] = [];
  // A VEVENT with a RECURRENCE-ID overrides one occurrence of its series (RFC 5545 §3.8.4.4): that
  // date leaves the rule (an exception) and, unless the override is cancelled, comes back at its
  // new start (an addition; it keeps the series' duration, which is what our recurrence holds).
  const overrides = new Map<string, Array<{ original: IcalTimeLike; start: IcalTimeLike | null; cancelled: boolean }>>();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    if (!vevent.hasProperty('recurrence-id')) continue;
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
    const original = vevent.getFirstPropertyValue('recurrence-id') as unknown as IcalTimeLike | null;
    if (!uid || !original) continue;
    const cancelled = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
    overrides.set(uid, [...(overrides.get(uid) ?? []), { original, start: vevent.getFirstPropertyValue('dtstart') as unknown as IcalTimeLike | null, cancelled }]);
  }
  for (const vevent of root.getAllSubcomponents('vevent')) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(vevent);
    const externalId = String(event.uid ?? '').trim();
    const item: SourceItem = {
      externalId,
      title: { fr: event.summary ?? undefined },
      categories: vevent.getAllProperties('categories').flatMap((property) => property.getValues().map(String)),
      place: {},
      schedule: null,
      notes: [],
    };
    if (!externalId) {
      items.push({ ...item, refusal: { code: 'MISSING_ID', message: 'A VEVENT without a UID cannot be followed from one import to the next.' } });
      continue;
    }
    const description = textOf({ fr: event.description ?? undefined });
    if (description?.fr) {
      item.longDescription = description;
      item.shortDescription = textOf(description, shortened);
    }
    const location = event.location ? String(event.location) : undefined;
    if (location) {
      item.place.name = location.split(',')[0]!.trim().slice(0, 200);
      item.place.streetAddress = location.slice(0, 300);
      const postal = /\b(\d{5})\b/.exec(location)?.[1];
      if (postal) item.place.postalCode = postal;
      item.place.communeName = location;
    }
    const geo = vevent.getFirstPropertyValue('geo') as unknown;
    if (Array.isArray(geo)) {
      item.place.lat = finiteNumber(geo[0]);
      item.place.lon = finiteNumber(geo[1]);
    }
    const status = STATUS[String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase()];
    if (status && EVENT_STATUSES.includes(status)) item.status = status;
    const url = vevent.getFirstPropertyValue('url');
    if (typeof url === 'string' && url.startsWith('https://')) item.bookingUrl = url;
    const image = vevent.getFirstPropertyValue('image') ?? vevent.getAllProperties('attach').map((p) => p.getFirstValue()).find((v) => typeof v === 'string' && /\.(jpe?g|png|webp|avif)(\?|$)/i.test(v));
    if (typeof image === 'string' && /^https?:\/\//.test(image)) item.imageUrl = image;

    const start = event.startDate as unknown as IcalTimeLike | null;
    if (!start) {
      items.push({ ...item, refusal: { code: 'NO_DATES', message: 'No DTSTART.', field: 'schedule' } });
      continue;
    }
    const allDay = start.isDate;
    const end = (event.endDate as unknown as IcalTimeLike | null) ?? start;
    const first = local(start, allDay);
    // An all-day DTEND is exclusive: a one-day event ends the day it starts.
    const last = allDay ? DateTime.fromISO(local(end, true), { zone: 'UTC' }).minus({ days: 1 }).toFormat('yyyy-MM-dd') : local(end, false);
    const lastDay = last < first ? first : last;
    const rrule = vevent.getFirstPropertyValue('rrule') as { toString(): string; until?: unknown; count?: number | null } | null;
    if (rrule) {
      let rule = rrule.toString();
      if (!rrule.until && !rrule.count) {
        rule = `${rule};UNTIL=${DateTime.now().setZone(AGENDA_TIME_ZONE).plus({ years: 1 }).toFormat('yyyyMMdd')}`;
        item.notes.push('RECURRENCE_CAPPED');
      }
      const moved = overrides.get(externalId) ?? [];
      const exceptions = [
        ...vevent.getAllProperties('exdate').flatMap((property) => property.getValues().map((value) => local(value as IcalTimeLike, allDay))),
        ...moved.map((override) => local(override.original, allDay)),
      ];
      const additions = [
        ...vevent
          .getAllProperties('rdate')
          .flatMap((property) => property.getValues().filter((value) => typeof value === 'object' && value !== null && 'isDate' in value).map((value) => local(value as IcalTimeLike, allDay))),
        ...moved.filter((override) => !override.cancelled && override.start).map((override) => local(override.start!, allDay)),
      ];
      item.schedule = {
        allDay,
        recurrence: {
          start: first,
          durationMinutes: Math.max(0, minutesBetween(first, lastDay)),
          rule,
          exceptions: exceptions.length ? exceptions : null,
          additions: additions.length ? additions : null,
        },
      };
    } else {
      item.schedule = { allDay, dates: [{ start: first, end: lastDay }] };
    }
    items.push(item);
  }
  return items;
}
