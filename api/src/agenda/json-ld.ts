import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
import { DateTime } from 'luxon';
import type { Commune } from '../territory/commune.entity';
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

/** The schema.org Event of an event (its next date), for the site to embed as it is. */
export function eventJsonLd({ event, occurrence, commune, organiser, siteUrl, imageUrls, language }: EventJsonLdOptions): Record<string, unknown> {
  const category = EVENT_CATEGORIES.find((c) => event.categories.includes(c.id));
  const place = {
    '@type': 'Place',
    name: event.placeName ?? commune?.name,
    address: {
      '@type': 'PostalAddress',
      streetAddress: event.streetAddress ?? undefined,
      postalCode: event.postalCode ?? commune?.postalCodes[0],
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
    name: pickLanguage(event.title, language),
    description: event.shortDescription ? pickLanguage(event.shortDescription, language) : undefined,
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
    organizer: organiser || event.organiserName ? { '@type': 'Organization', name: event.organiserName ?? organiser } : undefined,
    image: imageUrls.length ? imageUrls : undefined,
    typicalAgeRange: event.minAge != null || event.maxAge != null ? `${event.minAge ?? ''}-${event.maxAge ?? ''}` : undefined,
  };
}
