import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, LANGUAGES, pickLanguage, type Language } from '@nfc/shared';
import { DateTime } from 'luxon';
import { outputText } from '../common/text-normalisation';
import type { Commune } from '../territory/commune.entity';
import { markdownToText } from './markdown';
import type { AgendaEvent, EventOccurrence } from './event.entities';

const STATUS: Record<string, string> = {
  SCHEDULED: 'https://schema.org/EventScheduled',
  FULL: 'https://schema.org/EventScheduled',
  RESCHEDULED: 'https://schema.org/EventRescheduled',
  POSTPONED: 'https://schema.org/EventPostponed',
  MOVED_ONLINE: 'https://schema.org/EventMovedOnline',
  CANCELLED: 'https://schema.org/EventCancelled',
};
const ATTENDANCE: Record<string, string> = {
  OFFLINE: 'https://schema.org/OfflineEventAttendanceMode',
  ONLINE: 'https://schema.org/OnlineEventAttendanceMode',
  MIXED: 'https://schema.org/MixedEventAttendanceMode',
};

export interface EventJsonLdOptions {
  event: AgendaEvent;
  occurrence: EventOccurrence | undefined;
  commune: Commune | null;
  organiser: string | null;
  siteUrl: string;
  imageUrls: string[];
  language: Language;
}

const dayOf = (ms: number) => DateTime.fromMillis(ms, { zone: AGENDA_TIME_ZONE }).toISODate();

/**
 * The offer as Google reads it: free is an Offer at price 0; a range of prices an AggregateOffer
 * (lowPrice, highPrice); one price an Offer. Prices are numbers, the currency euros unless said.
 */
function offers(event: AgendaEvent): Record<string, unknown> | undefined {
  const low = event.priceMin != null ? Number(event.priceMin) : null;
  const high = event.priceMax != null ? Number(event.priceMax) : null;
  const common = {
    priceCurrency: event.currency ?? 'EUR',
    url: event.bookingUrl ?? undefined,
    availability: event.status === 'FULL' ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
  };
  if (event.isFree) return { '@type': 'Offer', price: 0, ...common };
  if (low != null && high != null && high !== low) return { '@type': 'AggregateOffer', lowPrice: Math.min(low, high), highPrice: Math.max(low, high), ...common };
  const price = low ?? high;
  return price != null ? { '@type': 'Offer', price, ...common } : event.bookingUrl ? { '@type': 'Offer', ...common } : undefined;
}

const iso = (date: Date, allDay: boolean) => {
  const local = DateTime.fromJSDate(date, { zone: AGENDA_TIME_ZONE });
  // Dates with their Paris offset ("+01:00" in winter, "+02:00" in summer), as search engines want.
  return allDay ? local.toISODate()! : local.toISO({ suppressMilliseconds: true })!;
};

/**
 * Text for JSON-LD: plain text without the characters the door refuses. JSON.stringify
 * escapes the rest; a page embedding it in <script> must still escape "<" (see the site).
 */
const text = (value: string | null | undefined) => (value ? outputText(value) : undefined);

/** The schema.org Event of an event (its next date), for the site to embed as it is. */
export function eventJsonLd({ event, occurrence, commune, organiser, siteUrl, imageUrls, language }: EventJsonLdOptions): Record<string, unknown> {
  const category = EVENT_CATEGORIES.find((c) => event.categories.includes(c.id));
  const place = {
    '@type': 'Place',
    name: text(event.placeName ?? commune?.name),
    address: {
      '@type': 'PostalAddress',
      streetAddress: text(event.streetAddress),
      postalCode: text(event.postalCode ?? commune?.postalCodes[0]),
      addressLocality: commune?.name,
      addressRegion: 'Bourgogne-Franche-Comté',
      addressCountry: 'FR',
    },
    geo: { '@type': 'GeoCoordinates', latitude: event.lat, longitude: event.lon },
  };
  // An end only when one is known: a date given without its end is stored ending when it starts.
  const endDate = occurrence && (event.allDay ? dayOf(occurrence.endsAt.getTime() - 1) !== dayOf(occurrence.startsAt.getTime()) : occurrence.endsAt > occurrence.startsAt) ? (event.allDay ? new Date(occurrence.endsAt.getTime() - 1) : occurrence.endsAt) : undefined;
  const pageOf = (lang: Language) => `${siteUrl}${lang === 'fr' ? '' : `/${lang}`}/agenda/${event.slug}`;
  // Only a contact the office made public reaches the JSON-LD, as in the API.
  const contact = event.organiserContactPublic ? event.organiserContact?.trim() : undefined;
  const organiserUrl = contact && /^https?:\/\//i.test(contact) ? contact : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': category?.schemaOrgType ?? 'Event',
    // One identity whatever the language; the page in this language as url, and every language's
    // page as a WebPage the event is the main entity of (schema.org mainEntityOfPage; search engines
    // pair the pages themselves through their hreflang links).
    '@id': `${siteUrl}/agenda/${event.slug}#event`,
    url: pageOf(language),
    mainEntityOfPage: LANGUAGES.map((lang) => ({ '@type': 'WebPage', '@id': pageOf(lang), url: pageOf(lang), inLanguage: lang })),
    name: text(pickLanguage(event.title, language)),
    // Plain text, never markup: the short description, or the long one's Markdown as text.
    description: text(event.shortDescription ? pickLanguage(event.shortDescription, language) : event.longDescription ? markdownToText(pickLanguage(event.longDescription, language)) : undefined),
    inLanguage: language,
    startDate: occurrence ? iso(occurrence.startsAt, event.allDay) : undefined,
    endDate: endDate ? iso(endDate, event.allDay) : undefined,
    eventStatus: STATUS[event.status],
    // Google reads previousStartDate only beside EventRescheduled; a postponed event has no new date yet.
    previousStartDate: event.status === 'RESCHEDULED' && event.previousStartDate ? iso(event.previousStartDate, event.allDay) : undefined,
    eventAttendanceMode: ATTENDANCE[event.attendanceMode],
    location:
      event.attendanceMode === 'ONLINE'
        ? { '@type': 'VirtualLocation', url: event.onlineUrl }
        : event.attendanceMode === 'MIXED'
          ? [place, { '@type': 'VirtualLocation', url: event.onlineUrl }]
          : place,
    isAccessibleForFree: event.isFree,
    offers: offers(event),
    organizer:
      organiser || event.organiserName
        ? {
            '@type': 'Organization',
            name: text(event.organiserName ?? organiser),
            url: organiserUrl,
            email: contact && /^[^\s@]+@[^\s@]+$/.test(contact) ? contact : undefined,
            telephone: contact && /^\+?[\d\s.()-]{6,}$/.test(contact) ? contact : undefined,
          }
        : undefined,
    image: imageUrls.length ? imageUrls : undefined,
    // schema.org's form: "7-12", "7-" (from 7), "0-12" (up to 12).
    typicalAgeRange: event.minAge != null || event.maxAge != null ? `${event.minAge ?? 0}-${event.maxAge ?? ''}` : undefined,
  };
}
