import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for "My events" (myEvents), which lists an office's events last changed first and
 * filters them by review state. Why: without them a page of one office's events reads all its
 * events and sorts them, and the Pôle's "every pending event" walks every event in date order.
 * The status and text filters already have theirs (event_status_idx, event_search_idx).
 */
export class AddMyEventsIndexes1763783100000 implements MigrationInterface {
  name = 'AddMyEventsIndexes1763783100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "event_publisher_updated_idx" ON "event" ("publisher_id", "updated_at", "id")`);
    await db.query(`CREATE INDEX "event_moderation_updated_idx" ON "event" ("moderation", "updated_at", "id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_moderation_updated_idx"`);
    await db.query(`DROP INDEX "event_publisher_updated_idx"`);
  }
}
