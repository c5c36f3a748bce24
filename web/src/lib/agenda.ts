import { ACCESSIBILITY_CODES, AGENDA_TIME_ZONE, type AccessibilityCode, type Language } from '@nfc/shared';
import type { AgendaFilter } from './api';
import { translate } from '../i18n/i18n';

export const WHEN_PRESETS = ['upcoming', 'today', 'weekend', 'week'] as const;
export type WhenPreset = (typeof WHEN_PRESETS)[number];

/** Start of the local day in Paris as an instant, for a date shifted by `days`. */
function parisMidnight(now: Date, days: number): Date {
  const local = new Date(now.toLocaleString('en-US', { timeZone: AGENDA_TIME_ZONE }));
  const offset = now.getTime() - local.getTime();
  const midnight = new Date(local.getFullYear(), local.getMonth(), local.getDate() + days);
  return new Date(midnight.getTime() + offset);
}

/**
 * The API's name for each preset: the API resolves it to a range in Paris time when it answers
 * ("this weekend" is Saturday and Sunday, what is left of them at the weekend), so the site's
 * request is the same for every visitor of the minute and any HTTP cache can keep the answer.
 */
export const API_PRESETS = { today: 'TODAY', weekend: 'THIS_WEEKEND', week: 'NEXT_7_DAYS' } as const satisfies Partial<Record<WhenPreset, string>>;

export interface AgendaQuery {
  when: WhenPreset;
  /** A date range (YYYY-MM-DD, Paris days, both included): when given, it replaces the preset. */
  fromDay: string;
  toDay: string;
  epci: string;
  commune: string;
  category: string;
  free: boolean;
  /** Accessibility codes the visitor needs (each event must be adapted to all of them). */
  accessibility: AccessibilityCode[];
  /** The visitor's age: events whose age range includes it. */
  age: number | null;
  /** "Near me": a point the browser gave (opt-in) and a radius. */
  near: { lat: number; lon: number; km: number } | null;
  text: string;
  after: string;
  /** The cursors of the pages before this one, oldest first: the "previous page" link pops one. */
  before: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NEAR_KM = [2, 5, 10, 20, 50] as const;

function day(value: string | null): string {
  if (!value || !DAY.test(value)) return '';
  const parsed = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? value : '';
}

function number(value: string | null, min: number, max: number): number | null {
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= min && parsed <= max ? parsed : null;
}

/** Reads the filters from the URL: the URL is the state, so results can be shared and the back button works. */
export function readAgendaQuery(params: URLSearchParams): AgendaQuery {
  const when = params.get('quand') ?? 'upcoming';
  const fromDay = day(params.get('du'));
  const toDay = day(params.get('au'));
  const lat = number(params.get('lat'), 41, 52);
  const lon = number(params.get('lon'), -6, 10);
  const km = number(params.get('km'), 1, 50);
  const codes = params.getAll('acces').filter((code): code is AccessibilityCode => (ACCESSIBILITY_CODES as readonly string[]).includes(code));
  // The earlier single box ("accessible en fauteuil") still reads as the motor code.
  if (params.get('accessible') === '1' && !codes.includes('MOTOR')) codes.push('MOTOR');
  const age = number(params.get('age'), 0, 120);
  return {
    when: (WHEN_PRESETS as readonly string[]).includes(when) ? (when as WhenPreset) : 'upcoming',
    fromDay,
    // A range that ends before it starts is read as the one day it starts.
    toDay: fromDay && toDay && toDay < fromDay ? fromDay : toDay,
    epci: /^\d{9}$/.test(params.get('epci') ?? '') ? params.get('epci')! : '',
    commune: /^(\d{5}|2[AB]\d{3})$/.test(params.get('commune') ?? '') ? params.get('commune')! : '',
    category: /^[a-z-]{2,40}$/.test(params.get('categorie') ?? '') ? params.get('categorie')! : '',
    free: params.get('gratuit') === '1',
    accessibility: [...new Set(codes)],
    age: age === null ? null : Math.floor(age),
    near: lat !== null && lon !== null ? { lat, lon, km: km ?? 10 } : null,
    text: (params.get('q') ?? '').slice(0, 100),
    after: (params.get('apres') ?? '').slice(0, 200),
    before: (params.get('avant') ?? '').split(' ').filter(Boolean).slice(-20).map((cursor) => cursor.slice(0, 200)),
  };
}

/** Paris midnight of a day (YYYY-MM-DD) shifted by `days`, as an instant. */
function parisDayStart(value: string, days = 0): string {
  const [year, month, date] = value.split('-').map(Number) as [number, number, number];
  // Noon UTC of that day, then back to the Paris midnight before it (the offset is never over 2 hours).
  const noon = new Date(Date.UTC(year, month - 1, date + days, 12));
  return parisMidnight(noon, 0).toISOString();
}

/** The API's filter for the page's query; a text search is made in the page's language (its stemming, the texts it shows). */
export function toFilter(query: AgendaQuery, language: Language = 'fr', now = new Date()): AgendaFilter {
  // No instant of the request's own goes to the API: a range that starts today or earlier leaves "from"
  // out (the API reads it as now), a preset travels by name. The request stays the same all minute long.
  const fromDay = query.fromDay ? parisDayStart(query.fromDay) : '';
  const range: Pick<AgendaFilter, 'from' | 'to' | 'when'> = query.fromDay || query.toDay
    ? {
        ...(fromDay && new Date(fromDay).getTime() > now.getTime() ? { from: fromDay } : {}),
        ...(query.toDay ? { to: parisDayStart(query.toDay, 1) } : {}),
      }
    : query.when !== 'upcoming' ? { when: API_PRESETS[query.when] } : {};
  return {
    ...range,
    ...(query.epci ? { epci: query.epci } : {}),
    ...(query.commune ? { commune: query.commune } : {}),
    ...(query.category ? { categories: [query.category] } : {}),
    ...(query.free ? { free: true } : {}),
    ...(query.accessibility.length ? { accessibility: query.accessibility } : {}),
    ...(query.age !== null ? { age: query.age } : {}),
    ...(query.near ? { near: query.near } : {}),
    ...(query.text ? { text: query.text } : {}),
    // French is the API's default: the French pages send the filter they always sent.
    ...(query.text && language !== 'fr' ? { language } : {}),
  };
}

/** The radii offered with "near me", in km. */
export const NEAR_RADII = NEAR_KM;

/** The same filters as query parameters of /feeds/agenda.ics, and the page's language for the calendar's texts. */
export function feedParameters(filter: AgendaFilter, language: Language = 'fr'): string {
  const params = new URLSearchParams();
  if (language !== 'fr') params.set('lang', language);
  if (filter.when) params.set('when', filter.when);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.epci) params.set('epci', filter.epci);
  if (filter.commune) params.set('commune', filter.commune);
  if (filter.categories?.length) params.set('category', filter.categories.join(','));
  if (filter.free) params.set('free', 'true');
  if (filter.accessibility?.length) params.set('accessibility', filter.accessibility.join(','));
  if (filter.text) params.set('text', filter.text);
  return params.toString();
}

/** The mark each status other than SCHEDULED carries wherever an event appears (a key of the site's texts). */
export const STATUS_LABEL_KEYS: Record<string, 'agenda.cancelled' | 'agenda.postponed' | 'agenda.rescheduled' | 'agenda.full' | 'agenda.movedOnline'> = {
  CANCELLED: 'agenda.cancelled',
  POSTPONED: 'agenda.postponed',
  RESCHEDULED: 'agenda.rescheduled',
  FULL: 'agenda.full',
  MOVED_ONLINE: 'agenda.movedOnline',
};

/** An age range as the site words it ("De 8 à 14 ans"), or null when the event gives none. */
export function formatAge(language: Language, minAge: number | null, maxAge: number | null): string | null {
  if (minAge !== null && maxAge !== null) return translate(language, 'agenda.ageBetween', { min: minAge, max: maxAge });
  if (minAge !== null) return translate(language, 'agenda.ageFrom', { min: minAge });
  if (maxAge !== null) return translate(language, 'agenda.ageUpTo', { max: maxAge });
  return null;
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
