import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { oneLine, outputText } from '../common/text-normalisation';
import { OPEN_LICENCE_NAME, OPEN_LICENCE_URL } from './datatourisme';
import type { ExportOccurrence, ExportSelection } from './export-selection';

type Cell = string | number | null;
type Labels = Record<Language, string>;

/** Status words, as the printed programme and the spreadsheets write them. */
export const STATUS_LABELS: Record<string, Labels> = {
  SCHEDULED: { fr: 'Programmé', en: 'Scheduled', de: 'Geplant' },
  RESCHEDULED: { fr: 'Reprogrammé', en: 'Rescheduled', de: 'Verschoben (neuer Termin)' },
  POSTPONED: { fr: 'Reporté', en: 'Postponed', de: 'Verschoben' },
  MOVED_ONLINE: { fr: 'En ligne', en: 'Moved online', de: 'Online' },
  FULL: { fr: 'Complet', en: 'Full', de: 'Ausgebucht' },
  CANCELLED: { fr: 'Annulé', en: 'Cancelled', de: 'Abgesagt' },
};

export const FREE_LABEL: Labels = { fr: 'Gratuit', en: 'Free', de: 'Kostenlos' };

/** The price of an event in words: free, one price, or a range. */
export function priceText(event: { isFree: boolean; priceMin: string | null; priceMax: string | null; currency: string | null }, language: Language): string {
  if (event.isFree) return FREE_LABEL[language];
  const prices = [...new Set([event.priceMin, event.priceMax].filter((p): p is string => p !== null).map(Number))];
  const locale = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE' }[language];
  const amount = (value: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: event.currency ?? 'EUR' }).format(value);
  return prices.map(amount).join(' – ');
}

/** One column: its label in each language and its value for a date. */
interface Column {
  key: string;
  label: Labels;
  width: number;
  value: (row: ExportOccurrence, language: Language) => Cell;
}

const local = (date: Date) => DateTime.fromJSDate(date, { zone: AGENDA_TIME_ZONE });

/** One row per date (occurrence), in date order: a programme is read by date. */
export const COLUMNS: Column[] = [
  { key: 'date', label: { fr: 'Date', en: 'Date', de: 'Datum' }, width: 12, value: (r) => local(r.startsAt).toISODate() },
  { key: 'start', label: { fr: 'Début', en: 'Start', de: 'Beginn' }, width: 8, value: (r) => (r.item.event.allDay ? null : local(r.startsAt).toFormat('HH:mm')) },
  // The last day (an all-day date ends at the next midnight, so the day before it) and the end time.
  { key: 'endDate', label: { fr: 'Date de fin', en: 'End date', de: 'Enddatum' }, width: 12, value: (r) => local(r.item.event.allDay ? new Date(r.endsAt.getTime() - 1) : r.endsAt).toISODate() },
  { key: 'end', label: { fr: 'Fin', en: 'End', de: 'Ende' }, width: 8, value: (r) => (r.item.event.allDay ? null : local(r.endsAt).toFormat('HH:mm')) },
  { key: 'title', label: { fr: 'Titre', en: 'Title', de: 'Titel' }, width: 40, value: (r, l) => pickLanguage(r.item.event.title, l) },
  { key: 'status', label: { fr: 'Statut', en: 'Status', de: 'Status' }, width: 12, value: (r, l) => STATUS_LABELS[r.item.event.status]?.[l] ?? r.item.event.status },
  { key: 'categories', label: { fr: 'Catégories', en: 'Categories', de: 'Kategorien' }, width: 20, value: (r, l) => r.item.event.categories.map((id) => EVENT_CATEGORIES.find((c) => c.id === id)?.label[l] ?? id).join(', ') },
  { key: 'place', label: { fr: 'Lieu', en: 'Place', de: 'Ort' }, width: 25, value: (r) => r.item.event.placeName },
  { key: 'address', label: { fr: 'Adresse', en: 'Address', de: 'Adresse' }, width: 25, value: (r) => r.item.event.streetAddress },
  { key: 'postalCode', label: { fr: 'Code postal', en: 'Postcode', de: 'PLZ' }, width: 10, value: (r) => r.item.event.postalCode ?? r.item.commune?.postalCodes[0] ?? null },
  { key: 'commune', label: { fr: 'Commune', en: 'Municipality', de: 'Gemeinde' }, width: 20, value: (r) => r.item.commune?.name ?? null },
  { key: 'insee', label: { fr: 'Code INSEE', en: 'INSEE code', de: 'INSEE-Code' }, width: 10, value: (r) => r.item.event.communeInsee },
  { key: 'latitude', label: { fr: 'Latitude', en: 'Latitude', de: 'Breitengrad' }, width: 10, value: (r) => r.item.event.lat },
  { key: 'longitude', label: { fr: 'Longitude', en: 'Longitude', de: 'Längengrad' }, width: 10, value: (r) => r.item.event.lon },
  { key: 'description', label: { fr: 'Description courte', en: 'Short description', de: 'Kurzbeschreibung' }, width: 50, value: (r, l) => (r.item.event.shortDescription ? pickLanguage(r.item.event.shortDescription, l) : null) },
  { key: 'price', label: { fr: 'Tarif', en: 'Price', de: 'Preis' }, width: 14, value: (r, l) => priceText(r.item.event, l) || null },
  { key: 'booking', label: { fr: 'Réservation', en: 'Booking', de: 'Buchung' }, width: 30, value: (r) => r.item.event.bookingUrl },
  { key: 'organiser', label: { fr: 'Organisateur', en: 'Organiser', de: 'Veranstalter' }, width: 25, value: (r) => r.item.event.organiserName },
  { key: 'publisher', label: { fr: 'Office publiant', en: 'Publishing office', de: 'Veröffentlichendes Büro' }, width: 25, value: (r) => r.item.publisher?.name ?? null },
  { key: 'updated', label: { fr: 'Mis à jour', en: 'Updated', de: 'Aktualisiert' }, width: 20, value: (r) => r.item.event.updatedAt.toISOString() },
];

/**
 * A text cell a spreadsheet cannot take as a formula: one starting with = + - @ (or a tab or
 * carriage return, which some programs skip before looking) gets a leading apostrophe (OWASP).
 * Numbers stay numbers.
 */
export function neutralise(cell: Cell): Cell {
  if (typeof cell !== 'string') return cell;
  const text = outputText(cell);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function rows(selection: ExportSelection, language: Language, siteUrl: string): Cell[][] {
  return selection.occurrences.map((row) => [...COLUMNS.map((column) => neutralise(column.value(row, language))), `${siteUrl}/agenda/${row.item.event.slug}`]);
}

const URL_LABEL: Labels = { fr: 'Page', en: 'Page', de: 'Seite' };

/** RFC 4180 CSV: CRLF, quoted where needed, UTF-8 with a BOM so that Excel reads the accents. */
export function buildCsv(selection: ExportSelection, language: Language, siteUrl: string): Buffer {
  const header = [...COLUMNS.map((c) => c.label[language]), URL_LABEL[language]];
  const text = stringify([header, ...rows(selection, language, siteUrl)], { record_delimiter: '\r\n', bom: true, cast: { number: (value) => String(value) } });
  return Buffer.from(text, 'utf8');
}

const SHEET: Labels = { fr: 'Agenda', en: 'Agenda', de: 'Veranstaltungen' };
const ABOUT: Labels = { fr: 'À propos', en: 'About', de: 'Info' };

/** An XLSX workbook: the dates on one sheet (header frozen, filters on), the window, paging and licence on another. */
export async function buildXlsx(selection: ExportSelection, language: Language, siteUrl: string, feedUrl: string, nextUrl: string | null): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pôle métropolitain Nord Franche-Comté';
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(SHEET[language], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [...COLUMNS.map((c) => ({ header: c.label[language], key: c.key, width: c.width })), { header: URL_LABEL[language], key: 'url', width: 40 }];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows(selection, language, siteUrl)) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length + 1 } };
  const about = workbook.addWorksheet(ABOUT[language]);
  const info: Array<[Labels, string]> = [
    [{ fr: 'Source', en: 'Source', de: 'Quelle' }, feedUrl],
    [{ fr: 'Licence', en: 'Licence', de: 'Lizenz' }, `${OPEN_LICENCE_NAME} — ${OPEN_LICENCE_URL}`],
    [{ fr: 'Du', en: 'From', de: 'Von' }, selection.window.from.toISOString()],
    [{ fr: 'Au', en: 'To', de: 'Bis' }, selection.window.to?.toISOString() ?? '—'],
    [{ fr: 'Dates dans cette fenêtre', en: 'Dates in this window', de: 'Termine in diesem Zeitraum' }, String(selection.totalCount)],
    [{ fr: 'Dates dans ce fichier', en: 'Dates in this file', de: 'Termine in dieser Datei' }, String(selection.occurrences.length)],
    [{ fr: 'Suite', en: 'Next page', de: 'Nächste Seite' }, nextUrl ?? '—'],
  ];
  for (const [label, value] of info) about.addRow([label[language], oneLine(value)]);
  about.getColumn(1).width = 28;
  about.getColumn(2).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
