import { createHmac } from 'node:crypto';
import { CONTEST_LIMITS } from '@nfc/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { rateLimited } from '../common/errors';
import { codeMatches, hashCode, newCode } from './contest-access';
import type { CodePurpose } from './contest.entities';
import { refused } from './contest-errors';

const DAY_SECONDS = 24 * 3600;

/**
 * Whose budget a code counts against: one address (or, for a guardian, one entrant's consent)
 * in one contest, for one purpose. Known or unknown addresses count alike, so the budget
 * tells a stranger nothing about who is registered.
 */
export function codeAccount(contestId: string, purpose: CodePurpose, who: string): string {
  return `${contestId}\u0000${purpose}\u0000${who.trim().toLowerCase()}`;
}

/**
 * Six-digit codes: hashed at rest, single use, five tries each, thirty minutes. Asking again
 * sends a new code and leaves the earlier ones valid until they expire (emails arrive out of
 * order; the one a person types must work); using one ends them all. Each account has a
 * rolling day's budget of requests and tries, in PostgreSQL, shared by every API process.
 */
export class OneTimeCodes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secret: string,
  ) {}

  private accountHash(account: string): string {
    return createHmac('sha256', this.secret).update(`code-budget\u0000${account}`).digest('hex');
  }

  /**
   * Spends one REQUEST or ATTEMPT of the account's day from `address`, or throws RATE_LIMITED
   * with the seconds until the oldest one in the window leaves it. Counted twice: for the
   * account from this address (the small budget), and for the account from anywhere (the
   * ceiling), so that one stranger's tries lock nobody out of their own. Serialised per account
   * by an advisory lock, so concurrent requests cannot overspend.
   */
  async spend(kind: 'REQUEST' | 'ATTEMPT', account: string, address: string, db?: EntityManager): Promise<void> {
    const fromHere = kind === 'REQUEST' ? CONTEST_LIMITS.codeRequestsPerDay : CONTEST_LIMITS.codeAttemptsPerDay;
    const anywhere = kind === 'REQUEST' ? CONTEST_LIMITS.codeRequestsPerAccountPerDay : CONTEST_LIMITS.codeAttemptsPerAccountPerDay;
    const accountHash = this.accountHash(account);
    const pairHash = this.accountHash(`${account}\u0000from\u0000${address}`);
    const work = async (tx: EntityManager) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [accountHash]);
      const rows: Array<{ account_hash: string; used: number; wait: number | null }> = await tx.query(
        `SELECT account_hash, count(*)::int AS used, ceil(extract(epoch FROM min("at") + interval '1 day' - now()))::int AS wait
         FROM contest_code_budget_event WHERE account_hash = ANY($1) AND kind = $2 AND "at" > now() - interval '1 day' GROUP BY account_hash`,
        [[accountHash, pairHash], kind],
      );
      for (const [hash, limit] of [[pairHash, fromHere], [accountHash, anywhere]] as const) {
        const row = rows.find((candidate) => candidate.account_hash === hash);
        if (row && row.used >= limit) throw rateLimited(Math.max(1, Math.min(DAY_SECONDS, Number(row.wait) || DAY_SECONDS)));
      }
      await tx.query(`INSERT INTO contest_code_budget_event (account_hash, kind) VALUES ($1, $3), ($2, $3)`, [accountHash, pairHash, kind]);
    };
    await (db ? work(db) : this.dataSource.transaction(work));
  }

  /** Counts a request for which no code is sent (an unknown address), exactly as if one were. */
  async requestWithoutCode(account: string, address: string): Promise<void> {
    await this.spend('REQUEST', account, address);
  }

  /** A new code for the subject; earlier live codes stay valid until their own expiry. */
  async issue(purpose: CodePurpose, subjectId: string, account: string, address: string): Promise<{ code: string; expiresAt: Date }> {
    const code = newCode();
    const expiresAt = new Date(Date.now() + CONTEST_LIMITS.codeTtlMinutes * 60_000);
    await this.dataSource.transaction(async (db) => {
      await this.spend('REQUEST', account, address, db);
      await db.query(`INSERT INTO contest_code (purpose, subject_id, code_hash, expires_at) VALUES ($1, $2, $3, $4)`, [purpose, subjectId, hashCode(code, this.secret), expiresAt]);
    });
    return { code, expiresAt };
  }

  /**
   * Finds the live code that matches, counting the try, or throws INVALID_CODE (RATE_LIMITED
   * once the account's tries for the day are spent, whether or not the address is known). The
   * try is counted before the comparison, on the account and on each live code.
   */
  private async matching(purpose: CodePurpose, subjectId: string | null, code: string, account: string, address: string): Promise<string> {
    const invalid = () => refused('INVALID_CODE', 'This code is wrong or has expired; ask for a new one.', 'code');
    if (!/^\d{6}$/.test(code.trim())) throw invalid();
    await this.spend('ATTEMPT', account, address);
    if (!subjectId) throw invalid();
    // TypeORM answers an UPDATE or DELETE with [rows, count].
    const [updated]: [Array<{ id: string; code_hash: string }>, number] = await this.dataSource.query(
      `UPDATE contest_code SET attempts = attempts + 1
       WHERE subject_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > now() AND attempts < $3
       RETURNING id, code_hash`,
      [subjectId, purpose, CONTEST_LIMITS.codeMaxAttempts],
    );
    const row = updated.find((candidate) => codeMatches(code.trim(), candidate.code_hash, this.secret));
    if (!row) throw invalid();
    return row.id;
  }

  /**
   * Checks a code without spending it, for a page that shows what the code's holder is about to
   * decide (a guardian reviews the photos, then consents or refuses with the same code). The
   * check is a try like any other: it counts against the code's five and the day's budget.
   */
  async check(purpose: CodePurpose, subjectId: string | null, code: string, account: string, address: string): Promise<void> {
    await this.matching(purpose, subjectId, code, account, address);
  }

  /**
   * Spends a code or throws INVALID_CODE. Consumption is one conditional UPDATE, so two
   * concurrent uses cannot both succeed.
   */
  async consume(purpose: CodePurpose, subjectId: string | null, code: string, account: string, address: string): Promise<void> {
    const id = await this.matching(purpose, subjectId, code, account, address);
    const [, consumed] = await this.dataSource.query(`UPDATE contest_code SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL`, [id]);
    if (!consumed) throw refused('INVALID_CODE', 'This code is wrong or has expired; ask for a new one.', 'code');
    // Signed in: the other codes sent to this subject have done their job.
    await this.dataSource.query(`DELETE FROM contest_code WHERE subject_id = $1 AND purpose = $2 AND consumed_at IS NULL`, [subjectId, purpose]);
  }

  /** Expired or spent codes, and budget entries older than a day, are useless: the retention command removes them. */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM contest_code WHERE expires_at < now() OR consumed_at IS NOT NULL`);
    await this.dataSource.query(`DELETE FROM contest_code_budget_event WHERE "at" < now() - interval '1 day'`);
    return Number(count ?? 0);
  }
}
