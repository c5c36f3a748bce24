import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { signAccessToken } from '../auth/tokens';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';
import { JuryService } from './jury.service';
import { ResultsService } from './results.service';

/** Results are published once: never in a state that loses the jury's prizes. */
const env = useTestApi();
let contestId: string;
let jury: JuryService;
let results: ResultsService;

// Twelve photos through the intake: slow on a loaded machine (CI runs the website's tests beside these).
beforeAll(async () => {
  await seedDemoContest(env.db.dataSource, env.api.contest);
  await seedDemoContestEntries(env.db.dataSource, env.api.contest);
  [{ id: contestId }] = await env.db.dataSource.query(`SELECT id FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  // Every window over: the vote closed yesterday.
  await env.db.dataSource.query(
    `UPDATE contest SET submission_opens_at = now() - interval '60 days', submission_closes_at = now() - interval '40 days', moderation_closes_at = now() - interval '35 days',
       vote_opens_at = now() - interval '30 days', vote_closes_at = now() - interval '1 day', jury_opens_at = now() - interval '30 days', jury_closes_at = now() - interval '1 day', results_at = now() WHERE id = $1`,
    [contestId],
  );
  jury = new JuryService(env.api.contest);
  await jury.invite(contestId, 'jure-1@example.org', 'Juré 1', 'fr');
  await jury.invite(contestId, 'jure-2@example.org', 'Juré 2', 'fr');
  results = new ResultsService(env.api.contest);
}, 120_000);

/** Every juror of the round gives every entry assigned to them the same score. */
async function scoreAll(roundId: string, score: number): Promise<void> {
  const assignments: Array<{ juror_id: string; entry_id: string }> = await env.db.dataSource.query(`SELECT juror_id, entry_id FROM contest_jury_assignment WHERE round_id = $1`, [roundId]);
  expect(assignments.length).toBeGreaterThan(0);
  for (const { juror_id: jurorId, entry_id: entryId } of assignments) await jury.score(jurorId, roundId, entryId, score);
}

const published = async () => {
  const [row] = await env.db.dataSource.query(`SELECT results_published_at FROM contest WHERE id = $1`, [contestId]);
  const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM contest_award`);
  return { at: row.results_published_at as Date | null, awards: n as number };
};

test.each([
  ['a first round is open', async () => void (await jury.openRound(contestId, 'YES_NO', 1, false)), /still open/],
  ['only a first round is closed, no final one', async () => {
    const [{ id }] = await env.db.dataSource.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND closed_at IS NULL`, [contestId]);
    await scoreAll(id, 1);
    await jury.closeRound(id, 0.5);
  }, /final round/],
  ['the final round is open', async () => void (await jury.openRound(contestId, 'STARS', 1, true)), /still open/],
])('publishing is refused while %s, and nothing is written', async (_case, arrange, message) => {
  await arrange();
  await expect(results.publish(contestId)).rejects.toMatchObject({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'CONFLICT' }) });
  expect(await published()).toEqual({ at: null, awards: 0 });
});

test('once the final round is closed, the results are published with the jury’s prizes', async () => {
  const [{ id }] = await env.db.dataSource.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND closed_at IS NULL`, [contestId]);
  await scoreAll(id, 4);
  await jury.closeRound(id, 4);
  await results.publish(contestId);
  const after = await published();
  expect(after.at).toBeInstanceOf(Date);
  const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM contest_award WHERE kind = 'JURY'`);
  expect(n).toBeGreaterThan(0);
});

describe('a mistaken publication is withdrawn by the Pôle, logged, and can be published again', () => {
  let admin: string;
  const WITHDRAW = `mutation($c: ID!, $r: String!) { withdrawContestResults(contestId: $c, reason: $r) { phase } }`;
  const LOG = `query($c: ID!) { contestResultsLog(contestId: $c) { action reason awards actorName } }`;

  beforeAll(async () => {
    const pole = await createOrganisation(env.db.dataSource, { kind: 'POLE', name: 'Pôle' });
    const { user } = await createUser(env.db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
    admin = signAccessToken(user.id, env.api.config.jwtSecret, 3600).token;
  });

  test.each([
    ['no reason', '   ', 'BAD_USER_INPUT'],
    ['a reason past 2000 characters', 'x'.repeat(2001), 'BAD_USER_INPUT'],
  ])('with %s, nothing is withdrawn', async (_case, reason, code) => {
    const before = await published();
    expect((await env.api.graphql(WITHDRAW, { c: contestId, r: reason }, { token: admin })).errors?.[0]?.extensions?.code).toBe(code);
    expect(await published()).toEqual(before);
  });

  test('withdrawn: no prize, no public results, the log says who and why; published again from the same rounds', async () => {
    const { awards } = await published();
    expect(awards).toBeGreaterThan(0);
    const withdrawn = await env.api.graphql(WITHDRAW, { c: contestId, r: 'Un prix attribué à une photo retirée entre-temps.' }, { token: admin });
    expect(withdrawn.data!.withdrawContestResults.phase).toBe('DELIBERATION');
    expect(await published()).toEqual({ at: null, awards: 0 });
    expect((await env.api.graphql(`query($s: String!) { contestResults(contest: $s) { publishedAt } }`, { s: DEMO_CONTEST_SLUG })).data!.contestResults).toBeNull();
    // Nothing left to withdraw.
    expect((await env.api.graphql(WITHDRAW, { c: contestId, r: 'Encore.' }, { token: admin })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const again = await env.api.graphql(`mutation($c: ID!) { publishContestResults(contestId: $c) { phase } }`, { c: contestId }, { token: admin });
    expect(again.data!.publishContestResults.phase).toBe('RESULTS');
    expect((await published()).awards).toBe(awards);
    const log = (await env.api.graphql(LOG, { c: contestId }, { token: admin })).data!.contestResultsLog;
    expect(log).toEqual([
      { action: 'PUBLISHED', reason: null, awards, actorName: null },
      { action: 'WITHDRAWN', reason: 'Un prix attribué à une photo retirée entre-temps.', awards, actorName: 'Test User' },
      { action: 'PUBLISHED', reason: null, awards, actorName: 'Test User' },
    ]);
  });

  test('no one outside the Pôle’s moderators withdraws or reads the log', async () => {
    const office = await createOrganisation(env.db.dataSource, { kind: 'TOURISM_OFFICE', name: 'Office' });
    const { user } = await createUser(env.db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const token = signAccessToken(user.id, env.api.config.jwtSecret, 3600).token;
    for (const token_ of [token, undefined]) {
      const refused = await env.api.graphql(WITHDRAW, { c: contestId, r: 'Pourquoi pas.' }, token_ ? { token: token_ } : {});
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(refused.errors?.[0]?.extensions?.code);
      const log = await env.api.graphql(LOG, { c: contestId }, token_ ? { token: token_ } : {});
      expect([log.data?.contestResultsLog, log.errors?.[0]?.extensions?.code]).toEqual([undefined, token_ ? 'FORBIDDEN' : 'UNAUTHENTICATED']);
    }
    expect((await published()).at).toBeInstanceOf(Date);
  });
});

describe('the campaign report and the jurors’ progress, for the Pôle', () => {
  let admin: string;
  beforeAll(async () => {
    const pole = await createOrganisation(env.db.dataSource, { kind: 'POLE', name: 'Pôle (rapport)' });
    const { user } = await createUser(env.db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
    admin = signAccessToken(user.id, env.api.config.jwtSecret, 3600).token;
    // A title typed to run as a formula in a spreadsheet.
    await env.db.dataSource.query(`UPDATE contest_entry SET title = '=HYPERLINK("https://evil.example","clic")' WHERE id = (SELECT id FROM contest_entry WHERE contest_id = $1 ORDER BY submitted_at LIMIT 1)`, [contestId]);
  });

  const report = async (format: 'CSV' | 'XLSX' | 'PDF') => {
    const answer = await env.api.graphql(`query($c: ID!, $f: ReportFormat!) { contestCampaignReport(contestId: $c, format: $f) { filename mimeType base64 } }`, { c: contestId, f: format }, { token: admin });
    expect(answer.errors).toBeUndefined();
    return { ...answer.data!.contestCampaignReport, bytes: Buffer.from(answer.data!.contestCampaignReport.base64, 'base64') };
  };

  test('CSV: every entry with each round’s outcome, its votes and prizes; no cell runs as a formula', async () => {
    const { filename, mimeType, bytes } = await report('CSV');
    expect([filename, mimeType]).toEqual([`concours-${DEMO_CONTEST_SLUG}-rapport.csv`, 'text/csv; charset=utf-8']);
    const { parse } = await import('csv-parse/sync');
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
    expect(header).toEqual(expect.arrayContaining(['Titre', 'État', 'Tour 1 moyenne', 'Tour 2 moyenne', 'Tour 2 retenue', 'Votes du public', 'Prix']));
    const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM contest_entry WHERE contest_id = $1`, [contestId]);
    expect(rows).toHaveLength(n);
    const prize = header!.indexOf('Prix');
    expect(rows.filter((row) => /Jury 1/.test(row[prize]!)).length).toBeGreaterThan(0);
    const title = header!.indexOf('Titre');
    expect(rows.map((row) => row[title])).toContain(`'=HYPERLINK("https://evil.example","clic")`);
    expect(rows.every((row) => !/^[=+\-@]/.test(row[title] ?? ''))).toBe(true);
  });

  test('XLSX: the photos, then the tallies and the log of publications', async () => {
    const { bytes } = await report('XLSX');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Photos', 'Bilan']);
    const tallies = workbook.getWorksheet('Bilan')!.getColumn(1).values.map(String);
    expect(tallies).toEqual(expect.arrayContaining(['Publications et retraits', 'Votes comptés']));
    const log = workbook.getWorksheet('Bilan')!.getColumn(2).values.map(String);
    expect(log.filter((line) => /^(publiés|retirés) \(\d+ prix\)/.test(line)).length).toBe(3);
  });

  const pdfPages = async () => {
    const { filename, mimeType, bytes } = await report('PDF');
    expect([filename, mimeType, bytes.subarray(0, 5).toString('latin1')]).toEqual([`concours-${DEMO_CONTEST_SLUG}-rapport.pdf`, 'application/pdf', '%PDF-']);
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
    return { totalPages, pages: (text as string[]).map((page) => page.replace(/\s+/g, ' ')) };
  };

  test('PDF: the contest, its tallies and log, every entry with accented names, then the prizes; a hostile title prints as text', async () => {
    const [{ title }] = await env.db.dataSource.query(`SELECT title FROM contest WHERE id = $1`, [contestId]);
    const hostile = `=cmd|' /C calc'!A0 <script>alert("x")</script> Repères`;
    await env.db.dataSource.query(`UPDATE contest SET title = jsonb_set(title, '{fr}', to_jsonb($2::text)) WHERE id = $1`, [contestId, hostile]);
    // Votes voided, by reason.
    await env.db.dataSource.query(`INSERT INTO contest_vote_refusal (contest_id, reason, count) VALUES ($1, 'DISPOSABLE_EMAIL', 4), ($1, 'RATE_LIMITED', 2)`, [contestId]);
    try {
      const { totalPages, pages } = await pdfPages();
      expect(totalPages).toBeGreaterThanOrEqual(3);
      // The first block: title as typed, dates, when, the tallies and the log.
      expect(pages[0]).toContain(`Rapport de campagne — ${hostile}`);
      expect(pages[0]).toMatch(/Dépôt des photos : du \d{4}-\d\d-\d\d \d\d:\d\d au /);
      expect(pages[0]).toContain('Rapport établi le ');
      const [{ counted }] = await env.db.dataSource.query(`SELECT (results_summary->>'votesCounted')::int AS counted FROM contest WHERE id = $1`, [contestId]);
      expect(pages[0]).toContain(`Votes comptés : ${counted}`);
      expect(pages[0]).toContain('Votes refusés : DISPOSABLE_EMAIL : 4');
      expect(pages[0]).toContain('Votes refusés : RATE_LIMITED : 2');
      expect(pages[0]!.match(/(publiés|retirés) \(\d+ prix\)/g)).toHaveLength(3);
      // Every entry, by its id, with its commune and credit (accents kept).
      const entries: Array<{ id: string; commune: string; credit_line: string | null }> = await env.db.dataSource.query(
        `SELECT e.id, m.name AS commune, e.credit_line FROM contest_entry e JOIN commune m ON m.insee_code = e.commune_insee WHERE e.contest_id = $1`,
        [contestId],
      );
      const table = pages.slice(1).join(' ').replace(/ /g, '');
      expect(pages[0]).toContain(`Photos : ${entries.length}`);
      for (const entry of entries) expect(table).toContain(entry.id);
      expect(entries.some((entry) => /[à-ÿ]/i.test(entry.commune + (entry.credit_line ?? '')))).toBe(true);
      for (const entry of entries) expect(table).toContain(entry.commune.replace(/ /g, ''));
      // The entry title typed as a formula prints as typed, without the spreadsheet's quote.
      expect(table).toContain('=HYPERLINK("https://evil.example","clic")');
      expect(table).not.toContain(`'=HYPERLINK`);
      // Then the prizes, per category.
      const last = pages[pages.length - 1]!;
      expect(last).toContain('Prix par catégorie');
      expect(last).toMatch(/Jury 1 — /);
      expect(pages.every((page, index) => page.includes(`page ${index + 1} / ${totalPages}`))).toBe(true);
    } finally {
      await env.db.dataSource.query(`UPDATE contest SET title = $2 WHERE id = $1`, [contestId, title]);
      await env.db.dataSource.query(`DELETE FROM contest_vote_refusal WHERE contest_id = $1 AND reason IN ('DISPOSABLE_EMAIL', 'RATE_LIMITED')`, [contestId]);
    }
  });

  test('PDF: a long campaign runs over several pages, the table’s header on each', async () => {
    const short = await pdfPages();
    const [first] = await env.db.dataSource.query(`SELECT id FROM contest_entry WHERE contest_id = $1 ORDER BY submitted_at LIMIT 1`, [contestId]);
    const added: Array<{ id: string }> = await env.db.dataSource.query(
      `INSERT INTO contest_entry (contest_id, entrant_id, category_id, commune_insee, title, credit_line, state, state_reason)
       SELECT contest_id, entrant_id, category_id, commune_insee, 'Étang n° ' || g || ' à Héricourt', credit_line, 'WITHDRAWN', 'Retirée par l’auteur'
       FROM contest_entry, generate_series(1, 150) AS g WHERE id = $1 RETURNING id`,
      [first.id],
    );
    try {
      const { totalPages, pages } = await pdfPages();
      // First block, at least three pages of entries, the prizes.
      expect(totalPages).toBeGreaterThanOrEqual(short.totalPages + 2);
      const tablePages = pages.slice(1, -1).filter((page) => page.includes('Étang n° '));
      expect(tablePages.length).toBeGreaterThanOrEqual(3);
      for (const page of tablePages) expect(page).toMatch(/^\s*Photo Titre Catégorie Commune Crédit État Motif Alertes Envoyée le/);
      for (const n of [1, 75, 150]) expect(pages.join(' ')).toContain(`Étang n° ${n} à Héricourt`);
      expect(pages[0]).toContain(`Photos : ${Number(/Photos : (\d+)/.exec(short.pages[0]!)![1]) + added.length}`);
    } finally {
      await env.db.dataSource.query(`DELETE FROM contest_entry WHERE id = ANY($1)`, [added.map((row) => row.id)]);
    }
  });

  test('each juror’s progress in each round', async () => {
    const rounds = (await env.api.graphql(`query($c: ID!) { juryRounds(contestId: $c) { number jurors { fullName assigned scored } } }`, { c: contestId }, { token: admin })).data!.juryRounds;
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    for (const round of rounds) {
      expect(round.jurors.map((j: { fullName: string }) => j.fullName).sort()).toEqual(['Juré 1', 'Juré 2']);
      for (const juror of round.jurors) expect(juror.scored).toBe(juror.assigned);
    }
  });
});

test('when the rules weigh jury and public (70 / 30), a combined ranking stands beside the separate prizes', async () => {
  await results.withdrawPublication(contestId, 'Ajout du classement combiné prévu au règlement.', null);
  await env.db.dataSource.query(`UPDATE contest SET jury_weight = 70 WHERE id = $1`, [contestId]);
  const [{ id: finalRound }] = await env.db.dataSource.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND is_final`, [contestId]);
  const finalists: Array<{ entry_id: string; category_id: string; mean_score: number; submitted_at: Date }> = await env.db.dataSource.query(
    `SELECT m.entry_id, e.category_id, m.mean_score, e.submitted_at FROM contest_jury_round_entry m JOIN contest_entry e ON e.id = m.entry_id WHERE m.round_id = $1 AND m.mean_score IS NOT NULL ORDER BY e.submitted_at`,
    [finalRound],
  );
  // The public favours one finalist of a category: three votes, each from its own voter.
  const favourite = finalists[0]!;
  for (let i = 0; i < 3; i += 1) {
    const [{ id: voter }] = await env.db.dataSource.query(`INSERT INTO contest_voter (contest_id, email_normalised, verified_at) VALUES ($1, $2, now()) RETURNING id`, [contestId, `votant-${i}@example.org`]);
    await env.db.dataSource.query(`INSERT INTO contest_vote (voter_id, category_id, entry_id) VALUES ($1, $2, $3)`, [voter, favourite.category_id, favourite.entry_id]);
  }
  await results.publish(contestId);
  const combined: Array<{ category_id: string; entry_id: string; rank: number; score: number }> = await env.db.dataSource.query(
    `SELECT a.category_id, a.entry_id, a.rank, a.score FROM contest_award a JOIN contest_category c ON c.id = a.category_id WHERE c.contest_id = $1 AND a.kind = 'COMBINED' ORDER BY a.category_id, a.rank`,
    [contestId],
  );
  // Expected, computed here the plain way: 0.7 × mean / 5 + 0.3 × votes / the category's most voted finalist.
  const votes = (entry: string) => (entry === favourite.entry_id ? 3 : 0);
  for (const category of new Set(finalists.map((f) => f.category_id))) {
    const inCategory = finalists.filter((f) => f.category_id === category);
    const most = Math.max(...inCategory.map((f) => votes(f.entry_id)));
    const expected = inCategory
      .map((f) => ({ entry: f.entry_id, score: 0.7 * (f.mean_score / 5) + 0.3 * (most ? votes(f.entry_id) / most : 0), at: +f.submitted_at }))
      .sort((a, b) => b.score - a.score || a.at - b.at)
      .slice(0, 3);
    const got = combined.filter((row) => row.category_id === category);
    expect(got.map((row) => row.entry_id)).toEqual(expected.map((row) => row.entry));
    got.forEach((row, index) => expect(row.score).toBeCloseTo(expected[index]!.score, 5));
  }
  // The separate prizes are still there.
  const [{ kinds }] = await env.db.dataSource.query(`SELECT array_agg(DISTINCT a.kind::text ORDER BY a.kind::text) AS kinds FROM contest_award a JOIN contest_category c ON c.id = a.category_id WHERE c.contest_id = $1`, [contestId]);
  expect(kinds).toEqual(['COMBINED', 'JURY', 'PUBLIC']);
});
