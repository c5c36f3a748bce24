import { CONTEST_MARKERS, CONTEST_PAGES, pickLanguage, type AwardKind, type EntryState, type LocalizedText } from '@nfc/shared';
import type { EntityManager } from 'typeorm';
import { assertUuid, badUserInput, conflict, notFound } from '../common/errors';
import { findContest, recordTransition, editionLink, type ContestDeps } from './contest-deps';
import { Contest, ContestCategory, ContestEntry, ContestEntrant, ContestRulesVersion, type LicenceUse, type OutsideTerritoryPolicy } from './contest.entities';
import { refused } from './contest-errors';
import { buildEntryViews, type PrivilegedView } from './entry-views';
import { rankTopThree, type RankedEntry } from './results.service';

export type ModerationDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';

/** From which states each decision may be taken. */
const DECIDABLE_FROM: Record<ModerationDecision, EntryState[]> = {
  APPROVED: ['PENDING_MODERATION', 'REJECTED'],
  CHANGES_REQUESTED: ['PENDING_MODERATION', 'APPROVED'],
  REJECTED: ['PENDING_MODERATION', 'APPROVED', 'CHANGES_REQUESTED'],
};

export interface ContestWindows {
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  moderationClosesAt: Date;
  juryOpensAt: Date;
  juryClosesAt: Date;
  voteOpensAt: Date;
  voteClosesAt: Date;
  resultsAt: Date;
}

export interface CreateContestInput extends ContestWindows {
  slug: string;
  title: LocalizedText;
  summary: LocalizedText;
  rules: LocalizedText;
  maxEntriesTotal: number | null;
  maxEntriesPerCategory: number | null;
  minMegapixels: number;
  captureFrom: string | null;
  captureTo: string | null;
  outsideTerritory: OutsideTerritoryPolicy;
  licenceUses: LicenceUse[];
  licenceYears: number;
  juryWeight?: number | null;
}

/** One place of a ranking, as the disqualification preview shows it. */
export interface RankedPlace {
  rank: number;
  score: number;
  entryId: string;
  title: string | null;
}

export interface DisqualificationPreview {
  entryId: string;
  title: string | null;
  votesVoided: number;
  rounds: Array<{ number: number; isFinal: boolean; closed: boolean; scores: number; meanScore: number | null; advanced: boolean | null }>;
  finalRoundClosed: boolean;
  resultsPublished: boolean;
  prizesHeld: Array<{ kind: AwardKind; rank: number }>;
  rankings: Array<{ kind: AwardKind; current: RankedPlace[]; without: RankedPlace[] }>;
}

function checkWindows(w: ContestWindows): void {
  const order: Array<[keyof ContestWindows, keyof ContestWindows]> = [
    ['submissionOpensAt', 'submissionClosesAt'],
    ['submissionClosesAt', 'moderationClosesAt'],
    ['submissionClosesAt', 'voteOpensAt'],
    ['voteOpensAt', 'voteClosesAt'],
    ['juryOpensAt', 'juryClosesAt'],
    ['voteClosesAt', 'resultsAt'],
    ['juryClosesAt', 'resultsAt'],
  ];
  const wrong = order.filter(([a, b]) => !(w[a] <= w[b]) || (a.endsWith('OpensAt') && b.endsWith('ClosesAt') && +w[a] === +w[b]));
  if (wrong.length) {
    throw badUserInput('The windows are out of order: submissions, then the public vote; the jury and the vote before the results.', wrong.map(([a, b]) => ({ field: b, message: `Must come after ${a}.` })));
  }
}

/** The Pôle's side: running contests and moderating entries. Reached only with the moderation scope. */
export class ModerationService {
  constructor(
    private readonly deps: ContestDeps,
    private readonly userId: string | null,
  ) {}

  /** A contest with its rules (version 1) and the six marker categories. */
  async createContest(input: CreateContestInput): Promise<Contest> {
    checkWindows(input);
    return this.deps.dataSource.transaction(async (db) => {
      const { rules, ...fields } = input;
      if ((CONTEST_PAGES as readonly string[]).includes(input.slug)) throw badUserInput(`"${input.slug}" names a page of every edition; choose another slug.`, [{ field: 'slug', message: 'Reserved.' }]);
      const [taken] = await db.query(`SELECT 1 FROM contest WHERE slug = $1`, [input.slug]);
      if (taken) throw conflict('A contest already has this slug.', [{ field: 'slug', message: 'Taken.' }]);
      const contest = await db.getRepository(Contest).save(db.getRepository(Contest).create({ ...fields, resultsPublishedAt: null, resultsSummary: null }));
      await db.getRepository(ContestRulesVersion).insert({ contestId: contest.id, version: 1, body: rules });
      await db.getRepository(ContestCategory).insert(CONTEST_MARKERS.map((marker, position) => ({ contestId: contest.id, slug: marker.slug, label: { ...marker.label }, position })));
      return contest;
    });
  }

  /** Moves the windows (organisers extend deadlines); the same ordering rules apply. */
  async updateWindows(contestId: string, windows: ContestWindows): Promise<Contest> {
    assertUuid(contestId, 'contestId');
    checkWindows(windows);
    const contest = await findContest(this.deps.dataSource, { id: contestId });
    await this.deps.dataSource.getRepository(Contest).update({ id: contest.id }, windows);
    return findContest(this.deps.dataSource, { id: contestId });
  }

  /** A new version of the rules; entrants keep the version they accepted, new entrants accept this one. */
  async publishRules(contestId: string, body: LocalizedText): Promise<ContestRulesVersion> {
    assertUuid(contestId, 'contestId');
    await findContest(this.deps.dataSource, { id: contestId });
    return this.deps.dataSource.transaction(async (db) => {
      const [{ next }] = await db.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM contest_rules_version WHERE contest_id = $1`, [contestId]);
      return db.getRepository(ContestRulesVersion).save(db.getRepository(ContestRulesVersion).create({ contestId, version: next, body }));
    });
  }

  /** Entries in the given states, oldest first: the moderation queue; `after` (an entry) pages on past it. */
  async queue(contestId: string, states: EntryState[], first: number, after: string | null = null): Promise<PrivilegedView[]> {
    assertUuid(contestId, 'contestId');
    if (after) assertUuid(after, 'after');
    const query = this.deps.dataSource
      .getRepository(ContestEntry)
      .createQueryBuilder('e')
      .where('e.contest_id = :contestId', { contestId })
      .andWhere('e.state IN (:...states)', { states: states.length ? states : ['PENDING_MODERATION'] });
    // Keyset paging on (submitted_at, id): an entry decided meanwhile shifts nothing.
    if (after) query.andWhere('(e.submitted_at, e.id) > (SELECT a.submitted_at, a.id FROM contest_entry a WHERE a.id = :after)', { after });
    const entries = await query.orderBy('e.submitted_at', 'ASC').addOrderBy('e.id', 'ASC').take(first).getMany();
    return buildEntryViews(this.deps, entries, 'PRIVATE');
  }

  async entry(entryId: string): Promise<PrivilegedView> {
    assertUuid(entryId, 'entryId');
    const entry = await this.deps.dataSource.getRepository(ContestEntry).findOne({ where: { id: entryId } });
    if (!entry) throw notFound('Entry', entryId);
    return (await buildEntryViews(this.deps, [entry], 'PRIVATE'))[0]!;
  }

  /**
   * Decides on an entry, logs who and why, makes its photo public or private accordingly,
   * and tells the entrant in their language.
   */
  async decide(entryId: string, decision: ModerationDecision, reason: string | null): Promise<PrivilegedView> {
    assertUuid(entryId, 'entryId');
    const trimmed = reason?.trim() || null;
    if (decision !== 'APPROVED' && !trimmed) throw badUserInput('Give the entrant a reason.', [{ field: 'reason', message: 'Required unless approving.' }]);
    const { dataSource } = this.deps;
    const entry = await dataSource.transaction(async (db) => {
      // The contest's row first, as publishing locks it: no decision lands between a publication's rankings.
      await db.query(`SELECT c.id FROM contest c JOIN contest_entry e ON e.contest_id = c.id WHERE e.id = $1 FOR UPDATE OF c`, [entryId]);
      const found = await db.getRepository(ContestEntry).findOne({ where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw notFound('Entry', entryId);
      if (!DECIDABLE_FROM[decision].includes(found.state)) {
        throw refused('WRONG_ENTRY_STATE', `An entry in state ${found.state} cannot become ${decision}.`, 'decision');
      }
      // Taking back an approval is a disqualification, whichever mutation does it: the log and the report say so.
      await recordTransition(db, found, decision, { actor: 'MODERATOR', userId: this.userId }, trimmed, { disqualification: found.state === 'APPROVED' && decision === 'REJECTED' });
      if (found.mediaId) await db.query(`UPDATE media_item SET visibility = $2 WHERE id = $1`, [found.mediaId, decision === 'APPROVED' ? 'PUBLIC' : 'PRIVATE']);
      return found;
    });
    await this.tellEntrant(entry, decision, trimmed);
    return (await buildEntryViews(this.deps, [{ ...entry, stateReason: trimmed }], 'PRIVATE'))[0]!;
  }

  /** The entrant reads the decision in their language; a mail that fails is logged, the decision stands. */
  private async tellEntrant(entry: ContestEntry, decision: ModerationDecision, reason: string | null): Promise<void> {
    const { dataSource, mailer } = this.deps;
    const entrant = entry.entrantId ? await dataSource.getRepository(ContestEntrant).findOne({ where: { id: entry.entrantId } }) : null;
    if (!entrant) return;
    const contest = await findContest(dataSource, { id: entry.contestId });
    await mailer
      .send(
        entrant.email,
        {
          kind: 'MODERATION_DECISION',
          contestTitle: pickLanguage(contest.title, entrant.locale),
          entryTitle: entry.title ?? '',
          decision,
          reason,
          link: editionLink(this.deps.publicSiteUrl, entrant.locale, contest, 'mes-photos'),
        },
        entrant.locale,
      )
      .catch((error: unknown) => this.deps.logger.warn({ err: error, entryId: entry.id }, 'moderation email not sent'));
  }

  /**
   * What disqualifying an approved entry would do, before it is done: the public votes voided,
   * the jury rounds and scores it holds, the prizes it holds if the results are out, and for each
   * ranking of its category the top three now and without it. A fixed number of statements.
   */
  async disqualificationPreview(entryId: string): Promise<DisqualificationPreview> {
    assertUuid(entryId, 'entryId');
    const db = this.deps.dataSource.manager;
    const entry = await db.getRepository(ContestEntry).findOne({ where: { id: entryId } });
    if (!entry) throw notFound('Entry', entryId);
    if (entry.state !== 'APPROVED') throw refused('WRONG_ENTRY_STATE', `Only an approved entry can be disqualified; this one is ${entry.state}.`, 'entryId');
    const contest = await findContest(db, { id: entry.contestId });
    const [[{ votes }], rounds, prizes, [finalRound]] = await Promise.all([
      db.query(`SELECT count(*)::int AS votes FROM contest_vote WHERE entry_id = $1`, [entryId]) as Promise<Array<{ votes: number }>>,
      db.query(
        `SELECT r.number, r.is_final, r.closed_at IS NOT NULL AS closed, count(a.score)::int AS scores, avg(a.score)::real AS mean_score, bool_or(m.advanced) AS advanced
         FROM contest_jury_assignment a JOIN contest_jury_round r ON r.id = a.round_id
         LEFT JOIN contest_jury_round_entry m ON m.round_id = a.round_id AND m.entry_id = a.entry_id
         WHERE a.entry_id = $1 GROUP BY r.id ORDER BY r.number`,
        [entryId],
      ) as Promise<Array<{ number: number; is_final: boolean; closed: boolean; scores: number; mean_score: number | null; advanced: boolean | null }>>,
      db.query(`SELECT kind, rank FROM contest_award WHERE entry_id = $1 ORDER BY kind, rank`, [entryId]) as Promise<Array<{ kind: AwardKind; rank: number }>>,
      db.query(`SELECT id FROM contest_jury_round WHERE contest_id = $1 AND is_final AND closed_at IS NOT NULL ORDER BY number DESC LIMIT 1`, [contest.id]) as Promise<Array<{ id: string }>>,
    ]);
    const ranking = { contestId: contest.id, finalRoundId: finalRound?.id ?? null, juryWeight: contest.juryWeight, categoryId: entry.categoryId };
    const [now, without] = await Promise.all([rankTopThree(db, ranking), rankTopThree(db, { ...ranking, excludeEntryId: entryId })]);
    const ids = [...new Set([...now, ...without].map((row) => row.entryId))];
    const titles: Array<{ id: string; title: string | null }> = ids.length ? await db.query(`SELECT id, title FROM contest_entry WHERE id = ANY($1)`, [ids]) : [];
    const place = (row: RankedEntry): RankedPlace => ({ rank: row.rank, score: row.score, entryId: row.entryId, title: titles.find((t) => t.id === row.entryId)?.title ?? null });
    const kinds: AwardKind[] = ['JURY', 'PUBLIC', ...(contest.juryWeight === null ? [] : (['COMBINED'] as const))];
    return {
      entryId,
      title: entry.title,
      votesVoided: votes,
      rounds: rounds.map((row) => ({ number: row.number, isFinal: row.is_final, closed: row.closed, scores: row.scores, meanScore: row.mean_score, advanced: row.advanced })),
      finalRoundClosed: Boolean(finalRound),
      resultsPublished: contest.resultsPublishedAt !== null,
      prizesHeld: prizes.map((row) => ({ kind: row.kind, rank: row.rank })),
      rankings: kinds.map((kind) => ({
        kind,
        current: now.filter((row) => row.kind === kind).sort((a, b) => a.rank - b.rank).map(place),
        without: without.filter((row) => row.kind === kind).sort((a, b) => a.rank - b.rank).map(place),
      })),
    };
  }

  /**
   * Takes back an approval: the entry becomes REJECTED with the reason, logged as a
   * disqualification; its photo goes private, its votes no longer count (the tally voids
   * them as for any refused entry), and the entrant is told in their language. A prize already
   * published stays as "entry withdrawn" until the results are withdrawn and published again.
   */
  async disqualify(entryId: string, reason: string): Promise<PrivilegedView> {
    assertUuid(entryId, 'entryId');
    const trimmed = reason.trim();
    if (!trimmed) throw badUserInput('Say why the entry is disqualified: the entrant reads it and the log keeps it.', [{ field: 'reason', message: 'Required.' }]);
    if (trimmed.length > 2000) throw badUserInput('The reason is too long.', [{ field: 'reason', message: 'At most 2000 characters.' }]);
    const entry = await this.deps.dataSource.transaction(async (db) => {
      // The contest's row first, as publishing locks it: a disqualification never lands between a publication's rankings.
      await db.query(`SELECT c.id FROM contest c JOIN contest_entry e ON e.contest_id = c.id WHERE e.id = $1 FOR UPDATE OF c`, [entryId]);
      const found = await db.getRepository(ContestEntry).findOne({ where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw notFound('Entry', entryId);
      if (found.state !== 'APPROVED') throw refused('WRONG_ENTRY_STATE', `Only an approved entry can be disqualified; this one is ${found.state}.`, 'entryId');
      await recordTransition(db, found, 'REJECTED', { actor: 'MODERATOR', userId: this.userId }, trimmed, { disqualification: true });
      if (found.mediaId) await db.query(`UPDATE media_item SET visibility = 'PRIVATE' WHERE id = $1`, [found.mediaId]);
      return found;
    });
    await this.tellEntrant(entry, 'REJECTED', trimmed);
    return (await buildEntryViews(this.deps, [{ ...entry, stateReason: trimmed }], 'PRIVATE'))[0]!;
  }

  /**
   * The jury's share of the combined ranking (0–100), or null for none. Fixed once the results are
   * out (RESULTS_PUBLISHED): the prizes were weighed with the old share.
   */
  async setJuryWeight(contestId: string, juryWeight: number | null): Promise<Contest> {
    assertUuid(contestId, 'contestId');
    if (juryWeight !== null && (!Number.isInteger(juryWeight) || juryWeight < 0 || juryWeight > 100)) throw badUserInput('The jury’s share is a whole percentage, 0 to 100.', [{ field: 'juryWeight', message: '0 to 100.' }]);
    await this.deps.dataSource.transaction(async (db: EntityManager) => {
      // The lock publishing takes: the share never changes under a publication.
      const [contest] = await db.query(`SELECT results_published_at FROM contest WHERE id = $1 FOR UPDATE`, [contestId]);
      if (!contest) throw notFound('Contest', contestId);
      if (contest.results_published_at) throw refused('RESULTS_PUBLISHED', 'The results are published with this weighting: withdraw them first to change it.', 'juryWeight');
      await db.query(`UPDATE contest SET jury_weight = $2 WHERE id = $1`, [contestId, juryWeight]);
    });
    return findContest(this.deps.dataSource, { id: contestId });
  }

  /** The log of an entry's states: who, when, why. */
  async history(entryId: string): Promise<Array<{ fromState: EntryState | null; toState: EntryState; actor: string; reason: string | null; disqualification: boolean; at: Date }>> {
    assertUuid(entryId, 'entryId');
    const rows = await this.deps.dataSource.query(
      `SELECT from_state, to_state, actor, reason, disqualification, at FROM contest_entry_transition WHERE entry_id = $1 ORDER BY at, id`,
      [entryId],
    );
    return rows.map((row: { from_state: EntryState | null; to_state: EntryState; actor: string; reason: string | null; disqualification: boolean; at: Date }) => ({
      fromState: row.from_state,
      toState: row.to_state,
      actor: row.actor,
      reason: row.reason,
      disqualification: row.disqualification,
      at: row.at,
    }));
  }
}
