import { z } from 'astro/zod';
import { AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import type { Language } from '../../i18n/i18n';

/** An event as the Pôle compares and reviews it. */
export const ReviewedEvent = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  shortDescription: z.string().nullable(),
  publisherName: z.string(),
  status: z.string(),
  moderation: z.string(),
  isFree: z.boolean(),
  priceMin: z.number().nullable(),
  priceMax: z.number().nullable(),
  currency: z.string().nullable(),
  bookingUrl: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  longDescriptionHtml: z.string().nullable(),
  organiserName: z.string().nullable(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  accessibility: z.array(z.string()),
  machineTranslated: z.array(z.string()),
  categories: z.array(z.object({ label: z.string() })),
  place: z.object({ name: z.string().nullable(), streetAddress: z.string().nullable(), commune: z.object({ name: z.string() }) }),
  occurrences: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
  image: z.object({ alt: z.string().nullable(), variants: z.array(z.object({ format: z.string(), width: z.number(), url: z.string() })) }).nullable(),
});
export type ReviewedEventData = z.infer<typeof ReviewedEvent>;
export const REVIEWED_EVENT_FIELDS = `id slug title(lang: $l) shortDescription(lang: $l) longDescriptionHtml(lang: $l) publisherName status moderation isFree priceMin priceMax currency bookingUrl onlineUrl organiserName minAge maxAge accessibility machineTranslated
  categories(lang: $l) { label } place { name streetAddress commune { name } } occurrences { startsAt endsAt } image(lang: $l) { alt variants { format width url } }`;

/** The first dates of an event in Paris time, e.g. "sam. 21 juin 2031, 20:00 – 23:00". */
export function formatDates(language: Language, event: Pick<ReviewedEventData, 'occurrences'>, limit = 3): { shown: string[]; more: number } {
  const locale = language === 'en' ? 'en-GB' : language;
  const shown = event.occurrences.slice(0, limit).map((o) => {
    const start = DateTime.fromISO(o.startsAt).setZone(AGENDA_TIME_ZONE).setLocale(locale);
    const end = DateTime.fromISO(o.endsAt).setZone(AGENDA_TIME_ZONE).setLocale(locale);
    const sameDay = start.hasSame(end, 'day');
    return `${start.toFormat('ccc d LLL yyyy, HH:mm')} – ${sameDay ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL yyyy, HH:mm')}`;
  });
  return { shown, more: Math.max(0, event.occurrences.length - limit) };
}

/** A price as visitors read it. */
export function formatPrice(language: Language, event: Pick<ReviewedEventData, 'isFree' | 'priceMin' | 'priceMax' | 'currency'>, free: string): string {
  if (event.isFree) return free;
  const money = new Intl.NumberFormat(language === 'en' ? 'en-GB' : `${language}-FR`, { style: 'currency', currency: event.currency ?? 'EUR' });
  if (event.priceMin === null && event.priceMax === null) return '—';
  if (event.priceMin !== null && event.priceMax !== null && event.priceMin !== event.priceMax) return `${money.format(event.priceMin)} – ${money.format(event.priceMax)}`;
  return money.format((event.priceMin ?? event.priceMax)!);
}

/** The smallest rendition at least `width` wide (or the widest), for a thumbnail. */
export function thumbnail(image: ReviewedEventData['image'], width = 320): string | null {
  const candidates = (image?.variants ?? []).filter((v) => v.format === 'jpeg' || v.format === 'webp').sort((a, b) => a.width - b.width);
  return (candidates.find((v) => v.width >= width) ?? candidates.at(-1))?.url ?? null;
}
