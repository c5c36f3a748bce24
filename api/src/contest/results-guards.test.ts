import { useTestApi } from '../../test/api';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';
import { JuryService } from './jury.service';
import { ResultsService } from './results.service';

/** Results are published once: never in a state that loses the jury's prizes. */
const env = useTestApi();
let contestId: string;
let jury: JuryService;
let results: ResultsService;

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
});

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
