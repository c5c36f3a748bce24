import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A jury round now writes its entries when it opens (contest_jury_round_entry, unscored), so an
 * entry no juror can judge still shows in the preview and the shortfall report. Rounds open
 * before this change get theirs from their assignments; data only, the schema is unchanged.
 */
export class RecordJuryRoundEntriesAtOpening1763784800000 implements MigrationInterface {
  name = 'RecordJuryRoundEntriesAtOpening1763784800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `INSERT INTO "contest_jury_round_entry" ("round_id", "entry_id", "mean_score", "votes", "advanced")
       SELECT DISTINCT a."round_id", a."entry_id", NULL::real, 0, false
       FROM "contest_jury_assignment" a JOIN "contest_jury_round" r ON r."id" = a."round_id"
       WHERE r."closed_at" IS NULL
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "contest_jury_round_entry" m USING "contest_jury_round" r WHERE r."id" = m."round_id" AND r."closed_at" IS NULL`);
  }
}
