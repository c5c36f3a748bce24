import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When people can be recognised in a contest photo, the entrant may attach their signed
 * release: a private upload of the new purpose PEOPLE_RELEASE, linked from the entry and
 * deleted with it.
 */
export class AddEntryPeopleRelease1763785300000 implements MigrationInterface {
  name = 'AddEntryPeopleRelease1763785300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE "public"."media_purpose" ADD VALUE 'PEOPLE_RELEASE'`);
    await db.query(`ALTER TABLE "contest_entry" ADD "release_media_id" uuid`);
    await db.query(`CREATE INDEX "contest_entry_release_media_idx" ON "contest_entry" ("release_media_id") `);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_release_media_fkey" FOREIGN KEY ("release_media_id") REFERENCES "media_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_release_media_fkey"`);
    await db.query(`DROP INDEX "contest_entry_release_media_idx"`);
    await db.query(`ALTER TABLE "contest_entry" DROP COLUMN "release_media_id"`);
    await db.query(`DELETE FROM "media_item" WHERE "purpose" = 'PEOPLE_RELEASE'`);
    await db.query(`ALTER TYPE "public"."media_purpose" RENAME TO "media_purpose_old"`);
    await db.query(`CREATE TYPE "public"."media_purpose" AS ENUM('PHOTO', 'EVENT_IMAGE', 'BRAND_MASTER', 'PRINT_MASTER')`);
    await db.query(`ALTER TABLE "media_item" ALTER COLUMN "purpose" TYPE "public"."media_purpose" USING "purpose"::text::"public"."media_purpose"`);
    await db.query(`DROP TYPE "public"."media_purpose_old"`);
  }
}
