import { CONTEST_LIMITS } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { codeMatches, hashCode, newCode } from './contest-access';
import type { CodePurpose } from './contest.entities';
import { refused } from './contest-errors';

/** One live code per subject and purpose; hashed at rest, single use, five tries, thirty minutes. */
export class OneTimeCodes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secret: string,
  ) {}

  /** Replaces any earlier code of the subject: only the latest email's code works. */
  async issue(purpose: CodePurpose, subjectId: string): Promise<{ code: string; expiresAt: Date }> {
    const code = newCode();
    const expiresAt = new Date(Date.now() + CONTEST_LIMITS.codeTtlMinutes * 60_000);
    await this.dataSource.transaction(async (db) => {
      await db.query(`DELETE FROM contest_code WHERE subject_id = $1 AND purpose = $2`, [subjectId, purpose]);
      await db.query(`INSERT INTO contest_code (purpose, subject_id, code_hash, expires_at) VALUES ($1, $2, $3, $4)`, [purpose, subjectId, hashCode(code, this.secret), expiresAt]);
    });
    return { code, expiresAt };
  }

  /**
   * Spends the code or throws INVALID_CODE. The try is counted before the comparison, and
   * consumption is one conditional UPDATE, so two concurrent uses cannot both succeed.
   */
  // TypeORM answers an UPDATE or DELETE with [rows, count].
  async consume(purpose: CodePurpose, subjectId: string | null, code: string): Promise<void> {
    const invalid = () => refused('INVALID_CODE', 'This code is wrong or has expired; ask for a new one.', 'code');
    if (!subjectId || !/^\d{6}$/.test(code.trim())) throw invalid();
    const [updated]: [Array<{ id: string; code_hash: string }>, number] = await this.dataSource.query(
      `UPDATE contest_code SET attempts = attempts + 1
       WHERE subject_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > now() AND attempts < $3
       RETURNING id, code_hash`,
      [subjectId, purpose, CONTEST_LIMITS.codeMaxAttempts],
    );
    const row = updated[0];
    if (!row || !codeMatches(code.trim(), row.code_hash, this.secret)) throw invalid();
    const [, consumed] = await this.dataSource.query(`UPDATE contest_code SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL`, [row.id]);
    if (!consumed) throw invalid();
  }

  /** Expired or spent codes are useless: the retention command removes them. */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM contest_code WHERE expires_at < now() OR consumed_at IS NOT NULL`);
    return Number(count ?? 0);
  }
}
