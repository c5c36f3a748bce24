import type { WidgetLanguage } from './texts';

/** Events happen in Nord Franche-Comté: their times are Paris times, whoever reads them. */
export const EVENT_TIME_ZONE = 'Europe/Paris';

/** The locale of a language, as the site formats it (English the British way). */
export function localeOf(language: WidgetLanguage): string {
  return language === 'en' ? 'en-GB' : `${language}-FR`;
}

export interface WhenOptions {
  language: WidgetLanguage;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  /** The reader's own time zone; a reader elsewhere is told the times are Paris times. */
  readerTimeZone?: string;
}

/**
 * The dates of an occurrence in the reader's language and Paris time, e.g. "samedi 5 décembre
 * 2026, 10:00 – 12:00"; a day-long event shows its days only; a reader outside Paris's time zone
 * sees the zone's name.
 */
export function formatWhen({ language, startsAt, endsAt, allDay, readerTimeZone }: WhenOptions): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const date: Intl.DateTimeFormatOptions = { timeZone: EVENT_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  if (allDay) {
    // An all-day event ends at midnight of the next day: show its last day, not that midnight.
    const lastDay = new Date(Math.max(start.getTime(), end.getTime() - 1));
    return new Intl.DateTimeFormat(localeOf(language), date).formatRange(start, lastDay);
  }
  const elsewhere = readerTimeZone !== undefined && readerTimeZone !== EVENT_TIME_ZONE;
  const options: Intl.DateTimeFormatOptions = { ...date, hour: '2-digit', minute: '2-digit', ...(elsewhere ? { timeZoneName: 'short' } : {}) };
  return new Intl.DateTimeFormat(localeOf(language), options).formatRange(start, end > start ? end : start);
}
