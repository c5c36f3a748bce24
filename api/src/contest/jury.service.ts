import { normaliseEmail, pickLanguage, type JuryScale, type Language } from '@nfc/shared';
import { assertUuid, badUserInput, isUniqueViolation, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { consume } from '../common/rate-limits';
import { signContestToken } from './contest-access';
import { findContest, editionLink, type ContestDeps } from './contest-deps';
import { ContestEntry, ContestJuror, ContestJuryRound } from './contest.entities';
import { refused } from './contest-errors';
import { codeSentTo, type CodeSent } from './entrant.service';
import { entryAccess } from './entry.access';
import { buildEntryViews, type PhotoView } from './entry-views';
import { codeAccount } from './one-time-codes';
import type { DataSource, EntityManager } from 'typeorm';

export interface RoundOutcome {
  entryId: string;
  categoryId: string;
  meanScore: number | null;
  votes: number;
  quorumMet: boolean;
  advances: boolean;
}

export interface Assignment {
  roundId: string;
  scale: JuryScale;
  score: number | null;
  entry: PhotoView;
}

/**
 * The jury: invitations, blind rounds with a quorum and even assignment, declared
 * conflicts that are never assigned, previews at a threshold, and the final ranking.
 */
/**
 * A juror who entered the contest, or is an entrant's guardian, has a conflict with those entries
 * without declaring one: found by the e-mail both are normalised by (as for votes: case, plus
 * addressing, Gmail's dots), and recorded beside the declared conflicts, so that assignment,
 * reassignment and scoring all keep it. Run when a juror is invited and when a round opens.
 */
async function recordOwnEntryConflicts(db: EntityManager | DataSource, contestId: string): Promise<void> {
  const rows: Array<{ juror_id: string; juror_email: string; entry_id: string; entrant_email: string; guardian_email: string | null }> = await db.query(
    `SELECT j.id AS juror_id, j.email_normalised AS juror_email, e.id AS entry_id, t.email_normalised AS entrant_email, t.guardian_email
     FROM contest_juror j JOIN contest_entrant t ON t.contest_id = j.contest_id JOIN contest_entry e ON e.entrant_id = t.id
     WHERE j.contest_id = $1 AND (t.email_normalised = j.email_normalised OR t.guardian_email IS NOT NULL)`,
    [contestId],
  );
  const own = rows.filter((row) => row.entrant_email === row.juror_email || (row.guardian_email !== null && normaliseEmail(row.guardian_email) === row.juror_email));
  if (!own.length) return;
  await db.query(`INSERT INTO contest_juror_conflict (juror_id, entry_id) SELECT j, e FROM unnest($1::uuid[], $2::uuid[]) AS t(j, e) ON CONFLICT DO NOTHING`, [
    own.map((row) => row.juror_id),
    own.map((row) => row.entry_id),
  ]);
}

export class JuryService {
  constructor(private readonly deps: ContestDeps) {}

  async invite(contestId: string, email: string, fullName: string, language: Language): Promise<ContestJuror> {
    assertUuid(contestId, 'contestId');
    const { dataSource, mailer } = this.deps;
    const contest = await findContest(dataSource, { id: contestId });
    const repository = dataSource.getRepository(ContestJuror);
    let juror: ContestJuror;
    try {
      juror = await repository.save(repository.create({ contestId, email: email.trim(), emailNormalised: normaliseEmail(email), fullName: fullName.trim(), locale: language }));
    } catch (error) {
      if (isUniqueViolation(error, 'contest_juror_email_key')) throw refused('ALREADY_ON_JURY', 'This person is already on the jury.', 'email');
      throw error;
    }
    await recordOwnEntryConflicts(dataSource, contestId);
    await mailer.send(juror.email, { kind: 'JUROR_INVITATION', contestTitle: pickLanguage(contest.title, language), jurorName: juror.fullName, link: editionLink(this.deps.publicSiteUrl, language, contest, 'jury') }, language);
    return juror;
  }

  async jurors(contestId: string): Promise<ContestJuror[]> {
    assertUuid(contestId, 'contestId');
    return this.deps.dataSource.getRepository(ContestJuror).find({ where: { contestId }, order: { fullName: 'ASC' } });
  }

  /** Same answer whether or not the address is on the jury. */
  async requestCode(contestSlug: string, email: string, ip: string): Promise<CodeSent> {
    const { dataSource, codes, mailer } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    await consume(this.deps.rateLimits.loginByIp, `jury-code:${ip}`);
    const juror = await dataSource.getRepository(ContestJuror).findOne({ where: { contestId: contest.id, emailNormalised: normaliseEmail(email) } });
    const account = codeAccount(contest.id, 'JUROR', normaliseEmail(email));
    if (!juror) await codes.requestWithoutCode(account, ip);
    if (juror) {
      const issued = await codes.issue('JUROR', juror.id, account, ip);
      await mailer.send(juror.email, { kind: 'JUROR_CODE', contestTitle: pickLanguage(contest.title, juror.locale), code: issued.code, link: editionLink(this.deps.publicSiteUrl, juror.locale, contest, 'jury') }, juror.locale);
    }
    return codeSentTo(email);
  }

  async verify(contestSlug: string, email: string, code: string, ip: string): Promise<{ token: string; expiresAt: Date }> {
    const contest = await findContest(this.deps.dataSource, { slug: contestSlug });
    const juror = await this.deps.dataSource.getRepository(ContestJuror).findOne({ where: { contestId: contest.id, emailNormalised: normaliseEmail(email) } });
    await this.deps.codes.consume('JUROR', juror?.id ?? null, code, codeAccount(contest.id, 'JUROR', normaliseEmail(email)), ip);
    return signContestToken({ role: 'JUROR', id: juror!.id, contestId: contest.id }, this.deps.secret);
  }

  /**
   * Opens the next round over the approved entries (round 1) or those that advanced from
   * the previous round, and assigns each to `quorum` jurors: always the least loaded
   * juror without a conflict (declared, or found: their own entries), so the work is spread evenly.
   */
  async openRound(contestId: string, scale: JuryScale, quorum: number, isFinal: boolean): Promise<ContestJuryRound> {
    assertUuid(contestId, 'contestId');
    if (!Number.isInteger(quorum) || quorum < 1) throw badUserInput('The quorum is at least one juror per entry.', [{ field: 'quorum', message: 'At least 1.' }]);
    const { dataSource } = this.deps;
    const contest = await findContest(dataSource, { id: contestId });
    return dataSource.transaction(async (db) => {
      await db.query(`SELECT id FROM contest WHERE id = $1 FOR UPDATE`, [contestId]);
      const [previous] = await db.query(`SELECT id, closed_at, is_final, number FROM contest_jury_round WHERE contest_id = $1 ORDER BY number DESC LIMIT 1`, [contestId]);
      if (previous && !previous.closed_at) throw refused('JURY_ROUND_OPEN', 'Close the current round before opening the next.');
      if (previous?.is_final) throw refused('JURY_OVER', 'The final round is closed: judging is over.');
      if (!previous) {
        // The first round holds every approved entry: one sent or approved later would miss the jury for good.
        if (new Date() < contest.submissionClosesAt) throw refused('OUTSIDE_WINDOW', 'The jury opens once submissions are closed: an entry sent later would miss the first round.');
        const [{ waiting }] = await db.query(`SELECT count(*)::int AS waiting FROM contest_entry WHERE contest_id = $1 AND state = 'PENDING_MODERATION'`, [contestId]);
        if (waiting) throw refused('ENTRIES_AWAIT_MODERATION', `${waiting} entries still wait for moderation: decide on them first, or they would miss the jury.`, undefined, { waiting });
      }
      const entries: Array<{ id: string }> = previous
        ? await db.query(
            `SELECT e.id FROM contest_jury_round_entry r JOIN contest_entry e ON e.id = r.entry_id WHERE r.round_id = $1 AND r.advanced AND e.state = 'APPROVED' ORDER BY e.submitted_at`,
            [previous.id],
          )
        : await db.query(`SELECT id FROM contest_entry WHERE contest_id = $1 AND state = 'APPROVED' ORDER BY submitted_at`, [contestId]);
      if (!entries.length) throw refused('NO_ENTRY_TO_JUDGE', 'No entry to judge: approve entries first.');
      const jurors: Array<{ id: string }> = await db.query(`SELECT id FROM contest_juror WHERE contest_id = $1 ORDER BY invited_at, id`, [contestId]);
      if (jurors.length < quorum) throw badUserInput(`The quorum (${quorum}) needs at least as many jurors; ${jurors.length} are invited.`, [{ field: 'quorum', message: 'More than the jurors.' }]);
      await recordOwnEntryConflicts(db, contestId);
      const round = await db.getRepository(ContestJuryRound).save(db.getRepository(ContestJuryRound).create({ contestId, number: (previous?.number ?? 0) + 1, scale, quorum, isFinal, closedAt: null, threshold: null }));
      const conflicts: Array<{ juror_id: string; entry_id: string }> = await db.query(`SELECT juror_id, entry_id FROM contest_juror_conflict WHERE entry_id = ANY($1)`, [entries.map((e) => e.id)]);
      const conflicted = new Set(conflicts.map((c) => `${c.juror_id}:${c.entry_id}`));
      const load = new Map(jurors.map((j) => [j.id, 0]));
      const pairs: Array<[string, string]> = [];
      for (const entry of entries) {
        const eligible = jurors.filter((j) => !conflicted.has(`${j.id}:${entry.id}`)).sort((a, b) => load.get(a.id)! - load.get(b.id)!);
        for (const juror of eligible.slice(0, quorum)) {
          pairs.push([entry.id, juror.id]);
          load.set(juror.id, load.get(juror.id)! + 1);
        }
      }
      await db.query(
        `INSERT INTO contest_jury_assignment (round_id, entry_id, juror_id) SELECT $1, e, j FROM unnest($2::uuid[], $3::uuid[]) AS t(e, j)`,
        [round.id, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      // The round's entries, written now: one that no juror can judge (every one in conflict) still
      // shows in the preview and the shortfall report instead of leaving the round unseen.
      await db.query(
        `INSERT INTO contest_jury_round_entry (round_id, entry_id, mean_score, votes, advanced) SELECT $1, e, NULL, 0, false FROM unnest($2::uuid[]) AS t(e)`,
        [round.id, entries.map((e) => e.id)],
      );
      return round;
    });
  }

  async rounds(contestId: string): Promise<ContestJuryRound[]> {
    assertUuid(contestId, 'contestId');
    return this.deps.dataSource.getRepository(ContestJuryRound).find({ where: { contestId }, order: { number: 'ASC' } });
  }

  /** The juror's entries in the open round, blind: no entrant, no file name, no EXIF. */
  async assignments(jurorId: string): Promise<Assignment[]> {
    const { dataSource } = this.deps;
    const rows: Array<{ round_id: string; entry_id: string; score: number | null; scale: JuryScale }> = await dataSource.query(
      `SELECT a.round_id, a.entry_id, a.score, r.scale FROM contest_jury_assignment a JOIN contest_jury_round r ON r.id = a.round_id
       WHERE a.juror_id = $1 AND r.closed_at IS NULL ORDER BY md5(a.entry_id::text || a.juror_id::text)`,
      [jurorId],
    );
    if (!rows.length) return [];
    const entries = await dataSource.getRepository(ContestEntry).find({ where: rows.map((row) => ({ id: row.entry_id })) });
    const views = await buildEntryViews(this.deps, entries, 'PRIVATE');
    return rows.map((row) => {
      const view = views.find((v) => v.id === row.entry_id)!;
      const blind: PhotoView = { id: view.id, title: view.title, description: view.description, altText: view.altText, category: view.category, commune: view.commune, images: view.images };
      return { roundId: row.round_id, scale: row.scale, score: row.score, entry: blind };
    });
  }

  /** A juror's score. A conflict (declared, or an entry of their own) is refused first, whatever the assignment says. */
  async score(jurorId: string, roundId: string, entryId: string, score: number): Promise<void> {
    assertUuid(roundId, 'roundId');
    assertUuid(entryId, 'entryId');
    const { dataSource } = this.deps;
    const [conflicted] = await dataSource.query(`SELECT 1 FROM contest_juror_conflict WHERE juror_id = $1 AND entry_id = $2`, [jurorId, entryId]);
    if (conflicted) throw refused('CONFLICT_OF_INTEREST', 'You have a link with this entry (declared, or it is yours or your child’s): another juror judges it.');
    // A round of another contest than the juror's answers like an unknown one.
    const [round] = await dataSource.query(`SELECT scale, closed_at FROM contest_jury_round WHERE id = $1 AND contest_id = (SELECT contest_id FROM contest_juror WHERE id = $2)`, [roundId, jurorId]);
    if (!round) throw notFound('Round', roundId);
    if (round.closed_at) throw refused('OUTSIDE_WINDOW', 'This round is closed.');
    const valid = round.scale === 'YES_NO' ? score === 0 || score === 1 : Number.isInteger(score) && score >= 1 && score <= 5;
    if (!valid) throw badUserInput(round.scale === 'YES_NO' ? 'Answer 1 (yes) or 0 (no).' : 'Give 1 to 5 stars.', [{ field: 'score', message: 'Out of the scale.' }]);
    const [, updated] = await dataSource.query(`UPDATE contest_jury_assignment SET score = $4, scored_at = now() WHERE round_id = $1 AND entry_id = $2 AND juror_id = $3`, [roundId, entryId, jurorId, score]);
    // Out of reach looks missing: an entry not assigned to this juror is not theirs to see.
    if (!updated) throw notFound('Entry', entryId);
  }

  /**
   * A juror declares a link with an entry (by the juror, or by the Pôle for them): the
   * entry leaves their open assignments and goes to the least loaded juror without a link.
   */
  async declareConflict(jurorId: string, entryId: string): Promise<void> {
    assertUuid(entryId, 'entryId');
    const { dataSource } = this.deps;
    await dataSource.transaction(async (db) => {
      const [juror] = await db.query(`SELECT contest_id FROM contest_juror WHERE id = $1`, [jurorId]);
      const params = new SqlParams([entryId]);
      const [entry] = await db.query(`SELECT e.id FROM contest_entry e WHERE e.id = $1 AND ${entryAccess({ jurorId }).inJurorContest('e', params)}`, params.values);
      if (!juror || !entry) throw notFound('Entry', entryId);
      await db.query(`INSERT INTO contest_juror_conflict (juror_id, entry_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [jurorId, entryId]);
      const [removed] = await db.query(
        `DELETE FROM contest_jury_assignment a USING contest_jury_round r WHERE r.id = a.round_id AND r.closed_at IS NULL AND a.juror_id = $1 AND a.entry_id = $2 RETURNING a.round_id`,
        [jurorId, entryId],
      );
      for (const { round_id: roundId } of removed as Array<{ round_id: string }>) {
        await db.query(
          `INSERT INTO contest_jury_assignment (round_id, entry_id, juror_id)
           SELECT $1, $2, j.id FROM contest_juror j
           WHERE j.contest_id = $3
             AND NOT EXISTS (SELECT 1 FROM contest_juror_conflict c WHERE c.juror_id = j.id AND c.entry_id = $2)
             AND NOT EXISTS (SELECT 1 FROM contest_jury_assignment a WHERE a.round_id = $1 AND a.entry_id = $2 AND a.juror_id = j.id)
           ORDER BY (SELECT count(*) FROM contest_jury_assignment a WHERE a.round_id = $1 AND a.juror_id = j.id), j.invited_at
           LIMIT 1`,
          [roundId, entryId, juror.contest_id],
        );
      }
    });
  }

  /** Which entries advance at `threshold`: mean score at least the threshold, with the quorum of scores. */
  async preview(roundId: string, threshold: number): Promise<RoundOutcome[]> {
    assertUuid(roundId, 'roundId');
    const { dataSource } = this.deps;
    const [round] = await dataSource.query(`SELECT quorum FROM contest_jury_round WHERE id = $1`, [roundId]);
    if (!round) throw notFound('Round', roundId);
    // Every entry of the round, scored or not (an entry with no juror shows with no score).
    const rows: Array<{ entry_id: string; category_id: string; mean: number | null; votes: number }> = await dataSource.query(
      `SELECT m.entry_id, e.category_id, avg(a.score)::real AS mean, count(a.score)::int AS votes
       FROM contest_jury_round_entry m JOIN contest_entry e ON e.id = m.entry_id
       LEFT JOIN contest_jury_assignment a ON a.round_id = m.round_id AND a.entry_id = m.entry_id
       WHERE m.round_id = $1 GROUP BY m.entry_id, e.category_id, e.submitted_at
       ORDER BY e.category_id, avg(a.score) DESC NULLS LAST, count(a.score) DESC, e.submitted_at`,
      [roundId],
    );
    return rows.map((row) => {
      const quorumMet = row.votes >= round.quorum;
      return { entryId: row.entry_id, categoryId: row.category_id, meanScore: row.mean, votes: row.votes, quorumMet, advances: quorumMet && row.mean !== null && row.mean >= threshold };
    });
  }

  /**
   * The entries of the open rounds that have fewer jurors than the quorum: conflicts (declared or
   * found) left too few to judge them. The Pôle sees them, invites jurors, and completes the round.
   */
  async shortfalls(roundIds: string[]): Promise<Array<{ roundId: string; entryId: string; title: string | null; assigned: number; quorum: number }>> {
    if (!roundIds.length) return [];
    const rows: Array<{ round_id: string; entry_id: string; title: string | null; assigned: number; quorum: number }> = await this.deps.dataSource.query(
      `SELECT m.round_id, m.entry_id, e.title, count(a.juror_id)::int AS assigned, r.quorum
       FROM contest_jury_round_entry m JOIN contest_jury_round r ON r.id = m.round_id JOIN contest_entry e ON e.id = m.entry_id
       LEFT JOIN contest_jury_assignment a ON a.round_id = m.round_id AND a.entry_id = m.entry_id
       WHERE m.round_id = ANY($1) AND r.closed_at IS NULL
       GROUP BY m.round_id, m.entry_id, e.title, r.quorum, e.submitted_at HAVING count(a.juror_id) < r.quorum
       ORDER BY e.submitted_at`,
      [roundIds],
    );
    return rows.map((row) => ({ roundId: row.round_id, entryId: row.entry_id, title: row.title, assigned: row.assigned, quorum: row.quorum }));
  }

  /**
   * Gives every entry of the open round short of its quorum the jurors it lacks, the least loaded
   * first, never one in conflict with it nor one already assigned (jurors invited since the round
   * opened, say). Returns how many assignments were added; what is still short stays reported.
   */
  async completeRound(roundId: string): Promise<number> {
    assertUuid(roundId, 'roundId');
    return this.deps.dataSource.transaction(async (db) => {
      const [round] = await db.query(`SELECT id, contest_id, quorum, closed_at FROM contest_jury_round WHERE id = $1 FOR UPDATE`, [roundId]);
      if (!round) throw notFound('Round', roundId);
      if (round.closed_at) throw refused('ROUND_CLOSED', 'This round is closed.');
      await recordOwnEntryConflicts(db, round.contest_id);
      const [{ added }] = await db.query(
        `WITH short AS (
           SELECT m.entry_id, r.quorum - count(a.juror_id) AS missing
           FROM contest_jury_round_entry m JOIN contest_jury_round r ON r.id = m.round_id
           LEFT JOIN contest_jury_assignment a ON a.round_id = m.round_id AND a.entry_id = m.entry_id
           WHERE m.round_id = $1 GROUP BY m.entry_id, r.quorum HAVING count(a.juror_id) < r.quorum),
         load AS (
           SELECT j.id AS juror_id, j.invited_at, (SELECT count(*) FROM contest_jury_assignment a WHERE a.round_id = $1 AND a.juror_id = j.id) AS assigned
           FROM contest_juror j WHERE j.contest_id = $2),
         candidates AS (
           SELECT s.entry_id, l.juror_id, row_number() OVER (PARTITION BY s.entry_id ORDER BY l.assigned, l.invited_at, l.juror_id) AS pick, s.missing
           FROM short s CROSS JOIN load l
           WHERE NOT EXISTS (SELECT 1 FROM contest_juror_conflict c WHERE c.juror_id = l.juror_id AND c.entry_id = s.entry_id)
             AND NOT EXISTS (SELECT 1 FROM contest_jury_assignment a WHERE a.round_id = $1 AND a.entry_id = s.entry_id AND a.juror_id = l.juror_id)),
         inserted AS (
           INSERT INTO contest_jury_assignment (round_id, entry_id, juror_id) SELECT $1, entry_id, juror_id FROM candidates WHERE pick <= missing RETURNING 1)
         SELECT count(*)::int AS added FROM inserted`,
        [roundId, round.contest_id],
      );
      return added;
    });
  }

  /** Closes the round at the threshold previewed; the outcome is written and frozen. */
  async closeRound(roundId: string, threshold: number): Promise<ContestJuryRound> {
    const outcomes = await this.preview(roundId, threshold);
    return this.deps.dataSource.transaction(async (db) => {
      const [, closed] = await db.query(`UPDATE contest_jury_round SET closed_at = now(), threshold = $2 WHERE id = $1 AND closed_at IS NULL`, [roundId, threshold]);
      if (!closed) throw refused('ROUND_CLOSED', 'This round is already closed.');
      await db.query(
        `INSERT INTO contest_jury_round_entry (round_id, entry_id, mean_score, votes, advanced)
         SELECT $1, e, m, v, a FROM unnest($2::uuid[], $3::real[], $4::int[], $5::boolean[]) AS t(e, m, v, a)
         ON CONFLICT (round_id, entry_id) DO UPDATE SET mean_score = excluded.mean_score, votes = excluded.votes, advanced = excluded.advanced`,
        [roundId, outcomes.map((o) => o.entryId), outcomes.map((o) => o.meanScore), outcomes.map((o) => o.votes), outcomes.map((o) => o.advances)],
      );
      return db.getRepository(ContestJuryRound).findOneByOrFail({ id: roundId });
    });
  }
}
