import { AGENDA_TIME_ZONE, EVENT_CATEGORY_IDS, isLanguage } from '@nfc/shared';
import { DateTime } from 'luxon';
import { FEEDS } from '../i18n/open-data';

/** The open-data page's link builder: from its GET form's fields to a feed URL (no I/O, so testable alone). */
export interface FeedLinkQuery {
  format: string;
  epci: string;
  commune: string;
  category: string;
  from: string;
  to: string;
  lang: string;
}

/** The builder's fields from the page's query string: only well-formed values are kept. */
export function readFeedLinkQuery(params: URLSearchParams): FeedLinkQuery {
  const pick = (name: string, pattern: RegExp) => (pattern.test(params.get(name) ?? '') ? params.get(name)! : '');
  const category = params.get('categorie') ?? '';
  const lang = params.get('langue') ?? '';
  const format = params.get('format') ?? '';
  return {
    format: FEEDS.some((feed) => feed.id === format && !feed.onSite) ? format : '',
    epci: pick('epci', /^\d{9}$/),
    commune: pick('commune', /^(?:\d{2}|2[AB])\d{3}$/),
    category: EVENT_CATEGORY_IDS.includes(category) ? category : '',
    from: params.get('du') ?? '',
    to: params.get('au') ?? '',
    lang: isLanguage(lang) ? lang : '',
  };
}

/** A calendar day (YYYY-MM-DD) as the instant it starts in Paris, or null when it is not a day. */
function parisMidnight(day: string, plusDays = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const value = DateTime.fromISO(day, { zone: AGENDA_TIME_ZONE });
  return value.isValid ? value.plus({ days: plusDays }).toISO({ suppressMilliseconds: true }) : null;
}

/**
 * The feed URL a reuser asked for: the days are Paris days ("to" included, so the window ends
 * at the next midnight), `lang` only for the formats that take it. `badDate` says a day was left out.
 */
export function feedLink(apiOrigin: string, q: FeedLinkQuery): { url: string; badDate: boolean } | null {
  const feed = FEEDS.find((f) => f.id === q.format && !f.onSite);
  if (!feed) return null;
  const params = new URLSearchParams();
  const from = q.from ? parisMidnight(q.from) : null;
  const to = q.to ? parisMidnight(q.to, 1) : null;
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (q.epci) params.set('epci', q.epci);
  if (q.commune) params.set('commune', q.commune);
  if (q.category) params.set('category', q.category);
  if (q.lang && feed.languages) params.set('lang', q.lang);
  const search = params.toString();
  return { url: `${apiOrigin}${feed.path}${search ? `?${search}` : ''}`, badDate: Boolean((q.from && !from) || (q.to && !to)) };
}
