import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfill: events published (or deleted while published) before the column existed were
 * public; their first publication is taken as their creation. Rejected events that had been
 * published earlier cannot be told apart and stay out of the public change feed.
 */
export class BackfillEventFirstPublishedAt1763781600000 implements MigrationInterface {
  name = 'BackfillEventFirstPublishedAt1763781600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE "event" SET "first_published_at" = "created_at" WHERE "moderation" = 'PUBLISHED' AND "first_published_at" IS NULL`);
  }

  async down(): Promise<void> {
    // The column is dropped by the previous migration's down(); nothing to undo here.
  }
}
