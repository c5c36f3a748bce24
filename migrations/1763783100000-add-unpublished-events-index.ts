import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for the review-state filter of "My events" (myEvents). Why: the Pôle's "every
 * pending (or draft, refused, archived) event, last changed first" would otherwise walk every
 * event in date order. It is partial, on the unpublished states (the few; a filter on
 * published events matches most rows and walks event_updated_at_idx), so the public agenda,
 * which reads published events only, can never pick it up. An office's own list is served by
 * event_publisher_idx; the status and text filters by event_status_idx and event_search_idx.
 */
export class AddUnpublishedEventsIndex1763783100000 implements MigrationInterface {
  name = 'AddUnpublishedEventsIndex1763783100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "event_unpublished_updated_idx" ON "event" ("moderation", "updated_at", "id") WHERE moderation <> 'PUBLISHED' AND deleted_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_unpublished_updated_idx"`);
  }
}
