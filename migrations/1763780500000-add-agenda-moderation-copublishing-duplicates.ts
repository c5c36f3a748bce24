import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review per office, co-publishers, and duplicate candidates across offices (with the
 * trigram index their detection needs), plus the location index for "near me" and map
 * box filters. Schema only: no data is rewritten.
 */
export class AddAgendaModerationCopublishingDuplicates1763780500000 implements MigrationInterface {
  name = 'AddAgendaModerationCopublishingDuplicates1763780500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "organisation" ADD "agenda_requires_review" boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE "event" ADD "merged_into_id" uuid`);
    await db.query(`ALTER TABLE "event" ADD CONSTRAINT "event_merged_into_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`CREATE INDEX "event_location_idx" ON "event" ("lat", "lon")`);
    await db.query(`CREATE INDEX "event_title_trgm_idx" ON "event" USING gin (nfc_fold("title"->>'fr') gin_trgm_ops)`);
    await db.query(`
      CREATE TABLE "event_co_publisher" (
        "event_id" uuid NOT NULL,
        "organisation_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "event_co_publisher_pkey" PRIMARY KEY ("event_id", "organisation_id"),
        CONSTRAINT "event_co_publisher_event_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "event_co_publisher_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "event_co_publisher_organisation_idx" ON "event_co_publisher" ("organisation_id")`);
    await db.query(`CREATE TYPE "public"."duplicate_state" AS ENUM('OPEN', 'MERGED', 'DISMISSED')`);
    await db.query(`
      CREATE TABLE "event_duplicate" (
        "event_id" uuid NOT NULL,
        "other_event_id" uuid NOT NULL,
        "similarity" real NOT NULL,
        "state" "public"."duplicate_state" NOT NULL DEFAULT 'OPEN',
        "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "event_duplicate_pkey" PRIMARY KEY ("event_id", "other_event_id"),
        CONSTRAINT "event_duplicate_event_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "event_duplicate_other_event_fkey" FOREIGN KEY ("other_event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "event_duplicate_state_idx" ON "event_duplicate" ("state")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "event_duplicate"`);
    await db.query(`DROP TYPE "public"."duplicate_state"`);
    await db.query(`DROP TABLE "event_co_publisher"`);
    await db.query(`DROP INDEX "event_title_trgm_idx"`);
    await db.query(`DROP INDEX "event_location_idx"`);
    await db.query(`ALTER TABLE "event" DROP CONSTRAINT "event_merged_into_fkey"`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "merged_into_id"`);
    await db.query(`ALTER TABLE "organisation" DROP COLUMN "agenda_requires_review"`);
  }
}
