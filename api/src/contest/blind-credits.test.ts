import { useTestApi } from '../../test/api';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';

/** Blind judging that public data cannot undo: no public credit while the jury works. */
const env = useTestApi();
let contestId: string;
let entryId: string;

const SHIFT = ['submission_opens_at', 'submission_closes_at', 'moderation_closes_at', 'jury_opens_at', 'jury_closes_at', 'vote_opens_at', 'vote_closes_at', 'results_at'].map((column) => `${column} = ${column} - interval '120 days'`).join(', ');

async function publicCredits(): Promise<Array<string | null>> {
  const gallery = await env.api.graphql(`query($slug: String!) { contestGallery(contest: $slug, first: 100) { entries { creditLine } } }`, { slug: DEMO_CONTEST_SLUG });
  const entry = await env.api.graphql(`query($id: ID!) { contestEntry(id: $id) { creditLine } }`, { id: entryId });
  return [...gallery.data!.contestGallery.entries.map((e: { creditLine: string | null }) => e.creditLine), entry.data!.contestEntry.creditLine];
}

// Twelve photos through the intake: slow on a loaded machine (CI runs the website's tests beside these).
beforeAll(async () => {
  await seedDemoContest(env.db.dataSource, env.api.contest);
  await seedDemoContestEntries(env.db.dataSource, env.api.contest);
  [{ id: contestId }] = await env.db.dataSource.query(`SELECT id FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  [{ id: entryId }] = await env.db.dataSource.query(`SELECT id FROM contest_entry WHERE contest_id = $1 AND state = 'APPROVED' LIMIT 1`, [contestId]);
}, 120_000);

test.each([
  // [moment, what changes, credits public]
  ['photos are still coming in (the jury window ahead)', (): Promise<unknown> => Promise.resolve(), false],
  ['the jury window has closed and no round is open', (): Promise<unknown> => env.db.dataSource.query(`UPDATE contest SET ${SHIFT} WHERE id = $1`, [contestId]), true],
  ['a round is still open after the window', (): Promise<unknown> => env.db.dataSource.query(`INSERT INTO contest_jury_round (contest_id, number, scale, quorum) VALUES ($1, 1, 'STARS', 1)`, [contestId]), false],
  ['the results are out, the round closed or not', (): Promise<unknown> => env.db.dataSource.query(`UPDATE contest SET results_published_at = now(), results_summary = '{"votesCounted":0,"votesVoided":{}}' WHERE id = $1`, [contestId]), true],
] as const)('%s', async (_, change, shown) => {
  await change();
  const credits = await publicCredits();
  expect(credits.length).toBeGreaterThan(1);
  for (const credit of credits) {
    if (shown) expect(credit).toEqual(expect.stringMatching(/\S/));
    else expect(credit).toBeNull();
  }
});
