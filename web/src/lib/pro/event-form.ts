import { ACCESSIBILITY_CODES, AGENDA_LIMITS, EVENT_STATUSES } from '@nfc/shared';
import type { EditableEvent } from './events';

/**
 * The event editor of the espace pro, without a framework: the form is a flat list of named
 * fields (what a browser posts), read into a `FormState`; the same state is built from a saved
 * event to fill the form again. `toEventInput` composes the API's EventInput from it (the RRULE
 * included, so the recurrence form works without JavaScript), and `fieldId` maps an API field
 * path ("schedule.recurrence.rule") to the input that shows its error.
 */
export type FormState = Map<string, string[]>;

export const LANGS = ['fr', 'en', 'de'] as const;
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const NTH = ['1', '2', '3', '4', '-1'] as const;
/** Blank rows offered without JavaScript (JavaScript adds more). */
export const BLANK_DATE_ROWS = 3;
export const BLANK_EXTRA_ROWS = 2;

export const value = (state: FormState, name: string): string => state.get(name)?.[0] ?? '';
export const values = (state: FormState, name: string): string[] => state.get(name) ?? [];
const set = (state: FormState, name: string, v: string | null | undefined | number) => {
  if (v !== null && v !== undefined && v !== '') state.set(name, [String(v)]);
};

export function formStateOf(form: FormData): FormState {
  const state: FormState = new Map();
  for (const [name, entry] of form.entries()) {
    if (typeof entry !== 'string') continue;
    state.set(name, [...(state.get(name) ?? []), entry]);
  }
  return state;
}

/**
 * How many rows of a repeated group ("d_date_0", "d_date_1"…) the state holds. A row number
 * past the API's own limit of dates is ignored: the form is rendered and read row by row, and a
 * posted "d_date_99999999999" must not make one request build a page of a billion rows.
 */
export function rowCount(state: FormState, prefix: string): number {
  let n = 0;
  const pattern = new RegExp(`^${prefix}_(\\d{1,4})$`);
  for (const name of state.keys()) {
    const match = pattern.exec(name);
    if (match && Number(match[1]) < AGENDA_LIMITS.maxOccurrences) n = Math.max(n, Number(match[1]) + 1);
  }
  return n;
}

// ---- From the API's event to the form ----

const pad = (n: number) => String(n).padStart(2, '0');
const splitLocal = (text: string): [string, string] => [text.slice(0, 10), text.length > 10 ? text.slice(11, 16) : ''];

/** A rule the recurrence form can show again, or null (then it is kept as a custom rule). */
export function parseRule(rule: string): { freq: 'WEEKLY' | 'MONTHLY'; days: string[]; nth: string; weekday: string; until: string; count: string } | null {
  const parts = Object.fromEntries(rule.replace(/^RRULE:/i, '').split(';').map((part) => part.split('=') as [string, string]));
  const known = new Set(['FREQ', 'BYDAY', 'UNTIL', 'COUNT', 'BYSETPOS']);
  if (Object.keys(parts).some((key) => !known.has(key))) return null;
  const until = parts.UNTIL && /^\d{8}$/.test(parts.UNTIL) ? `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}` : '';
  if (parts.UNTIL && !until) return null;
  const count = parts.COUNT ?? '';
  const days = (parts.BYDAY ?? '').split(',').filter(Boolean);
  if (parts.FREQ === 'WEEKLY' && !parts.BYSETPOS && days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return { freq: 'WEEKLY', days, nth: '1', weekday: days[0] ?? 'SA', until, count };
  if (parts.FREQ === 'MONTHLY' && days.length === 1) {
    const match = /^(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(days[0]!);
    const nth = match?.[1] ?? parts.BYSETPOS;
    if (match && nth && (NTH as readonly string[]).includes(nth)) return { freq: 'MONTHLY', days: [], nth, weekday: match[2]!, until, count };
  }
  return null;
}

export function formStateOfEvent(event: EditableEvent): FormState {
  const state: FormState = new Map();
  const editing = event.editing!;
  for (const lang of LANGS) {
    set(state, `title_${lang}`, editing.title[lang]);
    set(state, `short_${lang}`, editing.shortDescription?.[lang]);
    set(state, `long_${lang}`, editing.longDescription?.[lang]);
    set(state, `alt_${lang}`, editing.imageAlt?.[lang]);
  }
  state.set('mt', event.machineTranslated);
  state.set('categories', event.categories.map((c) => c.id));
  state.set('accessibility', event.accessibility);
  set(state, 'status', event.status);
  set(state, 'communeInsee', event.place.commune.inseeCode);
  set(state, 'placeName', event.place.name);
  set(state, 'streetAddress', event.place.streetAddress);
  set(state, 'postalCode', event.place.postalCode);
  if (!editing.locationApproximate) {
    set(state, 'lat', event.place.lat);
    set(state, 'lon', event.place.lon);
  }
  const schedule = editing.schedule;
  if (schedule.allDay) set(state, 'allDay', 'on');
  if (schedule.recurrence) {
    const r = schedule.recurrence;
    set(state, 'when', 'recurrence');
    const [date, time] = splitLocal(r.start);
    set(state, 'r_date', date);
    set(state, 'r_start', time);
    if (time) {
      const [h, m] = time.split(':').map(Number);
      const end = (h! * 60 + m! + r.durationMinutes) % (24 * 60);
      set(state, 'r_end', `${pad(Math.floor(end / 60))}:${pad(end % 60)}`);
    }
    const parsed = parseRule(r.rule);
    if (parsed) {
      set(state, 'r_freq', parsed.freq);
      state.set('r_days', parsed.days);
      set(state, 'r_nth', parsed.nth);
      set(state, 'r_weekday', parsed.weekday);
      set(state, 'r_endKind', parsed.count ? 'count' : 'until');
      set(state, 'r_until', parsed.until);
      set(state, 'r_count', parsed.count);
    } else {
      set(state, 'r_freq', 'CUSTOM');
      set(state, 'r_rule', r.rule);
    }
    r.exceptions.forEach((text, i) => set(state, `ex_${i}`, splitLocal(text)[0]));
    r.additions.forEach((text, i) => {
      const [d, t] = splitLocal(text);
      set(state, `add_date_${i}`, d);
      set(state, `add_time_${i}`, t);
    });
  } else {
    const dates = schedule.dates ?? [];
    set(state, 'when', dates.length > 1 ? 'several' : 'one');
    dates.forEach((d, i) => {
      const [date, start] = splitLocal(d.start);
      set(state, `d_date_${i}`, date);
      set(state, `d_start_${i}`, start);
      if (d.end) {
        const [endDate, end] = splitLocal(d.end);
        if (endDate !== date) set(state, `d_endDate_${i}`, endDate);
        set(state, `d_end_${i}`, end);
      }
    });
  }
  set(state, 'isFree', event.isFree ? 'on' : '');
  set(state, 'priceMin', event.priceMin);
  set(state, 'priceMax', event.priceMax);
  set(state, 'currency', event.currency);
  set(state, 'minAge', event.minAge);
  set(state, 'maxAge', event.maxAge);
  set(state, 'bookingUrl', event.bookingUrl);
  set(state, 'onlineUrl', event.onlineUrl);
  set(state, 'attendanceMode', event.attendanceMode);
  set(state, 'organiserName', event.organiserName);
  set(state, 'organiserContact', editing.organiserContact);
  set(state, 'registrationContact', editing.registrationContact);
  set(state, 'registrationContactPublic', editing.registrationContactPublic ? 'on' : '');
  set(state, 'organiserContactPublic', editing.organiserContactPublic ? 'on' : '');
  set(state, 'imageUploadId', editing.imageId);
  set(state, 'imageCredit', editing.imageCredit);
  return state;
}

// ---- From the form to the API's EventInput ----

export interface FieldError {
  field: string;
  message: string;
}

function minutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The RRULE of the recurrence form (without DTSTART), or the custom rule as typed. */
export function composeRule(state: FormState): string {
  const freq = value(state, 'r_freq') || 'WEEKLY';
  if (freq === 'CUSTOM') return value(state, 'r_rule').trim();
  const parts = [`FREQ=${freq}`];
  if (freq === 'WEEKLY') {
    const days = values(state, 'r_days').filter((d) => (WEEKDAYS as readonly string[]).includes(d));
    if (days.length) parts.push(`BYDAY=${days.join(',')}`);
  } else {
    const nth = (NTH as readonly string[]).includes(value(state, 'r_nth')) ? value(state, 'r_nth') : '1';
    const weekday = (WEEKDAYS as readonly string[]).includes(value(state, 'r_weekday')) ? value(state, 'r_weekday') : 'SA';
    parts.push(`BYDAY=${nth}${weekday}`);
  }
  if (value(state, 'r_endKind') === 'count') {
    if (/^\d+$/.test(value(state, 'r_count'))) parts.push(`COUNT=${value(state, 'r_count')}`);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(value(state, 'r_until'))) {
    parts.push(`UNTIL=${value(state, 'r_until').replaceAll('-', '')}`);
  }
  return parts.join(';');
}

/**
 * The EventInput of a posted form, and the errors the form itself can tell (a number that is
 * not one); every other check is the API's dry run.
 */
export function toEventInput(state: FormState): { input: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (prefix: string) => {
    const fr = value(state, `${prefix}_fr`).trim();
    const en = value(state, `${prefix}_en`).trim();
    const de = value(state, `${prefix}_de`).trim();
    return fr || en || de ? { fr, ...(en ? { en } : {}), ...(de ? { de } : {}) } : undefined;
  };
  const number = (name: string, integer = false): number | undefined => {
    const raw = value(state, name).trim().replace(',', '.');
    if (!raw) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      errors.push({ field: name, message: integer ? 'NOT_INTEGER' : 'NOT_NUMBER' });
      return undefined;
    }
    return n;
  };
  const optional = (name: string) => value(state, name).trim() || undefined;
  const allDay = value(state, 'allDay') === 'on';
  const local = (date: string, time: string) => (allDay ? date : time ? `${date}T${time}` : date);
  const when = value(state, 'when') || 'one';
  let schedule: Record<string, unknown>;
  if (when === 'recurrence') {
    const date = value(state, 'r_date');
    const start = value(state, 'r_start');
    const startMinutes = minutes(start);
    const endMinutes = minutes(value(state, 'r_end'));
    const durationMinutes = allDay ? 0 : startMinutes !== null && endMinutes !== null ? (endMinutes - startMinutes + 24 * 60) % (24 * 60) : 0;
    const exceptions = Array.from({ length: rowCount(state, 'ex') }, (_, i) => value(state, `ex_${i}`)).filter(Boolean).map((d) => local(d, start));
    const additions = Array.from({ length: rowCount(state, 'add_date') }, (_, i) => [value(state, `add_date_${i}`), value(state, `add_time_${i}`) || start] as const)
      .filter(([d]) => d)
      .map(([d, t]) => local(d, t));
    schedule = { allDay, recurrence: { start: local(date, start), durationMinutes, rule: composeRule(state), exceptions, additions } };
  } else {
    const rows = when === 'one' ? 1 : rowCount(state, 'd_date');
    const dates: Array<{ start: string; end?: string }> = [];
    for (let i = 0; i < Math.max(rows, 1); i++) {
      const date = value(state, `d_date_${i}`);
      if (!date && !(i === 0)) continue;
      const start = value(state, `d_start_${i}`);
      const endDate = value(state, `d_endDate_${i}`);
      const end = value(state, `d_end_${i}`);
      let endText: string | undefined;
      if (allDay) endText = endDate || undefined;
      else if (end) {
        // An end earlier than the start on the same day ends after midnight.
        const sameDayBefore = !endDate && minutes(end) !== null && minutes(start) !== null && minutes(end)! < minutes(start)!;
        endText = `${endDate || (sameDayBefore ? addDays(date, 1) : date)}T${end}`;
      }
      dates.push({ start: local(date, start), ...(endText ? { end: endText } : {}) });
    }
    schedule = { allDay, dates };
  }
  const lat = number('lat');
  const lon = number('lon');
  const isFree = value(state, 'isFree') === 'on';
  const input: Record<string, unknown> = {
    title: text('title') ?? { fr: '' },
    shortDescription: text('short'),
    longDescription: text('long'),
    machineTranslated: values(state, 'mt').filter((l) => l === 'en' || l === 'de'),
    categories: values(state, 'categories'),
    status: (EVENT_STATUSES as readonly string[]).includes(value(state, 'status')) ? value(state, 'status') : 'SCHEDULED',
    minAge: number('minAge', true),
    maxAge: number('maxAge', true),
    accessibility: values(state, 'accessibility').filter((code) => (ACCESSIBILITY_CODES as readonly string[]).includes(code)),
    attendanceMode: ['OFFLINE', 'ONLINE', 'MIXED'].includes(value(state, 'attendanceMode')) ? value(state, 'attendanceMode') : 'OFFLINE',
    onlineUrl: optional('onlineUrl'),
    isFree,
    priceMin: number('priceMin'),
    priceMax: number('priceMax'),
    currency: ['EUR', 'CHF'].includes(value(state, 'currency')) && (value(state, 'priceMin') || value(state, 'priceMax')) ? value(state, 'currency') : undefined,
    bookingUrl: optional('bookingUrl'),
    registrationContact: optional('registrationContact'),
    registrationContactPublic: value(state, 'registrationContactPublic') === 'on',
    organiserName: optional('organiserName'),
    organiserContact: optional('organiserContact'),
    organiserContactPublic: value(state, 'organiserContactPublic') === 'on',
    imageUploadId: optional('imageUploadId'),
    imageCredit: optional('imageCredit'),
    imageAlt: text('alt'),
    place: {
      communeInsee: value(state, 'communeInsee'),
      name: optional('placeName'),
      streetAddress: optional('streetAddress'),
      postalCode: optional('postalCode'),
      lat,
      lon,
    },
    schedule,
  };
  // An image's alt text without its French version takes the first given as French.
  const alt = input.imageAlt as { fr: string } | undefined;
  if (alt && !alt.fr) input.imageAlt = undefined;
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  for (const key of Object.keys(input.place as object)) if ((input.place as Record<string, unknown>)[key] === undefined) delete (input.place as Record<string, unknown>)[key];
  return { input, errors };
}

/** The input showing an API field's error (the first of its group for a list). */
export function fieldId(field: string): string {
  const direct: Record<string, string> = {
    categories: 'category-first',
    accessibility: 'accessibility-first',
    machineTranslated: 'mt_en',
    'place.communeInsee': 'communeInsee',
    'place.name': 'placeName',
    'place.streetAddress': 'streetAddress',
    'place.postalCode': 'postalCode',
    'place.lat': 'lat',
    'place.lon': 'lon',
    schedule: 'when-one',
    'schedule.dates': 'd_date_0',
    'schedule.allDay': 'allDay',
    'schedule.recurrence': 'r_date',
    'schedule.recurrence.start': 'r_date',
    'schedule.recurrence.rule': 'r_freq',
    'schedule.recurrence.durationMinutes': 'r_end',
    imageUploadId: 'imageFile',
    imageAlt: 'alt_fr',
  };
  if (direct[field]) return direct[field]!;
  let match = /^(title|shortDescription|longDescription|imageAlt)(?:\.(fr|en|de))?$/.exec(field);
  if (match) return `${{ title: 'title', shortDescription: 'short', longDescription: 'long', imageAlt: 'alt' }[match[1] as 'title']}_${match[2] ?? 'fr'}`;
  match = /^schedule\.dates\.(\d+)\.(start|end)$/.exec(field);
  if (match) return `d_${match[2] === 'start' ? 'date' : 'end'}_${match[1]}`;
  match = /^schedule\.dates\.(\d+)$/.exec(field);
  if (match) return `d_date_${match[1]}`;
  match = /^schedule\.recurrence\.exceptions\.(\d+)$/.exec(field);
  if (match) return `ex_${match[1]}`;
  match = /^schedule\.recurrence\.additions\.(\d+)$/.exec(field);
  if (match) return `add_date_${match[1]}`;
  return field.replace(/[^A-Za-z0-9_-]/g, '_') || 'event-form';
}

/**
 * API paths of the rows kept from the form: an omitted blank row shifts the indexes, so
 * "schedule.dates.1" is the second row filled, mapped back to the row the person typed in.
 */
export function rowIndexMap(state: FormState): number[] {
  const when = value(state, 'when') || 'one';
  if (when === 'one') return [0];
  const rows: number[] = [];
  for (let i = 0; i < Math.max(rowCount(state, 'd_date'), 1); i++) if (value(state, `d_date_${i}`) || i === 0) rows.push(i);
  return rows;
}

export function remapRowErrors(errors: FieldError[], rows: number[]): FieldError[] {
  return errors.map((error) => {
    const match = /^schedule\.dates\.(\d+)(\..*)?$/.exec(error.field);
    return match && rows[Number(match[1])] !== undefined ? { ...error, field: `schedule.dates.${rows[Number(match[1])]}${match[2] ?? ''}` } : error;
  });
}

