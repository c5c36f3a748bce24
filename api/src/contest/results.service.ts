import { pickLanguage, type AwardKind, type VoteVoidReason } from '@nfc/shared';
import type { EntityManager } from 'typeorm';
import { assertUuid, badUserInput, notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { findContest, editionLink, type ContestDeps } from './contest-deps';
import { ContestAward, ContestEntry, type Contest, type ContestResultsSummary } from './contest.entities';
import { refused } from './contest-errors';
import { buildEntryViews, type PrivilegedView } from './entry-views';

const VOID_REASON_BY_STATE: Record<string, VoteVoidReason> = { WITHDRAWN: 'ENTRY_WITHDRAWN', ERASED: 'ENTRY_ERASED', REJECTED: 'ENTRY_REJECTED', CHANGES_REQUESTED: 'ENTRY_REJECTED', PENDING_MODERATION: 'ENTRY_REJECTED' };

export interface AwardView {
  categoryId: string;
  kind: AwardKind;
  rank: number;
  score: number;
  /** Null when the entry was withdrawn or erased after the results: the prize stays, marked "entry withdrawn". */
  entry: PrivilegedView | null;
}

export interface GalleryPage {
  entries: PrivilegedView[];
  /** Public votes per entry, only once the vote is closed. */
  votes: Map<string, number> | null;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One place of a ranking: the top three of a category by one kind of prize. */
export interface RankedEntry {
  kind: AwardKind;
  categoryId: string;
  entryId: string;
  score: number;
  rank: number;
}

export interface RankTopThreeOptions {
  contestId: string;
  /** The last closed final round, whose means rank the jury's and the combined prizes; null: neither. */
  finalRoundId: string | null;
  /** The jury's share of the combined ranking (0–100); null: no combined ranking. */
  juryWeight: number | null;
  /** The ranking as it would stand without this entry (a disqualification's preview). */
  excludeEntryId?: string | null;
  /** Only this category. */
  categoryId?: string | null;
}

/**
 * The top three of each category, as the results are published: the jury's final round, the
 * public vote and, when the rules weigh them together, the combined ranking. Among approved
 * entries only, less `excludeEntryId`. One statement per kind, whatever the number of categories.
 */
export async function rankTopThree(db: EntityManager, { contestId, finalRoundId, juryWeight, excludeEntryId = null, categoryId = null }: RankTopThreeOptions): Promise<RankedEntry[]> {
  type Row = { category_id: string; entry_id: string; score: number; rank: number };
  // Who competes: the same filter in every ranking.
  const competes = `e.state = 'APPROVED' AND e.id IS DISTINCT FROM $2::uuid AND ($3::uuid IS NULL OR e.category_id = $3::uuid)`;
  const jury: Row[] = finalRoundId
    ? await db.query(
        `SELECT category_id, entry_id, score, rank FROM (
           SELECT e.category_id, r.entry_id, r.mean_score AS score,
                  row_number() OVER (PARTITION BY e.category_id ORDER BY r.mean_score DESC, r.votes DESC, e.submitted_at) AS rank
           FROM contest_jury_round_entry r JOIN contest_entry e ON e.id = r.entry_id
           WHERE r.round_id = $1 AND r.mean_score IS NOT NULL AND ${competes}) ranked
         WHERE rank <= 3`,
        [finalRoundId, excludeEntryId, categoryId],
      )
    : [];
  const votes: Row[] = await db.query(
    `SELECT category_id, entry_id, score, rank FROM (
       SELECT e.category_id, e.id AS entry_id, count(v.id)::real AS score,
              row_number() OVER (PARTITION BY e.category_id ORDER BY count(v.id) DESC, e.submitted_at) AS rank
       FROM contest_entry e JOIN contest_vote v ON v.entry_id = e.id
       WHERE e.contest_id = $1 AND ${competes} GROUP BY e.id) ranked
     WHERE rank <= 3`,
    [contestId, excludeEntryId, categoryId],
  );
  // Weighed together when the rules say so, among the final round's entries: the jury's mean on
  // its scale's 0–1, the votes as a share of the category's most voted finalist; the top three.
  const combined: Row[] =
    juryWeight === null || !finalRoundId
      ? []
      : await db.query(
          `SELECT category_id, entry_id, score, rank FROM (
             SELECT category_id, entry_id, score, row_number() OVER (PARTITION BY category_id ORDER BY score DESC, submitted_at) AS rank FROM (
               SELECT e.category_id, e.id AS entry_id, e.submitted_at,
                      ($4::real / 100) * (r.mean_score / CASE WHEN fr.scale = 'STARS' THEN 5 ELSE 1 END)
                      + (1 - $4::real / 100) * coalesce(count(v.id)::real / nullif(max(count(v.id)) OVER (PARTITION BY e.category_id), 0), 0) AS score
               FROM contest_jury_round_entry r JOIN contest_jury_round fr ON fr.id = r.round_id JOIN contest_entry e ON e.id = r.entry_id
               LEFT JOIN contest_vote v ON v.entry_id = e.id
               WHERE r.round_id = $1 AND r.mean_score IS NOT NULL AND ${competes}
               GROUP BY e.category_id, e.id, e.submitted_at, r.mean_score, fr.scale) weighed) ranked
           WHERE rank <= 3`,
          [finalRoundId, excludeEntryId, categoryId, juryWeight],
        );
  const shape = (kind: AwardKind) => (row: Row): RankedEntry => ({ kind, categoryId: row.category_id, entryId: row.entry_id, score: Number(row.score), rank: Number(row.rank) });
  return [...jury.map(shape('JURY')), ...votes.map(shape('PUBLIC')), ...combined.map(shape('COMBINED'))];
}

/** Public reads (gallery, map, results) and the publication of the results. Only APPROVED entries are ever read here. */
export class ResultsService {
  constructor(private readonly deps: ContestDeps) {}

  async gallery(contest: Contest, categoryId: string | null, communeInsee: string | null, first: number, after: string | null, epciSiren: string | null = null): Promise<GalleryPage> {
    const { dataSource } = this.deps;
    const query = dataSource.getRepository(ContestEntry).createQueryBuilder('e').where('e.contest_id = :contest', { contest: contest.id }).andWhere(`e.state = 'APPROVED'`);
    if (categoryId) {
      assertUuid(categoryId, 'categoryId');
      query.andWhere('e.category_id = :category', { category: categoryId });
    }
    if (communeInsee) query.andWhere('e.commune_insee = :commune', { commune: communeInsee });
    if (epciSiren) query.andWhere('e.commune_insee IN (SELECT insee_code FROM commune WHERE epci_siren = :epci)', { epci: epciSiren });
    if (after) {
      const [submittedAt, id] = decodeCursor(after, ['string', 'string']);
      query.andWhere('(e.submitted_at, e.id) < (:submittedAt, :id)', { submittedAt, id });
    }
    const rows = await query.orderBy('e.submitted_at', 'DESC').addOrderBy('e.id', 'DESC').take(first + 1).getMany();
    const page = rows.slice(0, first);
    const entries = await buildEntryViews(this.deps, page, 'PUBLIC');
    const last = page.at(-1);
    return {
      entries,
      votes: await this.voteCounts(contest, page.map((e) => e.id)),
      endCursor: last ? encodeCursor([last.submittedAt.toISOString(), last.id]) : null,
      hasNextPage: rows.length > first,
    };
  }

  /** One approved entry; anything else does not exist for the public. */
  /**
   * Whether credits are shown publicly. While the jury works (before its window closes, or while
   * a round is still open) the gallery, an entry's page and the ballot show no credit: a juror
   * could otherwise find who took a photo they judge from its title or its picture. Once the
   * results are out, every credit shows.
   */
  async creditsArePublic(contest: Contest): Promise<boolean> {
    if (contest.resultsPublishedAt) return true;
    if (Date.now() < contest.juryClosesAt.getTime()) return false;
    const [open] = await this.deps.dataSource.query(`SELECT 1 FROM contest_jury_round WHERE contest_id = $1 AND closed_at IS NULL LIMIT 1`, [contest.id]);
    return !open;
  }

  async approvedEntry(entryId: string): Promise<{ view: PrivilegedView; contest: Contest } | null> {
    assertUuid(entryId, 'id');
    const entry = await this.deps.dataSource.getRepository(ContestEntry).findOne({ where: { id: entryId, state: 'APPROVED' } });
    if (!entry) return null;
    const contest = await findContest(this.deps.dataSource, { id: entry.contestId });
    return { view: (await buildEntryViews(this.deps, [entry], 'PUBLIC'))[0]!, contest };
  }

  /** Counts stay hidden while the vote is open: null until it closes. */
  async voteCounts(contest: Contest, entryIds: string[]): Promise<Map<string, number> | null> {
    if (new Date() < contest.voteClosesAt) return null;
    if (!entryIds.length) return new Map();
    const rows: Array<{ entry_id: string; votes: number }> = await this.deps.dataSource.query(`SELECT entry_id, count(*)::int AS votes FROM contest_vote WHERE entry_id = ANY($1) GROUP BY entry_id`, [entryIds]);
    return new Map(entryIds.map((id) => [id, rows.find((row) => row.entry_id === id)?.votes ?? 0]));
  }

  /** Approved photos per commune, for all 197 communes: the map shows where photos are still missing. */
  async map(contestId: string): Promise<Array<{ inseeCode: string; name: string; epciSiren: string; entries: number }>> {
    const rows = await this.deps.dataSource.query(
      `SELECT c.insee_code, c.name, c.epci_siren, count(e.id)::int AS entries
       FROM commune c LEFT JOIN contest_entry e ON e.commune_insee = c.insee_code AND e.contest_id = $1 AND e.state = 'APPROVED'
       GROUP BY c.insee_code ORDER BY c.name`,
      [contestId],
    );
    return rows.map((row: { insee_code: string; name: string; epci_siren: string; entries: number }) => ({ inseeCode: row.insee_code, name: row.name, epciSiren: row.epci_siren, entries: row.entries }));
  }

  /**
   * Freezes the results once the vote and the jury are over (refused while a round is open or
   * before a final round is closed: CONFLICT, nothing written): the top three of the final
   * jury round and of the public vote in each category, and the tally of void votes by
   * reason. Erasing an entry later keeps its prize as "entry withdrawn".
   */
  async publish(contestId: string, actorUserId: string | null = null): Promise<Contest> {
    assertUuid(contestId, 'contestId');
    const { dataSource } = this.deps;
    const contest = await findContest(dataSource, { id: contestId });
    if (contest.resultsPublishedAt) throw refused('RESULTS_PUBLISHED', 'The results are already published.');
    if (new Date() < contest.voteClosesAt) throw refused('OUTSIDE_WINDOW', 'The results can be published once the public vote is closed.');
    await dataSource.transaction(async (db) => {
      // Locked as openRound locks it: no round opens while the results are frozen.
      await db.query(`SELECT id FROM contest WHERE id = $1 FOR UPDATE`, [contestId]);
      // Publishing is once: with a round still open, or no final round closed, the jury's prizes would be left out for good.
      // One statement: whether a round is open, and the last closed final round, whose means give the prizes.
      const [rounds]: Array<{ open: number; final_round: string | null }> = await db.query(
        `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, (array_agg(id ORDER BY number DESC) FILTER (WHERE is_final AND closed_at IS NOT NULL))[1] AS final_round
         FROM contest_jury_round WHERE contest_id = $1`,
        [contestId],
      );
      if (rounds!.open) throw refused('JURY_ROUND_OPEN', 'A jury round is still open: close it before publishing the results, or its scores are lost.');
      if (!rounds!.final_round) throw refused('NO_FINAL_ROUND', 'The jury has not closed a final round: publishing now would leave the jury’s prizes out for good.');
      const rows = await rankTopThree(db, { contestId, finalRoundId: rounds!.final_round, juryWeight: contest.juryWeight });
      if (rows.length) {
        await db.getRepository(ContestAward).insert(rows.map((row) => ({ categoryId: row.categoryId, kind: row.kind, rank: row.rank, entryId: row.entryId, score: row.score })));
      }
      await db.query(`UPDATE contest SET results_published_at = now(), results_summary = $2 WHERE id = $1`, [contestId, JSON.stringify(await this.tally(contestId, db))]);
      await db.query(`INSERT INTO contest_results_event (contest_id, action, actor_user_id, awards) VALUES ($1, 'PUBLISHED', $2, $3)`, [contestId, actorUserId, rows.length]);
    });
    await this.announce(contestId);
    return findContest(dataSource, { id: contestId });
  }

  /**
   * Withdraws a mistaken publication: the prizes go, the contest is back where it stood before
   * (its windows unchanged), and the withdrawal is logged with who did it and why. The jury's
   * rounds, scores and the votes are kept, so the results can be published again once mended.
   */
  async withdrawPublication(contestId: string, reason: string, actorUserId: string | null): Promise<Contest> {
    assertUuid(contestId, 'contestId');
    const trimmed = reason.trim();
    if (!trimmed) throw badUserInput('Say why the publication is withdrawn: the log keeps it.', [{ field: 'reason', message: 'Required.' }]);
    if (trimmed.length > 2000) throw badUserInput('The reason is too long.', [{ field: 'reason', message: 'At most 2000 characters.' }]);
    const { dataSource } = this.deps;
    await dataSource.transaction(async (db) => {
      // The same lock as publishing: a publication and its withdrawal never cross.
      const [contest] = await db.query(`SELECT results_published_at FROM contest WHERE id = $1 FOR UPDATE`, [contestId]);
      if (!contest) throw notFound('Contest', contestId);
      if (!contest.results_published_at) throw refused('RESULTS_NOT_PUBLISHED', 'The results are not published: there is nothing to withdraw.');
      const [, removed]: [unknown, number] = await db.query(`DELETE FROM contest_award WHERE category_id IN (SELECT id FROM contest_category WHERE contest_id = $1)`, [contestId]);
      await db.query(`UPDATE contest SET results_published_at = NULL, results_summary = NULL WHERE id = $1`, [contestId]);
      await db.query(`INSERT INTO contest_results_event (contest_id, action, actor_user_id, reason, awards) VALUES ($1, 'WITHDRAWN', $2, $3, $4)`, [contestId, actorUserId, trimmed, Number(removed ?? 0)]);
    });
    return findContest(dataSource, { id: contestId });
  }

  /** The publications and withdrawals of a contest's results, oldest first, with who did them. */
  async publicationLog(contestId: string): Promise<Array<{ action: 'PUBLISHED' | 'WITHDRAWN'; at: Date; reason: string | null; awards: number; actorName: string | null }>> {
    assertUuid(contestId, 'contestId');
    const rows: Array<{ action: 'PUBLISHED' | 'WITHDRAWN'; at: Date; reason: string | null; awards: number; actor_name: string | null }> = await this.deps.dataSource.query(
      `SELECT r.action, r.at, r.reason, r.awards, u.display_name AS actor_name FROM contest_results_event r LEFT JOIN user_account u ON u.id = r.actor_user_id WHERE r.contest_id = $1 ORDER BY r.at, r.id`,
      [contestId],
    );
    return rows.map((row) => ({ action: row.action, at: row.at, reason: row.reason, awards: row.awards, actorName: row.actor_name }));
  }

  /** Votes counted, and votes voided or refused by reason. */
  private async tally(contestId: string, db = this.deps.dataSource.manager): Promise<ContestResultsSummary> {
    const byState: Array<{ state: string; votes: number }> = await db.query(
      `SELECT e.state, count(*)::int AS votes FROM contest_vote v JOIN contest_entry e ON e.id = v.entry_id WHERE e.contest_id = $1 GROUP BY e.state`,
      [contestId],
    );
    const refusals: Array<{ reason: VoteVoidReason; count: number }> = await db.query(`SELECT reason, count FROM contest_vote_refusal WHERE contest_id = $1`, [contestId]);
    const votesVoided: Partial<Record<VoteVoidReason, number>> = {};
    for (const { reason, count } of refusals) votesVoided[reason] = (votesVoided[reason] ?? 0) + count;
    let votesCounted = 0;
    for (const { state, votes } of byState) {
      if (state === 'APPROVED') votesCounted += votes;
      else votesVoided[VOID_REASON_BY_STATE[state]!] = (votesVoided[VOID_REASON_BY_STATE[state]!] ?? 0) + votes;
    }
    return { votesCounted, votesVoided };
  }

  async awards(contestId: string): Promise<AwardView[]> {
    const { dataSource } = this.deps;
    const awards = await dataSource.getRepository(ContestAward).createQueryBuilder('a').innerJoin('a.category', 'c').where('c.contest_id = :contestId', { contestId }).orderBy('c.position').addOrderBy('a.kind').addOrderBy('a.rank').getMany();
    const entries = awards.length ? await dataSource.getRepository(ContestEntry).find({ where: awards.map((a) => ({ id: a.entryId, state: 'APPROVED' as const })) }) : [];
    const views = await buildEntryViews(this.deps, entries, 'PUBLIC');
    return awards.map((award) => ({ categoryId: award.categoryId, kind: award.kind, rank: award.rank, score: award.score, entry: views.find((v) => v.id === award.entryId) ?? null }));
  }

  private async announce(contestId: string): Promise<void> {
    const contest = await findContest(this.deps.dataSource, { id: contestId });
    const entrants: Array<{ email: string; locale: 'fr' | 'en' | 'de' }> = await this.deps.dataSource.query(
      `SELECT DISTINCT n.email, n.locale FROM contest_entrant n JOIN contest_entry e ON e.entrant_id = n.id WHERE n.contest_id = $1 AND n.email_verified_at IS NOT NULL`,
      [contestId],
    );
    for (const { email, locale } of entrants) {
      await this.deps.mailer
        .send(email, { kind: 'RESULTS', contestTitle: pickLanguage(contest.title, locale), link: editionLink(this.deps.publicSiteUrl, locale, contest, 'resultats') }, locale)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'results email not sent'));
    }
  }
}
