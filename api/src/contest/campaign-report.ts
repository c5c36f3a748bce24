import { AGENDA_TIME_ZONE, pickLanguage, type LocalizedText, type VoteVoidReason } from '@nfc/shared';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { neutralise } from '../agenda/spreadsheet';
import { assertUuid } from '../common/errors';
import type { ContestDeps } from './contest-deps';
import { findContest } from './contest-deps';
import { buildCampaignReportPdf, type ReportPrizeGroup } from './campaign-report-pdf';
import { ResultsService } from './results.service';

type Cell = string | number | null;

/** One entry of the campaign: its moderation, every round's outcome, its votes and prizes. */
interface ReportRow {
  id: string;
  title: string | null;
  category: string;
  commune: string;
  credit: string | null;
  state: string;
  stateReason: string | null;
  flags: string;
  submittedAt: Date;
  rounds: Map<number, { mean: number | null; votes: number; advanced: boolean }>;
  publicVotes: number;
  prizes: string;
}

export interface CampaignReport {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

/** How each kind of prize reads in the report. */
const PRIZE_LABELS: Record<string, string> = { JURY: 'Jury', PUBLIC: 'Public', COMBINED: 'Combiné' };

const local = (date: Date) => DateTime.fromJSDate(date, { zone: AGENDA_TIME_ZONE }).toFormat('yyyy-LL-dd HH:mm');

/**
 * The whole campaign, for the Pôle's records and its jury's minutes: every entry (whatever its
 * state) with its moderation, the outcome of each jury round, its public votes and prizes, in
 * a fixed number of statements; the XLSX adds the tallies (votes counted, voided by reason) and
 * the log of publications; the PDF prints the same: the tallies and the log first, then the
 * entries (the header on every page), then the prizes per category. Spreadsheet cells are
 * neutralised against formula injection, as every export is; the PDF prints text as text.
 */
export async function buildCampaignReport(deps: ContestDeps, contestId: string, format: 'CSV' | 'XLSX' | 'PDF', now: Date = new Date()): Promise<CampaignReport> {
  assertUuid(contestId, 'contestId');
  const { dataSource } = deps;
  const contest = await findContest(dataSource, { id: contestId });
  const [entries, rounds, outcomes, votes, prizes, refusals, log] = await Promise.all([
    dataSource.query(
      `SELECT e.id, e.title, c.label AS category, m.name AS commune, e.credit_line, e.state, e.state_reason, e.flags, e.submitted_at,
              coalesce((SELECT t.disqualification FROM contest_entry_transition t WHERE t.entry_id = e.id ORDER BY t.at DESC, t.id DESC LIMIT 1), false) AS disqualified
       FROM contest_entry e JOIN contest_category c ON c.id = e.category_id JOIN commune m ON m.insee_code = e.commune_insee
       WHERE e.contest_id = $1 ORDER BY c.position, e.submitted_at, e.id`,
      [contestId],
    ) as Promise<Array<{ id: string; title: string | null; category: LocalizedText; commune: string; credit_line: string | null; state: string; state_reason: string | null; flags: string[]; submitted_at: Date; disqualified: boolean }>>,
    dataSource.query(`SELECT id, number, scale, is_final, closed_at FROM contest_jury_round WHERE contest_id = $1 ORDER BY number`, [contestId]) as Promise<Array<{ id: string; number: number; scale: string; is_final: boolean; closed_at: Date | null }>>,
    dataSource.query(
      `SELECT r.number, m.entry_id, m.mean_score, m.votes, m.advanced FROM contest_jury_round_entry m JOIN contest_jury_round r ON r.id = m.round_id WHERE r.contest_id = $1`,
      [contestId],
    ) as Promise<Array<{ number: number; entry_id: string; mean_score: number | null; votes: number; advanced: boolean }>>,
    dataSource.query(`SELECT v.entry_id, count(*)::int AS votes FROM contest_vote v JOIN contest_entry e ON e.id = v.entry_id WHERE e.contest_id = $1 GROUP BY v.entry_id`, [contestId]) as Promise<Array<{ entry_id: string; votes: number }>>,
    dataSource.query(`SELECT a.entry_id, a.kind, a.rank FROM contest_award a JOIN contest_category c ON c.id = a.category_id WHERE c.contest_id = $1 ORDER BY a.kind, a.rank`, [contestId]) as Promise<Array<{ entry_id: string; kind: string; rank: number }>>,
    dataSource.query(`SELECT reason, count FROM contest_vote_refusal WHERE contest_id = $1 ORDER BY reason`, [contestId]) as Promise<Array<{ reason: VoteVoidReason; count: number }>>,
    new ResultsService(deps).publicationLog(contestId),
  ]);
  const rows: ReportRow[] = entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    category: pickLanguage(entry.category, 'fr'),
    commune: entry.commune,
    credit: entry.credit_line,
    // A rejection that took back an approval says so: its votes, scores and any prize went with it.
    state: entry.disqualified ? `${entry.state} (disqualifiée)` : entry.state,
    stateReason: entry.state_reason,
    flags: entry.flags.join(', '),
    submittedAt: entry.submitted_at,
    rounds: new Map(outcomes.filter((o) => o.entry_id === entry.id).map((o) => [o.number, { mean: o.mean_score, votes: o.votes, advanced: o.advanced }])),
    publicVotes: votes.find((v) => v.entry_id === entry.id)?.votes ?? 0,
    prizes: prizes.filter((p) => p.entry_id === entry.id).map((p) => `${PRIZE_LABELS[p.kind] ?? p.kind} ${p.rank}`).join(', '),
  }));
  const header = [
    'Photo', 'Titre', 'Catégorie', 'Commune', 'Crédit', 'État', 'Motif', 'Alertes', 'Envoyée le',
    ...rounds.flatMap((round) => [`Tour ${round.number} moyenne`, `Tour ${round.number} notes`, `Tour ${round.number} retenue`]),
    'Votes du public', 'Prix',
  ];
  const values = rows.map((row): Cell[] => [
    row.id, row.title, row.category, row.commune, row.credit, row.state, row.stateReason, row.flags, local(row.submittedAt),
    ...rounds.flatMap((round): Cell[] => {
      const outcome = row.rounds.get(round.number);
      if (!outcome) return [null, null, null];
      return [outcome.mean === null ? null : Math.round(outcome.mean * 100) / 100, outcome.votes, round.closed_at ? (outcome.advanced ? 'oui' : 'non') : 'en cours'];
    }),
    row.publicVotes, row.prizes,
  ]);
  const cells = values.map((row) => row.map(neutralise));
  const name = `concours-${contest.slug}-rapport`;
  const title = pickLanguage(contest.title, 'fr');
  const tallyLines: Array<[string, Cell]> = [
    ['Photos', rows.length],
    ...[...new Set(rows.map((row) => row.state))].sort().map((state): [string, Cell] => [`Photos ${state}`, rows.filter((row) => row.state === state).length]),
    ['Votes comptés', contest.resultsSummary?.votesCounted ?? votes.reduce((sum, v) => sum + v.votes, 0)],
    ...refusals.map((refusal): [string, Cell] => [`Votes refusés : ${refusal.reason}`, refusal.count]),
    ...rounds.map((round): [string, Cell] => [`Tour ${round.number} (${round.scale}${round.is_final ? ', final' : ''})`, round.closed_at ? `clos le ${local(round.closed_at)}` : 'ouvert']),
  ];
  const logLines = log.map((event): [string, string] => [local(event.at), `${event.action === 'PUBLISHED' ? 'publiés' : 'retirés'} (${event.awards} prix)${event.actorName ? ` par ${event.actorName}` : ''}${event.reason ? ` : ${event.reason}` : ''}`]);
  if (format === 'PDF') {
    const prizeGroups: ReportPrizeGroup[] = [];
    for (const prize of prizes) {
      const row = rows.find((r) => r.id === prize.entry_id);
      if (!row) continue;
      let group = prizeGroups.find((g) => g.category === row.category);
      if (!group) prizeGroups.push((group = { category: row.category, prizes: [] }));
      group.prizes.push({ label: `${PRIZE_LABELS[prize.kind] ?? prize.kind} ${prize.rank}`, title: row.title, credit: row.credit, entryId: row.id });
    }
    // Categories in the contest's order (the entries come in it).
    prizeGroups.sort((a, b) => rows.findIndex((r) => r.category === a.category) - rows.findIndex((r) => r.category === b.category));
    const bytes = await buildCampaignReportPdf({
      title,
      periods: [
        ['Dépôt des photos', `du ${local(contest.submissionOpensAt)} au ${local(contest.submissionClosesAt)}`],
        ['Jury', `du ${local(contest.juryOpensAt)} au ${local(contest.juryClosesAt)}`],
        ['Vote du public', `du ${local(contest.voteOpensAt)} au ${local(contest.voteClosesAt)}`],
        ['Résultats', local(contest.resultsAt)],
      ],
      generatedAt: local(now),
      now,
      tallies: tallyLines,
      log: logLines,
      header,
      rows: values,
      prizes: prizeGroups,
    });
    return { filename: `${name}.pdf`, mimeType: 'application/pdf', bytes };
  }
  if (format === 'CSV') {
    const text = stringify([header, ...cells], { record_delimiter: '\r\n', bom: true, cast: { number: (value) => String(value) } });
    return { filename: `${name}.csv`, mimeType: 'text/csv; charset=utf-8', bytes: Buffer.from(text, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pôle métropolitain Nord Franche-Comté';
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet('Photos', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  for (const row of cells) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  sheet.columns.forEach((column, index) => (column.width = index === 1 ? 36 : index === 0 ? 38 : 16));
  const tallies = workbook.addWorksheet('Bilan');
  tallies.addRow(['Concours', neutralise(title)]);
  for (const line of tallyLines) tallies.addRow(line);
  tallies.addRow([]);
  tallies.addRow(['Publications et retraits']);
  for (const [at, what] of logLines) tallies.addRow([at, neutralise(what)]);
  tallies.getColumn(1).width = 34;
  tallies.getColumn(2).width = 60;
  return { filename: `${name}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
