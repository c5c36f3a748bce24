import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A disqualification is a rejection of an entry that had been approved (and could hold votes,
 * scores or a prize): its transition says so in its own column, so the log and the campaign
 * report tell it from an ordinary moderation decision without reading the reason.
 */
export class MarkDisqualifications1763785100000 implements MigrationInterface {
  name = 'MarkDisqualifications1763785100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "contest_entry_transition" ADD "disqualification" boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "contest_entry_transition" DROP COLUMN "disqualification"`);
  }
}
