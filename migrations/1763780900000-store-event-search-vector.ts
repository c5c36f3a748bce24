import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stores each event's French search vector instead of computing it at query time.
 *
 * Why: the agenda's text search walks occurrences in date order and checks each candidate
 * event against the query. With an expression index the check recomputes to_tsvector over the
 * event's three texts for every candidate (about 25 µs each, 800 candidates for a common word
 * such as "marché"); a stored vector makes each check a read. A trigger keeps it current rather
 * than a generated column, whose expression TypeORM can only compare through its own metadata
 * table keyed by database name (which test databases cloned from a template do not keep).
 */
export class StoreEventSearchVector1763780900000 implements MigrationInterface {
  name = 'StoreEventSearchVector1763780900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" ADD "search_vector" tsvector`);
    await db.query(`
      CREATE FUNCTION nfc_event_search_vector_refresh() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector := nfc_event_search(NEW.title, NEW.short_description, NEW.long_description);
          RETURN NEW;
        END $$`);
    await db.query(`
      CREATE TRIGGER "event_search_vector_refresh" BEFORE INSERT OR UPDATE OF "title", "short_description", "long_description" ON "event"
        FOR EACH ROW EXECUTE FUNCTION nfc_event_search_vector_refresh()`);
    await db.query(`UPDATE "event" SET "search_vector" = nfc_event_search("title", "short_description", "long_description")`);
    await db.query(`ALTER TABLE "event" ALTER COLUMN "search_vector" SET NOT NULL`);
    await db.query(`DROP INDEX "event_search_idx"`);
    await db.query(`CREATE INDEX "event_search_idx" ON "event" USING gin ("search_vector")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_search_idx"`);
    await db.query(`CREATE INDEX "event_search_idx" ON "event" USING gin (nfc_event_search("title", "short_description", "long_description"))`);
    await db.query(`DROP TRIGGER "event_search_vector_refresh" ON "event"`);
    await db.query(`DROP FUNCTION nfc_event_search_vector_refresh()`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "search_vector"`);
  }
}
