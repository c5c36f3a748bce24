import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, LANGUAGES, type LocalizedText } from '@nfc/shared';
import { DateTime } from 'luxon';
import { outputText } from '../common/text-normalisation';
import { OPEN_LICENCE_NAME, OPEN_LICENCE_URL } from './datatourisme';
import type { ExportItem, ExportSelection } from './export-selection';
import { markdownToText } from './markdown';

/** OpenAgenda's numeric statuses (v2 export): 1 scheduled … 6 cancelled. */
export const OPENAGENDA_STATUS: Record<string, number> = { SCHEDULED: 1, RESCHEDULED: 2, MOVED_ONLINE: 3, POSTPONED: 4, FULL: 5, CANCELLED: 6 };
/** OpenAgenda's attendance modes: 1 offline, 2 online, 3 mixed. */
export const OPENAGENDA_ATTENDANCE: Record<string, number> = { OFFLINE: 1, ONLINE: 2, MIXED: 3 };
/** Our accessibility codes as OpenAgenda's keys (hearing, visual, motor, psychic, intellectual impairment). */
const ACCESSIBILITY: Record<string, string> = { HEARING: 'hi', VISUAL: 'vi', MOTOR: 'mi', PSYCHIC: 'pi', INTELLECTUAL: 'ii' };

/** As OpenAgenda writes them: Paris time with milliseconds and offset, e.g. 2023-05-06T12:00:00.000+02:00. */
const iso = (date: Date) => DateTime.fromJSDate(date, { zone: AGENDA_TIME_ZONE }).toISO()!;

function languageMap(text: LocalizedText | null | undefined, transform: (value: string) => string = (value) => value): Record<string, string> {
  const map: Record<string, string> = {};
  for (const language of LANGUAGES) {
    const value = text?.[language];
    if (value) map[language] = outputText(transform(value));
  }
  return map;
}

type Registration = { type: 'email' | 'link' | 'phone'; value: string };

function registration(lines: Array<string | null>): Registration[] {
  return lines.flatMap((line): Registration[] => {
    const value = line?.trim();
    if (!value) return [];
    if (/^[^\s@]+@[^\s@]+$/.test(value)) return [{ type: 'email', value }];
    if (/^https?:\/\//i.test(value)) return [{ type: 'link', value }];
    return [{ type: 'phone', value: outputText(value) }];
  });
}

/** One event in the shape of an OpenAgenda v2 event, its timings those of the page. */
export function openAgendaEvent(item: ExportItem, siteUrl: string): Record<string, unknown> {
  const { event, commune } = item;
  const timings = item.occurrences.map((o) => ({ begin: iso(o.startsAt), end: iso(o.endsAt) }));
  const keywords: Record<string, string[]> = {};
  for (const language of LANGUAGES) {
    keywords[language] = event.categories.map((id) => EVENT_CATEGORIES.find((c) => c.id === id)?.label[language] ?? id);
  }
  const price = event.isFree ? null : [event.priceMin, event.priceMax].filter((p): p is string => p !== null).map(Number);
  const conditions: Record<string, string> = {};
  if (event.isFree) Object.assign(conditions, { fr: 'Gratuit', en: 'Free', de: 'Kostenlos' });
  else if (price?.length) {
    const amount = (value: number, locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: event.currency ?? 'EUR' }).format(value);
    const range = (locale: string, joiner: string) => [...new Set(price)].map((p) => amount(p, locale)).join(joiner);
    Object.assign(conditions, { fr: range('fr-FR', ' à '), en: range('en-GB', ' to '), de: range('de-DE', ' bis ') });
  }
  const image = item.imageUrl ? { base: item.imageUrl.slice(0, item.imageUrl.lastIndexOf('/') + 1), filename: item.imageUrl.slice(item.imageUrl.lastIndexOf('/') + 1) } : null;
  return {
    uid: event.id,
    slug: event.slug,
    canonicalUrl: `${siteUrl}/agenda/${event.slug}`,
    title: languageMap(event.title),
    description: languageMap(event.shortDescription),
    longDescription: languageMap(event.longDescription, markdownToText),
    keywords,
    conditions,
    image,
    imageCredits: event.imageCredit ? outputText(event.imageCredit) : null,
    timings,
    firstTiming: timings[0] ?? null,
    lastTiming: timings.at(-1) ?? null,
    nextTiming: timings[item.occurrences.findIndex((o) => o.endsAt.getTime() >= Date.now())] ?? null,
    location:
      event.attendanceMode === 'ONLINE'
        ? null
        : {
            name: event.placeName ? outputText(event.placeName) : (commune?.name ?? null),
            address: [event.streetAddress, [event.postalCode ?? commune?.postalCodes[0], commune?.name].filter(Boolean).join(' ')].filter(Boolean).map((v) => outputText(v!)).join(', '),
            city: commune?.name ?? null,
            postalCode: event.postalCode ?? commune?.postalCodes[0] ?? null,
            insee: event.communeInsee,
            department: commune?.departmentCode ?? null,
            countryCode: 'FR',
            latitude: event.lat,
            longitude: event.lon,
            timezone: AGENDA_TIME_ZONE,
          },
    status: OPENAGENDA_STATUS[event.status] ?? 1,
    attendanceMode: OPENAGENDA_ATTENDANCE[event.attendanceMode] ?? 1,
    onlineAccessLink: event.onlineUrl,
    accessibility: Object.fromEntries(Object.entries(ACCESSIBILITY).map(([code, key]) => [key, event.accessibility.includes(code)])),
    age: event.minAge !== null || event.maxAge !== null ? { min: event.minAge, max: event.maxAge } : null,
    // The booking link only: the registration and organiser contacts are for editors, not open data.
    registration: registration([event.bookingUrl]),
    originAgenda: item.publisher ? { uid: item.publisher.id, title: outputText(item.publisher.name) } : null,
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

/** The export: OpenAgenda's envelope (total, after, events) plus its window and licence. */
export function openAgendaFeed(selection: ExportSelection, siteUrl: string, nextUrl: string | null): Record<string, unknown> {
  return {
    total: selection.totalCount,
    after: selection.after,
    next: nextUrl,
    window: { from: selection.window.from.toISOString(), to: selection.window.to?.toISOString() ?? null },
    licence: { name: OPEN_LICENCE_NAME, url: OPEN_LICENCE_URL },
    events: selection.items.map((item) => openAgendaEvent(item, siteUrl)),
  };
}
