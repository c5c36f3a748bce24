import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
import { escapeHtml, outputText } from '../common/text-normalisation';
import { OPEN_LICENCE_URL } from './datatourisme';
import type { ExportSelection } from './export-selection';

export interface SyndicationOptions {
  format: 'rss' | 'atom';
  selection: ExportSelection;
  language: Language;
  siteUrl: string;
  /** Where this page is served (the API's public URL, the path and the query it read). */
  selfUrl: string;
  /** The first page: the feed's identity, whatever page this is (RFC 5005). */
  firstUrl: string;
  nextUrl: string | null;
  now?: Date;
}

const PUBLISHER = 'Pôle métropolitain Nord Franche-Comté';
const TEXTS: Record<Language, { title: string; description: string; cancelled: string; postponed: string; window: (from: string, to: string) => string }> = {
  fr: { title: 'Agenda Nord Franche-Comté', description: 'Les prochains événements des offices de tourisme de Nord Franche-Comté.', cancelled: 'ANNULÉ — ', postponed: 'REPORTÉ — ', window: (f, t) => `Dates du ${f} au ${t}.` },
  en: { title: 'Nord Franche-Comté events', description: 'Upcoming events from the tourism offices of Nord Franche-Comté.', cancelled: 'CANCELLED — ', postponed: 'POSTPONED — ', window: (f, t) => `Dates from ${f} to ${t}.` },
  de: { title: 'Veranstaltungen Nord Franche-Comté', description: 'Die nächsten Veranstaltungen der Tourismusbüros von Nord Franche-Comté.', cancelled: 'ABGESAGT — ', postponed: 'VERSCHOBEN — ', window: (f, t) => `Termine vom ${f} bis ${t}.` },
};
const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE' };

/** XML 1.0 character data and attribute values; outputText has already removed what XML cannot hold. */
function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The scheme of category terms: the agenda's own ids, listed on the site. */
export const CATEGORY_SCHEME = (siteUrl: string) => `${siteUrl}/agenda`;

/**
 * RSS 2.0 or Atom (RFC 4287) of one page of dates: one item per date, in the feed's language,
 * with its author, category terms (ids, labels in the language), a self link where the page is
 * served and RFC 5005 paging (`<link rel="next">`; in RSS through the Atom namespace, as
 * feed readers expect). Titles and summaries are plain text escaped as HTML (type="html"), so
 * that any reader shows the text as written.
 */
export function buildSyndication({ format, selection, language, siteUrl, selfUrl, firstUrl, nextUrl, now = new Date() }: SyndicationOptions): string {
  const texts = TEXTS[language];
  const agendaUrl = `${siteUrl}${language === 'fr' ? '' : `/${language}`}/agenda`;
  const range = (date: Date) => new Intl.DateTimeFormat(LOCALE[language], { timeZone: AGENDA_TIME_ZONE, dateStyle: 'long' }).format(date);
  const subtitle = `${texts.description} ${texts.window(range(selection.window.from), selection.window.to ? range(selection.window.to) : '…')}`;
  const items = selection.occurrences.map((occurrence) => {
    const { event, publisher } = occurrence.item;
    const when = new Intl.DateTimeFormat(LOCALE[language], { timeZone: AGENDA_TIME_ZONE, dateStyle: 'full', timeStyle: event.allDay ? undefined : 'short' }).format(occurrence.startsAt);
    const status = event.status === 'CANCELLED' ? texts.cancelled : event.status === 'POSTPONED' ? texts.postponed : '';
    const title = escapeHtml(outputText(`${status}${pickLanguage(event.title, language)} — ${when}`));
    const summary = escapeHtml(outputText(event.shortDescription ? pickLanguage(event.shortDescription, language) : when));
    const link = `${agendaUrl}/${event.slug}`;
    // One entry per date: the event page, one fragment per date.
    const id = `${siteUrl}/agenda/${event.slug}#${occurrence.startsAt.toISOString()}`;
    const categories = event.categories.map((term) => ({ term, label: EVENT_CATEGORIES.find((c) => c.id === term)?.label[language] ?? term }));
    const author = outputText(event.organiserName ?? publisher?.name ?? PUBLISHER);
    const published = event.firstPublishedAt ?? event.createdAt;
    return { title, summary, link, id, categories, author, updated: event.updatedAt, published };
  });
  const updated = items.reduce((latest, item) => (item.updated > latest ? item.updated : latest), items.length ? items[0]!.updated : now);
  if (format === 'atom') {
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">`,
      `<id>${xml(firstUrl)}</id>`,
      `<title>${xml(texts.title)}</title>`,
      `<subtitle>${xml(subtitle)}</subtitle>`,
      `<updated>${updated.toISOString()}</updated>`,
      `<author><name>${xml(PUBLISHER)}</name><uri>${xml(siteUrl)}</uri></author>`,
      `<link rel="self" type="application/atom+xml" href="${xml(selfUrl)}"/>`,
      `<link rel="alternate" type="text/html" href="${xml(agendaUrl)}"/>`,
      `<link rel="first" href="${xml(firstUrl)}"/>`,
      ...(nextUrl ? [`<link rel="next" href="${xml(nextUrl)}"/>`] : []),
      `<link rel="license" href="${xml(OPEN_LICENCE_URL)}"/>`,
      `<rights>Licence Ouverte 2.0 (Etalab)</rights>`,
      ...items.map((item) =>
        [
          '<entry>',
          `<id>${xml(item.id)}</id>`,
          `<title type="html">${xml(item.title)}</title>`,
          `<link rel="alternate" type="text/html" href="${xml(item.link)}"/>`,
          `<updated>${item.updated.toISOString()}</updated>`,
          `<published>${item.published.toISOString()}</published>`,
          `<author><name>${xml(item.author)}</name></author>`,
          ...item.categories.map((c) => `<category term="${xml(c.term)}" scheme="${xml(CATEGORY_SCHEME(siteUrl))}" label="${xml(c.label)}"/>`),
          `<summary type="html">${xml(item.summary)}</summary>`,
          '</entry>',
        ].join('\n'),
      ),
      '</feed>',
      '',
    ].join('\n');
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${xml(texts.title)}</title>`,
    `<link>${xml(agendaUrl)}</link>`,
    `<description>${xml(subtitle)}</description>`,
    `<language>${language}</language>`,
    `<copyright>${xml(`${PUBLISHER} — Licence Ouverte 2.0`)}</copyright>`,
    `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`,
    '<docs>https://www.rssboard.org/rss-specification</docs>',
    `<atom:link rel="self" type="application/rss+xml" href="${xml(selfUrl)}"/>`,
    `<atom:link rel="first" href="${xml(firstUrl)}"/>`,
    ...(nextUrl ? [`<atom:link rel="next" href="${xml(nextUrl)}"/>`] : []),
    ...items.map((item) =>
      [
        '<item>',
        `<title>${xml(item.title)}</title>`,
        `<link>${xml(item.link)}</link>`,
        `<description>${xml(item.summary)}</description>`,
        // RSS's <author> must be an e-mail address: the organiser's name goes in dc:creator.
        `<dc:creator>${xml(item.author)}</dc:creator>`,
        ...item.categories.map((c) => `<category domain="${xml(CATEGORY_SCHEME(siteUrl))}">${xml(c.label)}</category>`),
        `<guid isPermaLink="false">${xml(item.id)}</guid>`,
        `<pubDate>${item.published.toUTCString()}</pubDate>`,
        '</item>',
      ].join('\n'),
    ),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
