import { AGENDA_TIME_ZONE, pickLanguage, type Language } from '@nfc/shared';
import { DateTime } from 'luxon';
import { openPdf } from '../common/pdf';
import { oneLine, outputText } from '../common/text-normalisation';
import { OPEN_LICENCE_NAME, OPEN_LICENCE_URL } from './datatourisme';
import type { ExportSelection } from './export-selection';
import { priceText, STATUS_LABELS } from './spreadsheet';


/** The most dates a printed programme holds (about twenty pages); it says so when cut. */
export const MAX_PROGRAMME_OCCURRENCES = 150;

const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE' };

const TEXT = {
  title: { fr: 'Programme des événements', en: 'Events programme', de: 'Veranstaltungsprogramm' },
  from: { fr: 'À partir du', en: 'From', de: 'Ab' },
  between: { fr: (a: string, b: string) => `Du ${a} au ${b}`, en: (a: string, b: string) => `From ${a} to ${b}`, de: (a: string, b: string) => `Vom ${a} bis ${b}` },
  allDay: { fr: 'Toute la journée', en: 'All day', de: 'Ganztägig' },
  none: { fr: 'Aucun événement pour cette sélection.', en: 'No events for this selection.', de: 'Keine Veranstaltungen für diese Auswahl.' },
  cut: {
    fr: (shown: number, total: number) => `Programme limité aux ${shown} premières dates sur ${total}. La liste complète est en ligne :`,
    en: (shown: number, total: number) => `This programme holds the first ${shown} of ${total} dates. The full list is online:`,
    de: (shown: number, total: number) => `Dieses Programm enthält die ersten ${shown} von ${total} Terminen. Die vollständige Liste steht online:`,
  },
  licence: { fr: 'Données ouvertes', en: 'Open data', de: 'Offene Daten' },
  source: { fr: 'Agenda Nord Franche-Comté', en: 'Nord Franche-Comté events', de: 'Veranstaltungen Nord Franche-Comté' },
};

export interface ProgrammeOptions {
  language: Language;
  /** The area the selection covers, when it is one (an EPCI or a commune). */
  scope: string | null;
  /** The same selection on the site, printed when the programme is cut. */
  onlineUrl: string;
  /** Fixed dates make the file reproducible (tests); the present otherwise. */
  now?: Date;
}

/** A printable A4 programme of a selection: by day, each date with its time, place, description, price and status. */
export function buildProgramme(selection: ExportSelection, { language, scope, onlineUrl, now = new Date() }: ProgrammeOptions): Promise<Buffer> {
  const day = (date: Date) => new Intl.DateTimeFormat(LOCALE[language], { timeZone: AGENDA_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
  const shortDay = (date: Date) => new Intl.DateTimeFormat(LOCALE[language], { timeZone: AGENDA_TIME_ZONE, weekday: 'short', day: 'numeric', month: 'short' }).format(date);
  const clock = (date: Date) => new Intl.DateTimeFormat(LOCALE[language], { timeZone: AGENDA_TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(date);
  const title = scope ? `${TEXT.title[language]} — ${scope}` : TEXT.title[language];
  const { doc, done } = openPdf({ size: 'A4', margin: 48, bufferPages: true, lang: language, info: { Title: title, Author: 'Pôle métropolitain Nord Franche-Comté', CreationDate: now }, displayTitle: true });

  const { from, to } = selection.window;
  // "to" is exclusive: the last day printed is the one before it.
  const period = to ? TEXT.between[language](day(from), day(new Date(to.getTime() - 1))) : `${TEXT.from[language]} ${day(from)}`;
  doc.font('bold').fontSize(20).text(title);
  doc.font('body').fontSize(12).fillColor('#333333').text(period).moveDown(0.5);
  const cut = selection.totalCount > selection.occurrences.length;
  if (cut) {
    doc.fontSize(10).fillColor('#000000').text(TEXT.cut[language](selection.occurrences.length, selection.totalCount)).fillColor('#1a4f8b').text(onlineUrl, { link: onlineUrl, underline: true }).moveDown(0.5);
  }
  if (!selection.occurrences.length) doc.fontSize(12).fillColor('#000000').text(TEXT.none[language]);

  let currentDay = '';
  for (const row of selection.occurrences) {
    const { event, commune } = row.item;
    const dayKey = DateTime.fromJSDate(row.startsAt, { zone: AGENDA_TIME_ZONE }).toISODate()!;
    if (dayKey !== currentDay) {
      currentDay = dayKey;
      if (doc.y > doc.page.height - 160) doc.addPage();
      doc.moveDown(0.6).font('bold').fontSize(14).fillColor('#1a4f8b').text(day(row.startsAt)[0]!.toUpperCase() + day(row.startsAt).slice(1));
      const y = doc.y + 2;
      doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).strokeColor('#1a4f8b').lineWidth(0.5).stroke();
      doc.moveDown(0.4);
    }
    if (doc.y > doc.page.height - 120) doc.addPage();
    // A date over several days says when it ends.
    const lastInstant = event.allDay ? new Date(row.endsAt.getTime() - 1) : row.endsAt;
    const sameDay = DateTime.fromJSDate(lastInstant, { zone: AGENDA_TIME_ZONE }).toISODate() === dayKey;
    const until = sameDay ? '' : ` → ${shortDay(lastInstant)}`;
    const when = event.allDay ? `${TEXT.allDay[language]}${until}` : `${clock(row.startsAt)} – ${sameDay ? '' : `${shortDay(lastInstant)} `}${clock(row.endsAt)}`;
    const mark = event.status !== 'SCHEDULED' ? `[${STATUS_LABELS[event.status]![language].toUpperCase()}] ` : '';
    doc.font('bold').fontSize(11).fillColor(event.status === 'CANCELLED' || event.status === 'POSTPONED' ? '#b00020' : '#000000');
    doc.text(`${when}   ${mark}`, { continued: true }).fillColor('#000000').text(oneLine(outputText(pickLanguage(event.title, language))));
    const where = [event.placeName, commune?.name].filter(Boolean).map((v) => oneLine(outputText(v!))).join(', ');
    const price = priceText(event, language);
    doc.font('body').fontSize(10).fillColor('#333333').text([where, price].filter(Boolean).join(' · '));
    if (event.shortDescription) doc.fillColor('#000000').text(outputText(pickLanguage(event.shortDescription, language)));
    doc.moveDown(0.4);
  }

  // Every page: its number and the licence, in the bottom margin.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(8).fillColor('#555555').text(`${TEXT.source[language]} · ${TEXT.licence[language]}${language === 'fr' ? ' : ' : ': '}${OPEN_LICENCE_NAME}, ${OPEN_LICENCE_URL} · ${index + 1}/${range.count}`, doc.page.margins.left, doc.page.height - 30, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
