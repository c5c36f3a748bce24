import { useTestApi } from '../../test/api';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';
import { JuryService } from './jury.service';

/** Conflicts no juror declares: their own entries, and their child's, found by the e-mail. */
const env = useTestApi();
let contestId: string;
let jury: JuryService;
const jurors: Record<'entrant' | 'guardian' | 'neutral' | 'late', string> = { entrant: '', guardian: '', neutral: '', late: '' };
let ownEntries: string[];
let childEntries: string[];

const entriesOf = async (email: string): Promise<string[]> =>
  (await env.db.dataSource.query(`SELECT e.id FROM contest_entry e JOIN contest_entrant t ON t.id = e.entrant_id WHERE t.email = $1 ORDER BY e.id`, [email])).map((row: { id: string }) => row.id);
const assignees = async (entryId: string): Promise<string[]> =>
  (await env.db.dataSource.query(`SELECT a.juror_id FROM contest_jury_assignment a JOIN contest_jury_round r ON r.id = a.round_id WHERE a.entry_id = $1 AND r.closed_at IS NULL`, [entryId])).map((row: { juror_id: string }) => row.juror_id);

// Twelve photos through the intake: slow on a loaded machine (CI runs the website's tests beside these).
beforeAll(async () => {
  await seedDemoContest(env.db.dataSource, env.api.contest);
  await seedDemoContestEntries(env.db.dataSource, env.api.contest);
  [{ id: contestId }] = await env.db.dataSource.query(`SELECT id FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  jury = new JuryService(env.api.contest);
  ownEntries = await entriesOf('demo-1@example.invalid');
  // demo-2 is a minor here, their guardian's address written as people write it.
  await env.db.dataSource.query(`UPDATE contest_entrant SET guardian_name = 'Alix', guardian_email = 'Alix.Parent+concours@Example.org' WHERE email = 'demo-2@example.invalid'`);
  childEntries = await entriesOf('demo-2@example.invalid');
  expect(ownEntries.length).toBeGreaterThan(0);
  expect(childEntries.length).toBeGreaterThan(0);
  // The entrant joins the jury under another spelling of the same mailbox.
  jurors.entrant = (await jury.invite(contestId, ' Demo-1+jury@EXAMPLE.invalid ', 'Camille (entrant)', 'fr')).id;
  jurors.guardian = (await jury.invite(contestId, 'alix.parent@example.org', 'Alix (parent)', 'fr')).id;
  jurors.neutral = (await jury.invite(contestId, 'neutre@example.org', 'Dominique', 'fr')).id;
}, 120_000);

test.each([
  ['photos can still be sent', `UPDATE contest SET submission_closes_at = submission_closes_at WHERE id = $1`, 'FORBIDDEN', /submissions are closed/],
  ['an entry still waits for moderation', `UPDATE contest SET submission_closes_at = now() - interval '1 hour', moderation_closes_at = now(), jury_opens_at = now() - interval '1 hour' WHERE id = $1`, 'CONFLICT', /1 entries still wait for moderation/],
])('the first round does not open while %s: every entry would not be in it', async (_case, arrange, code, message) => {
  await env.db.dataSource.query(arrange, [contestId]);
  const waiting = ownEntries.at(-1)!;
  await env.db.dataSource.query(`UPDATE contest_entry SET state = 'PENDING_MODERATION' WHERE id = $1`, [waiting]);
  await expect(jury.openRound(contestId, 'STARS', 1, false)).rejects.toMatchObject({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code }) });
  await env.db.dataSource.query(`UPDATE contest_entry SET state = 'APPROVED' WHERE id = $1`, [waiting]);
  const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM contest_jury_round WHERE contest_id = $1`, [contestId]);
  expect(n).toBe(0);
});

test('a juror never receives their own entries nor their child’s, undeclared, and the others share them', async () => {
  await jury.openRound(contestId, 'STARS', 1, false);
  for (const entry of ownEntries) expect(await assignees(entry)).toEqual([expect.not.stringMatching(jurors.entrant)]);
  for (const entry of childEntries) expect(await assignees(entry)).toEqual([expect.not.stringMatching(jurors.guardian)]);
  const [{ n }] = await env.db.dataSource.query(`SELECT count(DISTINCT entry_id)::int AS n FROM contest_jury_assignment`);
  expect(n).toBe(12);
});

test('scoring one’s own entry is refused, whatever the assignment says', async () => {
  const [{ id: roundId }] = await env.db.dataSource.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND closed_at IS NULL`, [contestId]);
  // Even forced into the assignments by hand, the score is refused.
  await env.db.dataSource.query(`INSERT INTO contest_jury_assignment (round_id, entry_id, juror_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [roundId, ownEntries[0], jurors.entrant]);
  await expect(jury.score(jurors.entrant, roundId, ownEntries[0]!, 5)).rejects.toMatchObject({ extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'CONFLICT_OF_INTEREST' }) });
  await env.db.dataSource.query(`DELETE FROM contest_jury_assignment WHERE round_id = $1 AND entry_id = $2 AND juror_id = $3`, [roundId, ownEntries[0], jurors.entrant]);
});

test('when another juror steps back from an entry, it never goes to its entrant', async () => {
  const entry = ownEntries[0]!;
  const [holder] = await assignees(entry);
  await jury.declareConflict(holder!, entry);
  const now = await assignees(entry);
  expect(now).toHaveLength(1);
  expect(now).not.toContain(holder);
  expect(now).not.toContain(jurors.entrant);
});

test('an entrant invited to the jury later has the conflict from the invitation on', async () => {
  jurors.late = (await jury.invite(contestId, 'demo-3@example.invalid', 'Late', 'fr')).id;
  const theirs = await entriesOf('demo-3@example.invalid');
  const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM contest_juror_conflict WHERE juror_id = $1 AND entry_id = ANY($2)`, [jurors.late, theirs]);
  expect(n).toBe(theirs.length);
});

test('an entry every juror is in conflict with is reported short of its quorum, and gets a juror invited since', async () => {
  const [{ id: roundId }] = await env.db.dataSource.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND closed_at IS NULL`, [contestId]);
  const entry = childEntries[0]!;
  // Every juror steps back from it.
  for (const juror of Object.values(jurors)) await jury.declareConflict(juror, entry);
  expect(await assignees(entry)).toEqual([]);
  expect(await jury.shortfalls([roundId])).toEqual([expect.objectContaining({ roundId, entryId: entry, assigned: 0, quorum: 1 })]);
  // The preview still shows it, unscored: it is not silently out of the round.
  expect((await jury.preview(roundId, 1)).find((outcome) => outcome.entryId === entry)).toMatchObject({ votes: 0, quorumMet: false, advances: false });
  // A juror invited since takes it; no one in conflict does.
  const fresh = (await jury.invite(contestId, 'nouveau-jure@example.org', 'Nouveau', 'fr')).id;
  expect(await jury.completeRound(roundId)).toBe(1);
  expect(await assignees(entry)).toEqual([fresh]);
  expect(await jury.shortfalls([roundId])).toEqual([]);
  expect(await jury.completeRound(roundId)).toBe(0);
});
