import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An external id belongs to the organisation whose system sent it: (organisation, system, id).
 *
 * Why: keyed by (system, id) alone, one office could register another office's Apidae or
 * OpenAgenda id first (those ids are public) and block that office's imports for good, or probe
 * whether its events exist. The column is filled from each event's publisher in the same step,
 * because the new primary key needs it; links moved by an earlier merge are credited to the
 * canonical event's publisher (their own office re-registers them on its next sync).
 */
export class KeyExternalIdsByOrganisation1763782600000 implements MigrationInterface {
  name = 'KeyExternalIdsByOrganisation1763782600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event_external_id" ADD "organisation_id" uuid`);
    await db.query(`UPDATE "event_external_id" x SET "organisation_id" = e."publisher_id" FROM "event" e WHERE e."id" = x."event_id"`);
    await db.query(`ALTER TABLE "event_external_id" ALTER COLUMN "organisation_id" SET NOT NULL`);
    await db.query(`ALTER TABLE "event_external_id" DROP CONSTRAINT "event_external_id_pkey"`);
    await db.query(`ALTER TABLE "event_external_id" ADD CONSTRAINT "event_external_id_pkey" PRIMARY KEY ("organisation_id", "system", "external_id")`);
    await db.query(
      `ALTER TABLE "event_external_id" ADD CONSTRAINT "event_external_id_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event_external_id" DROP CONSTRAINT "event_external_id_organisation_fkey"`);
    await db.query(`ALTER TABLE "event_external_id" DROP CONSTRAINT "event_external_id_pkey"`);
    // Two offices may now hold the same (system, id); the older key keeps the first registered.
    await db.query(`DELETE FROM "event_external_id" a USING "event_external_id" b WHERE a."system" = b."system" AND a."external_id" = b."external_id" AND (a."created_at", a."organisation_id") > (b."created_at", b."organisation_id")`);
    await db.query(`ALTER TABLE "event_external_id" ADD CONSTRAINT "event_external_id_pkey" PRIMARY KEY ("system", "external_id")`);
    await db.query(`ALTER TABLE "event_external_id" DROP COLUMN "organisation_id"`);
  }
}
