import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an event was first published, kept by a trigger on every write path.
 *
 * Why: the public change feed must show the public exactly what it showed them before:
 * published events, and the tombstones (deletions, unpublishing) of events that were once
 * public. Without this, a deleted draft leaked its id, and an event rejected after being
 * published could not be told from one that never was. The partial index serves that feed.
 */
export class AddEventFirstPublishedAt1763781500000 implements MigrationInterface {
  name = 'AddEventFirstPublishedAt1763781500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" ADD "first_published_at" timestamptz`);
    await db.query(`
      CREATE FUNCTION event_keep_first_published_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.moderation = 'PUBLISHED' AND NEW.first_published_at IS NULL THEN
          NEW.first_published_at := now();
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER "event_first_published_at" BEFORE INSERT OR UPDATE ON "event" FOR EACH ROW EXECUTE FUNCTION event_keep_first_published_at()`);
    await db.query(`CREATE INDEX "event_public_changes_idx" ON "event" ("updated_at", "id") WHERE "first_published_at" IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_public_changes_idx"`);
    await db.query(`DROP TRIGGER "event_first_published_at" ON "event"`);
    await db.query(`DROP FUNCTION event_keep_first_published_at()`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "first_published_at"`);
  }
}
