import { openPdf } from '../common/pdf';
import { oneLine, outputText } from '../common/text-normalisation';


type Cell = string | number | null;

export interface ReportPrizeGroup {
  category: string;
  prizes: Array<{ label: string; title: string | null; credit: string | null; entryId: string }>;
}

export interface CampaignReportPdfInput {
  title: string;
  /** The contest's windows, as label and text. */
  periods: Array<[string, string]>;
  generatedAt: string;
  /** Fixed in tests; the document's creation date. */
  now: Date;
  /** The same tallies as the spreadsheet's "Bilan" sheet. */
  tallies: Array<[string, Cell]>;
  /** The publication log: when, and what. */
  log: Array<[string, string]>;
  /** The entries' table: the same columns and cells as the CSV (not neutralised: a PDF runs no formula). */
  header: string[];
  rows: Cell[][];
  prizes: ReportPrizeGroup[];
}

/** Relative widths of the fixed columns (id, title, category, commune, credit, state, reason, flags, submitted); each further column weighs 1.1. */
const FIXED_WEIGHTS = [2.3, 4.4, 2.2, 2, 2, 2.3, 2.4, 2, 1.9];
const TABLE_FONT_SIZE = 6.5;
const CELL_PADDING = 2;

/** A cell longer than this (a moderator's reason runs to 2000 characters) is cut, so a row always fits on one page. */
const MAX_CELL_CHARACTERS = 600;

const text = (cell: Cell): string => (cell === null ? '' : oneLine(outputText(String(cell))));
const cellText = (cell: Cell): string => {
  const value = text(cell);
  return value.length > MAX_CELL_CHARACTERS ? `${value.slice(0, MAX_CELL_CHARACTERS - 1)}…` : value;
};

/**
 * The campaign report on A4 landscape: a first block with the contest, its dates, when the
 * report was made, the tallies and the publication log; then every entry in a table whose
 * header is repeated on each page; then the prizes per category. Every page is numbered.
 */
export function buildCampaignReportPdf(input: CampaignReportPdfInput): Promise<Buffer> {
  const title = oneLine(input.title);
  const { doc, done } = openPdf({ size: 'A4', layout: 'landscape', margin: 36, bufferPages: true, lang: 'fr', info: { Title: `Rapport de campagne — ${title}`, Author: 'Pôle métropolitain Nord Franche-Comté', CreationDate: input.now }, displayTitle: true });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  // Room kept for the page number in the bottom margin.
  const bottom = () => doc.page.height - doc.page.margins.bottom - 12;

  // The first block: the contest, its dates, the tallies and the log.
  doc.font('bold').fontSize(18).fillColor('#000000').text(`Rapport de campagne — ${title}`, { width });
  doc.moveDown(0.4).font('body').fontSize(10).fillColor('#333333');
  for (const [label, value] of input.periods) doc.text(`${label} : ${value}`, { width });
  doc.text(`Rapport établi le ${input.generatedAt}`, { width }).moveDown(0.6);
  doc.font('bold').fontSize(12).fillColor('#1a4f8b').text('Bilan', { width });
  doc.font('body').fontSize(10).fillColor('#000000');
  for (const [label, value] of input.tallies) doc.text(`${text(label)} : ${text(value)}`, { width });
  doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#1a4f8b').text('Publications et retraits', { width });
  doc.font('body').fontSize(10).fillColor('#000000');
  if (!input.log.length) doc.text('Aucune publication.', { width });
  for (const [at, what] of input.log) doc.text(`${at} — ${outputText(what)}`, { width });

  // The entries, on pages of their own, the header on each.
  const weights = input.header.map((_, index) => FIXED_WEIGHTS[index] ?? 1.1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const columns = weights.map((w) => (w / total) * width);
  const rowHeight = (cells: string[]) => Math.max(...cells.map((cell, index) => doc.heightOfString(cell || ' ', { width: columns[index]! - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  const drawRow = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'body').fontSize(TABLE_FONT_SIZE);
    const height = rowHeight(cells);
    const top = doc.y;
    if (header) doc.rect(left, top, width, height).fillColor('#e8eef6').fill();
    let x = left;
    cells.forEach((cell, index) => {
      doc.fillColor('#000000').text(cell, x + CELL_PADDING, top + CELL_PADDING, { width: columns[index]! - 2 * CELL_PADDING, lineBreak: true });
      x += columns[index]!;
    });
    doc.moveTo(left, top + height).lineTo(left + width, top + height).strokeColor('#b8c4d4').lineWidth(0.3).stroke();
    doc.x = left;
    doc.y = top + height;
  };
  const header = input.header.map(text);
  const startTable = () => {
    doc.addPage();
    drawRow(header, true);
  };
  startTable();
  for (const row of input.rows) {
    const cells = row.map(cellText);
    doc.font('body').fontSize(TABLE_FONT_SIZE);
    if (doc.y + rowHeight(cells) > bottom()) startTable();
    drawRow(cells, false);
  }
  if (!input.rows.length) doc.font('body').fontSize(10).text('Aucune photo.', left, doc.y + 6, { width });

  // The prizes, per category.
  doc.addPage();
  doc.font('bold').fontSize(14).fillColor('#1a4f8b').text('Prix par catégorie', { width });
  if (!input.prizes.length) doc.font('body').fontSize(10).fillColor('#000000').text('Aucun prix attribué.', { width });
  for (const group of input.prizes) {
    if (doc.y > bottom() - 40) doc.addPage();
    doc.moveDown(0.4).font('bold').fontSize(11).fillColor('#000000').text(text(group.category), { width });
    doc.font('body').fontSize(10);
    for (const prize of group.prizes) {
      doc.text(`${prize.label} — ${text(prize.title) || 'sans titre'}${prize.credit ? ` (${text(prize.credit)})` : ''} · ${prize.entryId}`, { width });
    }
  }

  // Every page: its number, in the bottom margin.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(8).fillColor('#555555').text(`${title} · rapport de campagne · page ${index + 1} / ${range.count}`, left, doc.page.height - 24, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
