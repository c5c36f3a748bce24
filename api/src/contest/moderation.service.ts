import { CONTEST_MARKERS, CONTEST_PAGES, pickLanguage, type EntryState, type LocalizedText } from '@nfc/shared';
import { In } from 'typeorm';
import { assertUuid, badUserInput, conflict, notFound } from '../common/errors';
import { findContest, recordTransition, editionLink, type ContestDeps } from './contest-deps';
import { Contest, ContestCategory, ContestEntry, ContestEntrant, ContestRulesVersion, type LicenceUse, type OutsideTerritoryPolicy } from './contest.entities';
import { buildEntryViews, type PrivilegedView } from './entry-views';

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

  /** Entries in the given states, oldest first: the moderation queue. */
  async queue(contestId: string, states: EntryState[], first: number): Promise<PrivilegedView[]> {
    assertUuid(contestId, 'contestId');
    const entries = await this.deps.dataSource.getRepository(ContestEntry).find({
      where: { contestId, state: In(states.length ? states : ['PENDING_MODERATION']) },
      order: { submittedAt: 'ASC' },
      take: first,
    });
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
    const { dataSource, mailer } = this.deps;
    const entry = await dataSource.transaction(async (db) => {
      const found = await db.getRepository(ContestEntry).findOne({ where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw notFound('Entry', entryId);
      if (!DECIDABLE_FROM[decision].includes(found.state)) {
        throw conflict(`An entry in state ${found.state} cannot become ${decision}.`, [{ field: 'decision', message: `Not from ${found.state}.` }]);
      }
      await recordTransition(db, found, decision, { actor: 'MODERATOR', userId: this.userId }, trimmed);
      if (found.mediaId) await db.query(`UPDATE media_item SET visibility = $2 WHERE id = $1`, [found.mediaId, decision === 'APPROVED' ? 'PUBLIC' : 'PRIVATE']);
      return found;
    });
    const entrant = entry.entrantId ? await dataSource.getRepository(ContestEntrant).findOne({ where: { id: entry.entrantId } }) : null;
    if (entrant) {
      const contest = await findContest(dataSource, { id: entry.contestId });
      await mailer
        .send(
          entrant.email,
          {
            kind: 'MODERATION_DECISION',
            contestTitle: pickLanguage(contest.title, entrant.locale),
            entryTitle: entry.title ?? '',
            decision,
            reason: trimmed,
            link: editionLink(this.deps.publicSiteUrl, entrant.locale, contest, 'mes-photos'),
          },
          entrant.locale,
        )
        .catch((error: unknown) => this.deps.logger.warn({ err: error, entryId }, 'moderation email not sent'));
    }
    return (await buildEntryViews(this.deps, [{ ...entry, stateReason: trimmed }], 'PRIVATE'))[0]!;
  }

  /** The log of an entry's states: who, when, why. */
  async history(entryId: string): Promise<Array<{ fromState: EntryState | null; toState: EntryState; actor: string; reason: string | null; at: Date }>> {
    assertUuid(entryId, 'entryId');
    const rows = await this.deps.dataSource.query(
      `SELECT from_state, to_state, actor, reason, at FROM contest_entry_transition WHERE entry_id = $1 ORDER BY at, id`,
      [entryId],
    );
    return rows.map((row: { from_state: EntryState | null; to_state: EntryState; actor: string; reason: string | null; at: Date }) => ({
      fromState: row.from_state,
      toState: row.to_state,
      actor: row.actor,
      reason: row.reason,
      at: row.at,
    }));
  }
}
