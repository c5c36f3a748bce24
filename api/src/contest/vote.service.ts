import { isPlausibleEmail, normaliseEmail, pickLanguage, type Language, type VoteVoidReason } from '@nfc/shared';
import * as MailChecker from 'mailchecker';
import { assertUuid, badUserInput, AppError, notFound } from '../common/errors';
import { consume } from '../common/rate-limits';
import { pseudonym, signContestToken } from './contest-access';
import { findContest, phaseOf, editionLink, type ContestDeps } from './contest-deps';
import { ContestEntry } from './contest.entities';
import { refused } from './contest-errors';
import { maskEmail, type CodeSent } from './entrant.service';
import { buildEntryViews, type PrivilegedView } from './entry-views';
import { codeAccount } from './one-time-codes';

/**
 * The public vote: one vote per verified address per category. Addresses are normalised,
 * disposable domains refused (mailchecker's maintained list), bursts from one IP refused,
 * and a second vote is made impossible by a unique constraint, not only by a check.
 */
export class VoteService {
  constructor(private readonly deps: ContestDeps) {}

  async requestCode(contestSlug: string, email: string, language: Language, ip: string): Promise<CodeSent> {
    const { dataSource, codes, mailer } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    if (phaseOf(contest) !== 'VOTE') throw refused('OUTSIDE_WINDOW', 'The public vote is not open.');
    if (!isPlausibleEmail(email)) throw badUserInput('Enter a valid email address.', [{ field: 'email', message: 'Not an address.' }]);
    await consume(this.deps.rateLimits.loginByIp, `vote-code:${ip}`);
    if (!MailChecker.isValid(email.trim())) {
      await this.countRefusal(contest.id, 'DISPOSABLE_EMAIL');
      throw refused('DISPOSABLE_EMAIL', 'Disposable addresses cannot vote: use your usual address.', 'email');
    }
    const emailNormalised = normaliseEmail(email);
    await consume(this.deps.rateLimits.loginByEmail, `vote-code:${emailNormalised}`);
    const [voter] = await dataSource.query(
      `INSERT INTO contest_voter (contest_id, email_normalised) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT contest_voter_email_key DO UPDATE SET email_normalised = EXCLUDED.email_normalised RETURNING id`,
      [contest.id, emailNormalised],
    );
    const { code, expiresAt } = await codes.issue('VOTER', voter.id, codeAccount(contest.id, 'VOTER', emailNormalised), ip);
    await mailer.send(email.trim(), { kind: 'VOTER_CODE', contestTitle: pickLanguage(contest.title, language), code, link: editionLink(this.deps.publicSiteUrl, language, contest, 'voter') }, language);
    return { sentTo: maskEmail(email.trim()), expiresAt };
  }

  async verify(contestSlug: string, email: string, code: string, ip: string): Promise<{ token: string; expiresAt: Date }> {
    const { dataSource, codes } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    const [voter] = await dataSource.query(`SELECT id FROM contest_voter WHERE contest_id = $1 AND email_normalised = $2`, [contest.id, normaliseEmail(email)]);
    await codes.consume('VOTER', voter?.id ?? null, code, codeAccount(contest.id, 'VOTER', normaliseEmail(email)), ip);
    await dataSource.query(`UPDATE contest_voter SET verified_at = coalesce(verified_at, now()) WHERE id = $1`, [voter.id]);
    return signContestToken({ role: 'VOTER', id: voter.id, contestId: contest.id }, this.deps.secret);
  }

  /**
   * The approved entries of a category in an order of this voter's own (stable across reloads,
   * different between voters), so no entry profits from being first. No counts.
   */
  async ballot(voterId: string, contestId: string, categoryId: string): Promise<{ entries: PrivilegedView[]; votedEntryId: string | null }> {
    assertUuid(categoryId, 'categoryId');
    const { dataSource } = this.deps;
    const ids: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM contest_entry WHERE contest_id = $1 AND category_id = $2 AND state = 'APPROVED' ORDER BY md5($3 || id::text) LIMIT 500`,
      [contestId, categoryId, voterId],
    );
    const entries = ids.length ? await dataSource.getRepository(ContestEntry).find({ where: ids.map(({ id }) => ({ id })) }) : [];
    const views = await buildEntryViews(this.deps, entries, 'PUBLIC');
    const [vote] = await dataSource.query(`SELECT entry_id FROM contest_vote WHERE voter_id = $1 AND category_id = $2`, [voterId, categoryId]);
    return { entries: ids.map(({ id }) => views.find((v) => v.id === id)!), votedEntryId: vote?.entry_id ?? null };
  }

  async myVotes(voterId: string): Promise<Array<{ categoryId: string; entryId: string }>> {
    const rows = await this.deps.dataSource.query(`SELECT category_id, entry_id FROM contest_vote WHERE voter_id = $1`, [voterId]);
    return rows.map((row: { category_id: string; entry_id: string }) => ({ categoryId: row.category_id, entryId: row.entry_id }));
  }

  async cast(voterId: string, contestId: string, entryId: string, ip: string): Promise<void> {
    assertUuid(entryId, 'entryId');
    const { dataSource } = this.deps;
    const contest = await findContest(dataSource, { id: contestId });
    if (phaseOf(contest) !== 'VOTE') throw refused('OUTSIDE_WINDOW', 'The public vote is not open.');
    try {
      await consume(this.deps.rateLimits.votesByIp, pseudonym(ip, this.deps.secret));
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') await this.countRefusal(contest.id, 'RATE_LIMITED');
      throw error;
    }
    const [entry] = await dataSource.query(`SELECT category_id FROM contest_entry WHERE id = $1 AND contest_id = $2 AND state = 'APPROVED'`, [entryId, contestId]);
    if (!entry) throw notFound('Entry', entryId);
    const inserted: unknown[] = await dataSource.query(
      `INSERT INTO contest_vote (voter_id, category_id, entry_id) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT contest_vote_one_per_category_key DO NOTHING RETURNING id`,
      [voterId, entry.category_id, entryId],
    );
    if (!inserted.length) {
      await this.countRefusal(contest.id, 'ALREADY_VOTED');
      throw refused('ALREADY_VOTED', 'You have already voted in this category.');
    }
  }

  private async countRefusal(contestId: string, reason: VoteVoidReason): Promise<void> {
    await this.deps.dataSource.query(
      `INSERT INTO contest_vote_refusal (contest_id, reason, count) VALUES ($1, $2, 1) ON CONFLICT ON CONSTRAINT contest_vote_refusal_pkey DO UPDATE SET count = contest_vote_refusal.count + 1`,
      [contestId, reason],
    );
  }
}
