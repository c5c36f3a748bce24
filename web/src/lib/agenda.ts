import { AGENDA_TIME_ZONE, type Language } from '@nfc/shared';
import type { AgendaFilter } from './api';

export const WHEN_PRESETS = ['upcoming', 'today', 'weekend', 'week'] as const;
export type WhenPreset = (typeof WHEN_PRESETS)[number];

/** Start of the local day in Paris as an instant, for a date shifted by `days`. */
function parisMidnight(now: Date, days: number): Date {
  const local = new Date(now.toLocaleString('en-US', { timeZone: AGENDA_TIME_ZONE }));
  const offset = now.getTime() - local.getTime();
  const midnight = new Date(local.getFullYear(), local.getMonth(), local.getDate() + days);
  return new Date(midnight.getTime() + offset);
}

/** The date range of a preset, in Paris time ("this weekend" is Saturday and Sunday). */
export function presetRange(preset: WhenPreset, now = new Date()): { from?: string; to?: string } {
  // Day of the week in Paris (0 = Sunday).
  const weekday = new Date(now.toLocaleString('en-US', { timeZone: AGENDA_TIME_ZONE })).getDay();
  switch (preset) {
    case 'today':
      return { from: now.toISOString(), to: parisMidnight(now, 1).toISOString() };
    case 'week':
      return { from: now.toISOString(), to: parisMidnight(now, 8).toISOString() };
    case 'weekend': {
      const toSaturday = weekday === 0 ? -1 : 6 - weekday;
      const from = weekday === 6 || weekday === 0 ? now : parisMidnight(now, toSaturday);
      return { from: from.toISOString(), to: parisMidnight(now, toSaturday + 2).toISOString() };
    }
    default:
      return {};
  }
}

export interface AgendaQuery {
  when: WhenPreset;
  epci: string;
  category: string;
  free: boolean;
  accessible: boolean;
  text: string;
  after: string;
}

/** Reads the filters from the URL: the URL is the state, so results can be shared and the back button works. */
export function readAgendaQuery(params: URLSearchParams): AgendaQuery {
  const when = params.get('quand') ?? 'upcoming';
  return {
    when: (WHEN_PRESETS as readonly string[]).includes(when) ? (when as WhenPreset) : 'upcoming',
    epci: /^\d{9}$/.test(params.get('epci') ?? '') ? params.get('epci')! : '',
    category: /^[a-z-]{2,40}$/.test(params.get('categorie') ?? '') ? params.get('categorie')! : '',
    free: params.get('gratuit') === '1',
    accessible: params.get('accessible') === '1',
    text: (params.get('q') ?? '').slice(0, 100),
    after: (params.get('apres') ?? '').slice(0, 200),
  };
}

/** The API's filter for the page's query; a text search is made in the page's language (its stemming, the texts it shows). */
export function toFilter(query: AgendaQuery, language: Language = 'fr'): AgendaFilter {
  return {
    ...presetRange(query.when),
    ...(query.epci ? { epci: query.epci } : {}),
    ...(query.category ? { categories: [query.category] } : {}),
    ...(query.free ? { free: true } : {}),
    ...(query.accessible ? { accessibility: ['MOTOR'] } : {}),
    ...(query.text ? { text: query.text } : {}),
    // French is the API's default: the French pages send the filter they always sent.
    ...(query.text && language !== 'fr' ? { language } : {}),
  };
}

/** The same filters as query parameters of /feeds/agenda.ics, and the page's language for the calendar's texts. */
export function feedParameters(filter: AgendaFilter, language: Language = 'fr'): string {
  const params = new URLSearchParams();
  if (language !== 'fr') params.set('lang', language);
  if (filter.to) params.set('to', filter.to);
  if (filter.epci) params.set('epci', filter.epci);
  if (filter.categories?.length) params.set('category', filter.categories.join(','));
  if (filter.free) params.set('free', 'true');
  if (filter.accessibility?.length) params.set('accessibility', filter.accessibility.join(','));
  if (filter.text) params.set('text', filter.text);
  return params.toString();
}

export function dayKey(iso: string): string {
  return new Date(iso).toLocaleDateString('sv-SE', { timeZone: AGENDA_TIME_ZONE });
}

export function formatDay(language: Language, iso: string): string {
  return new Date(iso).toLocaleDateString(language === 'en' ? 'en-GB' : `${language}-FR`, { timeZone: AGENDA_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatTime(language: Language, iso: string): string {
  return new Date(iso).toLocaleTimeString(language === 'en' ? 'en-GB' : `${language}-FR`, { timeZone: AGENDA_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
}

/**
 * JSON for a <script type="application/ld+json"> in a page: "<", ">" and "&" as \u escapes
 * (so neither "</script>" nor "<!--" can end or change the script), and U+2028/U+2029 too
 * (line terminators for older JavaScript parsers). JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
