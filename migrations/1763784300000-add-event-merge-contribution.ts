import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a merge brought into the canonical event from the duplicate, by merge field, with the value
 * the canonical event held before. Why: the canonical office's system goes on sending its own item
 * every night; without this, its resend of the pre-merge content would erase the translations,
 * price or contacts the merge took from the other office. A resend of that older value keeps what
 * the merge brought; a new value from the office replaces it (see api/src/agenda/merge.ts).
 */
export class AddEventMergeContribution1763784300000 implements MigrationInterface {
  name = 'AddEventMergeContribution1763784300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" ADD "merge_contribution" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" DROP COLUMN "merge_contribution"`);
  }
}
