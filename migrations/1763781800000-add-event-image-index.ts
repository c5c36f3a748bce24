import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index on each event's image. Why: an upload is deleted only when no event holds it, and
 * an image's visibility follows the events that show it; both ask "which events use this
 * file?", which otherwise scans every event.
 */
export class AddEventImageIndex1763781800000 implements MigrationInterface {
  name = 'AddEventImageIndex1763781800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "event_image_media_idx" ON "event" ("image_media_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_image_media_idx"`);
  }
}
