import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { signAccessToken } from '../auth/tokens';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';
import { JuryService } from './jury.service';

/**
 * Disqualifying an approved entry: what the preview promises is what the disqualification
 * does, and the jury's weight in the combined ranking is the Pôle's to set until the results
 * are out. Tests run in order and share state.
 */
let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;
let admin: string;
let contestId: string;
let categoryId: string;
let finalRound: string;
/** Entry ids by submission order, all in one category. */
let entries: string[];

const PREVIEW = `query($e: ID!) { disqualificationPreview(entryId: $e) {
  entryId title votesVoided finalRoundClosed resultsPublished
  rounds { number isFinal closed scores meanScore advanced }
  prizesHeld { kind rank }
  rankings { kind current { rank entryId score } without { rank entryId score } } } }`;
const DISQUALIFY = `mutation($e: ID!, $r: String!) { disqualifyEntry(entryId: $e, reason: $r) { id state stateReason history { toState actor reason disqualification } } }`;
const WEIGHT = `mutation($c: ID!, $w: Int) { setContestJuryWeight(contestId: $c, juryWeight: $w) { juryWeight } }`;

const gql = (query: string, variables: Record<string, unknown>) => api.graphql(query, variables, { token: admin });
/** Scores and votes chosen so every ranking is known: entry i gets `SCORES[i]` stars and `VOTES[i]` votes. */
const SCORES = [5, 4, 4, 3, 2, 1];
const VOTES = [1, 4, 0, 3, 2, 0];

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url } });
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  admin = signAccessToken(user.id, api.config.jwtSecret, 3600).token;
  await seedDemoContest(db.dataSource, api.contest);
  await seedDemoContestEntries(db.dataSource, api.contest);
  [{ id: contestId }] = await db.dataSource.query(`SELECT id FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  // Six entries in one category (the others leave the contest's jury): enough for someone to move up into the top three.
  const all: Array<{ id: string; category_id: string }> = await db.dataSource.query(`SELECT id, category_id FROM contest_entry WHERE contest_id = $1 ORDER BY submitted_at, id`, [contestId]);
  categoryId = all[0]!.category_id;
  entries = all.slice(0, SCORES.length).map((row) => row.id);
  await db.dataSource.query(`UPDATE contest_entry SET category_id = $1, submitted_at = now() - make_interval(mins => 100 - array_position($2::uuid[], id)) WHERE id = ANY($2)`, [categoryId, entries]);
  await db.dataSource.query(`UPDATE contest_entry SET state = 'WITHDRAWN' WHERE contest_id = $1 AND NOT (id = ANY($2))`, [contestId, entries]);
  await db.dataSource.query(
    `UPDATE contest SET submission_opens_at = now() - interval '60 days', submission_closes_at = now() - interval '40 days', moderation_closes_at = now() - interval '35 days',
       vote_opens_at = now() - interval '30 days', vote_closes_at = now() - interval '1 day', jury_opens_at = now() - interval '30 days', jury_closes_at = now() - interval '1 day', results_at = now() WHERE id = $1`,
    [contestId],
  );
  const jury = new JuryService(api.contest);
  await jury.invite(contestId, 'jure-1@example.org', 'Juré 1', 'fr');
  finalRound = (await jury.openRound(contestId, 'STARS', 1, true)).id;
  const assignments: Array<{ juror_id: string; entry_id: string }> = await db.dataSource.query(`SELECT juror_id, entry_id FROM contest_jury_assignment WHERE round_id = $1`, [finalRound]);
  for (const { juror_id: juror, entry_id: entry } of assignments) await jury.score(juror, finalRound, entry, SCORES[entries.indexOf(entry)]!);
  await jury.closeRound(finalRound, 3);
  for (const [index, count] of VOTES.entries()) {
    for (let i = 0; i < count; i += 1) {
      const [{ id: voter }] = await db.dataSource.query(`INSERT INTO contest_voter (contest_id, email_normalised, verified_at) VALUES ($1, $2, now()) RETURNING id`, [contestId, `votant-${index}-${i}@example.org`]);
      await db.dataSource.query(`INSERT INTO contest_vote (voter_id, category_id, entry_id) VALUES ($1, $2, $3)`, [voter, categoryId, entries[index]]);
    }
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

/** The top three of a ranking computed the plain way, from the table above, leaving `without` out. */
function expectedTop(kind: 'JURY' | 'PUBLIC' | 'COMBINED', weight: number, without: string | null): string[] {
  const most = Math.max(...VOTES.filter((_, i) => entries[i] !== without));
  const score = (i: number) => (kind === 'JURY' ? SCORES[i]! : kind === 'PUBLIC' ? VOTES[i]! : (weight / 100) * (SCORES[i]! / 5) + (1 - weight / 100) * (most ? VOTES[i]! / most : 0));
  return entries
    .map((id, i) => ({ id, i, score: score(i) }))
    .filter((row) => row.id !== without && (kind !== 'PUBLIC' || row.score > 0))
    // Ties go to the earlier entry (the jury's first to the one with more scores: one each here).
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 3)
    .map((row) => row.id);
}

describe('the jury’s weight in the combined ranking', () => {
  test.each([
    ['below 0', -1, 'BAD_USER_INPUT'],
    ['above 100', 101, 'BAD_USER_INPUT'],
  ])('%s is refused and nothing changes', async (_case, weight, code) => {
    const answer = await gql(WEIGHT, { c: contestId, w: weight });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code, fields: [{ field: 'juryWeight' }] });
    const [{ jury_weight }] = await db.dataSource.query(`SELECT jury_weight FROM contest WHERE id = $1`, [contestId]);
    expect(jury_weight).toBeNull();
  });

  test.each([
    [70, 70],
    [null, null],
    [0, 0],
  ])('set to %p, it reads %p', async (weight, read) => {
    expect((await gql(WEIGHT, { c: contestId, w: weight })).data!.setContestJuryWeight.juryWeight).toBe(read);
  });
});

describe('the preview says what a disqualification would do', () => {
  test.each([
    ['no combined ranking', null, ['JURY', 'PUBLIC']],
    ['jury 70 % / public 30 %', 70, ['JURY', 'PUBLIC', 'COMBINED']],
  ] as const)('with %s: votes, rounds, and each ranking now and without it', async (_case, weight, kinds) => {
    await gql(WEIGHT, { c: contestId, w: weight });
    // The jury's winner, also second in the public vote.
    const target = entries[0]!;
    const answer = await gql(PREVIEW, { e: target });
    expect(answer.errors).toBeUndefined();
    const preview = answer.data!.disqualificationPreview;
    expect(preview).toMatchObject({ entryId: target, votesVoided: VOTES[0], finalRoundClosed: true, resultsPublished: false, prizesHeld: [] });
    expect(preview.rounds).toEqual([{ number: 1, isFinal: true, closed: true, scores: 1, meanScore: SCORES[0], advanced: true }]);
    expect(preview.rankings.map((r: { kind: string }) => r.kind)).toEqual(kinds);
    for (const ranking of preview.rankings as Array<{ kind: 'JURY' | 'PUBLIC' | 'COMBINED'; current: Array<{ rank: number; entryId: string }>; without: Array<{ rank: number; entryId: string }> }>) {
      expect([ranking.kind, ranking.current.map((p) => p.entryId)]).toEqual([ranking.kind, expectedTop(ranking.kind, weight ?? 0, null)]);
      expect([ranking.kind, ranking.without.map((p) => p.entryId)]).toEqual([ranking.kind, expectedTop(ranking.kind, weight ?? 0, target)]);
      expect(ranking.without.map((p) => p.rank)).toEqual([1, 2, 3]);
      expect(ranking.without.map((p) => p.entryId)).not.toContain(target);
    }
    // Someone moves up into the jury's top three.
    const jury = preview.rankings.find((r: { kind: string }) => r.kind === 'JURY');
    expect(jury.without.map((p: { entryId: string }) => p.entryId)).toContain(entries[3]);
    expect(jury.current.map((p: { entryId: string }) => p.entryId)).not.toContain(entries[3]);
  });

  test('nothing is written by a preview', async () => {
    const [before] = await db.dataSource.query(`SELECT state, (SELECT count(*)::int FROM contest_entry_transition WHERE entry_id = $1) AS transitions FROM contest_entry WHERE id = $1`, [entries[0]]);
    await gql(PREVIEW, { e: entries[0] });
    const [after] = await db.dataSource.query(`SELECT state, (SELECT count(*)::int FROM contest_entry_transition WHERE entry_id = $1) AS transitions FROM contest_entry WHERE id = $1`, [entries[0]]);
    expect(after).toEqual(before);
  });
});

describe('disqualifying', () => {
  const stateOf = async (id: string) => {
    const [row] = await db.dataSource.query(`SELECT e.state, m.visibility FROM contest_entry e JOIN media_item m ON m.id = e.media_id WHERE e.id = $1`, [id]);
    return row as { state: string; visibility: string };
  };

  test.each([
    ['no reason', '   ', 'BAD_USER_INPUT'],
    ['a reason past 2000 characters', 'x'.repeat(2001), 'BAD_USER_INPUT'],
  ])('with %s is refused, and the entry stays approved and public', async (_case, reason, code) => {
    const answer = await gql(DISQUALIFY, { e: entries[1], r: reason });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code, fields: [{ field: 'reason' }] });
    expect(await stateOf(entries[1]!)).toEqual({ state: 'APPROVED', visibility: 'PUBLIC' });
  });

  test('takes the entry out: rejected with the reason, logged as a disqualification, private, the entrant told in their language', async () => {
    await db.dataSource.query(`UPDATE contest_entrant SET locale = 'de' WHERE id = (SELECT entrant_id FROM contest_entry WHERE id = $1)`, [entries[1]]);
    const [{ email }] = await db.dataSource.query(`SELECT n.email FROM contest_entrant n JOIN contest_entry e ON e.entrant_id = n.id WHERE e.id = $1`, [entries[1]]);
    const answer = await gql(DISQUALIFY, { e: entries[1], r: '  Photo d’un autre auteur.  ' });
    expect(answer.errors).toBeUndefined();
    const entry = answer.data!.disqualifyEntry;
    expect(entry).toMatchObject({ state: 'REJECTED', stateReason: 'Photo d’un autre auteur.' });
    expect(entry.history.at(-1)).toEqual({ toState: 'REJECTED', actor: 'MODERATOR', reason: 'Photo d’un autre auteur.', disqualification: true });
    // An ordinary decision is not one.
    expect(entry.history.slice(0, -1).every((h: { disqualification: boolean }) => !h.disqualification)).toBe(true);
    expect(await stateOf(entries[1]!)).toEqual({ state: 'REJECTED', visibility: 'PRIVATE' });
    const mail = await smtp.next(email, /^Ihr Foto/);
    expect(mail.subject).toMatch(/^Ihr Foto/);
    expect(mail.text).toContain('Photo d’un autre auteur.');
    // Out of the public vote's ranking: the preview of another entry no longer counts it.
    const preview = (await gql(PREVIEW, { e: entries[3] })).data!.disqualificationPreview;
    for (const ranking of preview.rankings) expect(ranking.current.map((p: { entryId: string }) => p.entryId)).not.toContain(entries[1]);
  });

  test.each([
    ['disqualified again', DISQUALIFY, { r: 'Encore.' }],
    ['previewed once disqualified', PREVIEW, {}],
  ])('an entry that is no longer approved cannot be %s', async (_case, query, variables) => {
    const answer = await gql(query, { e: entries[1], ...variables });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'WRONG_ENTRY_STATE' });
  });

  test('after the results: the preview says the prize stays void, and the results show it withdrawn; the weight is fixed', async () => {
    await gql(WEIGHT, { c: contestId, w: 70 });
    const published = await gql(`mutation($c: ID!) { publishContestResults(contestId: $c) { phase } }`, { c: contestId });
    expect(published.errors).toBeUndefined();
    // The votes of the disqualified entry are voided in the tally.
    const [{ summary }] = await db.dataSource.query(`SELECT results_summary AS summary FROM contest WHERE id = $1`, [contestId]);
    expect(summary.votesVoided.ENTRY_REJECTED).toBe(VOTES[1]);
    const winner = entries[0]!;
    const preview = (await gql(PREVIEW, { e: winner })).data!.disqualificationPreview;
    expect(preview.resultsPublished).toBe(true);
    expect(preview.prizesHeld).toEqual(expect.arrayContaining([{ kind: 'JURY', rank: 1 }]));
    expect((await gql(DISQUALIFY, { e: winner, r: 'Retouche interdite par le règlement.' })).errors).toBeUndefined();
    const results = (await api.graphql(`query($s: String!) { contestResults(contest: $s) { awards { kind rank withdrawn entry { id } } } }`, { s: DEMO_CONTEST_SLUG })).data!.contestResults;
    expect(results.awards.find((a: { kind: string; rank: number }) => a.kind === 'JURY' && a.rank === 1)).toMatchObject({ withdrawn: true, entry: null });
    // The campaign report tells a disqualification from an ordinary refusal.
    const report = (await gql(`query($c: ID!) { contestCampaignReport(contestId: $c, format: CSV) { base64 } }`, { c: contestId })).data!.contestCampaignReport;
    const { parse } = await import('csv-parse/sync');
    const [header, ...rows] = parse(Buffer.from(report.base64, 'base64'), { bom: true }) as string[][];
    const state = (id: string) => rows.find((row) => row[0] === id)![header!.indexOf('État')];
    expect([state(winner), state(entries[1]!), state(entries[2]!)]).toEqual(['REJECTED (disqualifiée)', 'REJECTED (disqualifiée)', 'APPROVED']);
    const refused = await gql(WEIGHT, { c: contestId, w: 50 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESULTS_PUBLISHED' });
    const [{ jury_weight }] = await db.dataSource.query(`SELECT jury_weight FROM contest WHERE id = $1`, [contestId]);
    expect(jury_weight).toBe(70);
  });

  test('taking back an approval through the ordinary decision is logged as a disqualification too', async () => {
    const entry = entries[2]!;
    const answer = await gql(`mutation($e: ID!) { moderateEntry(id: $e, decision: REJECTED, reason: "Auteur non résident.") { state history { toState disqualification } } }`, { e: entry });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.moderateEntry.history.at(-1)).toEqual({ toState: 'REJECTED', disqualification: true });
  });
});

test('the moderation list pages on after its last entry, oldest first, without gaps or repeats', async () => {
  const QUEUE = `query($c: ID!, $f: Int!, $a: ID) { moderationQueue(contestId: $c, states: [APPROVED, REJECTED], first: $f, after: $a) { id } }`;
  const all = (await gql(QUEUE, { c: contestId, f: 100 })).data!.moderationQueue.map((e: { id: string }) => e.id);
  expect(all.length).toBeGreaterThanOrEqual(4);
  const pages: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: string[] = (await gql(QUEUE, { c: contestId, f: 2, a: after })).data!.moderationQueue.map((e: { id: string }) => e.id);
    pages.push(...page);
    if (page.length < 2) break;
    after = page.at(-1)!;
  }
  expect(pages).toEqual(all);
  expect((await gql(QUEUE, { c: contestId, f: 2, a: 'not-an-id' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
