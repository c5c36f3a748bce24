import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
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
  const endDate = occurrence ? (event.allDay ? new Date(occurrence.endsAt.getTime() - 1) : occurrence.endsAt) : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': category?.schemaOrgType ?? 'Event',
    '@id': `${siteUrl}/agenda/${event.slug}#event`,
    url: `${siteUrl}/agenda/${event.slug}`,
    name: text(pickLanguage(event.title, language)),
    // Plain text, never markup: the short description, or the long one's Markdown as text.
    description: text(event.shortDescription ? pickLanguage(event.shortDescription, language) : event.longDescription ? markdownToText(pickLanguage(event.longDescription, language)) : undefined),
    inLanguage: language,
    startDate: occurrence ? iso(occurrence.startsAt, event.allDay) : undefined,
    endDate: endDate ? iso(endDate, event.allDay) : undefined,
    eventStatus: STATUS[event.status],
    previousStartDate: event.previousStartDate ? iso(event.previousStartDate, event.allDay) : undefined,
    eventAttendanceMode: ATTENDANCE[event.attendanceMode],
    location:
      event.attendanceMode === 'ONLINE'
        ? { '@type': 'VirtualLocation', url: event.onlineUrl }
        : event.attendanceMode === 'MIXED'
          ? [place, { '@type': 'VirtualLocation', url: event.onlineUrl }]
          : place,
    isAccessibleForFree: event.isFree,
    offers: event.isFree
      ? undefined
      : {
          '@type': 'Offer',
          price: event.priceMin ?? undefined,
          ...(event.priceMax && event.priceMax !== event.priceMin ? { highPrice: event.priceMax, lowPrice: event.priceMin } : {}),
          priceCurrency: event.currency ?? undefined,
          url: event.bookingUrl ?? undefined,
          availability: event.status === 'FULL' ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
        },
    organizer: organiser || event.organiserName ? { '@type': 'Organization', name: text(event.organiserName ?? organiser) } : undefined,
    image: imageUrls.length ? imageUrls : undefined,
    typicalAgeRange: event.minAge != null || event.maxAge != null ? `${event.minAge ?? ''}-${event.maxAge ?? ''}` : undefined,
  };
}
