import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded files (private originals) and their public, re-encoded variants. */
export class CreateMedia1763780200000 implements MigrationInterface {
  name = 'CreateMedia1763780200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "public"."media_purpose" AS ENUM('PHOTO', 'EVENT_IMAGE', 'BRAND_MASTER', 'PRINT_MASTER')`);
    await db.query(`CREATE TYPE "public"."media_visibility" AS ENUM('PRIVATE', 'PUBLIC')`);
    await db.query(`CREATE TYPE "public"."image_variant_format" AS ENUM('avif', 'webp', 'jpeg')`);
    await db.query(`
      CREATE TABLE "media_item" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "purpose" "public"."media_purpose" NOT NULL,
        "visibility" "public"."media_visibility" NOT NULL DEFAULT 'PRIVATE',
        "organisation_id" uuid,
        "uploaded_by_user_id" uuid,
        "original_key" text NOT NULL,
        "mime_type" text NOT NULL,
        "byte_size" integer NOT NULL,
        "width" integer,
        "height" integer,
        "sha256" character(64) NOT NULL,
        "perceptual_hash" character(16),
        "captured_at" TIMESTAMP WITH TIME ZONE,
        "gps_lat" double precision,
        "gps_lon" double precision,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "attached_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "media_item_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "media_item_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "media_item_uploaded_by_fkey" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "media_item_organisation_id_idx" ON "media_item" ("organisation_id")`);
    await db.query(`CREATE INDEX "media_item_sha256_idx" ON "media_item" ("sha256")`);
    await db.query(`CREATE INDEX "media_item_created_at_idx" ON "media_item" ("created_at")`);
    await db.query(`
      CREATE TABLE "media_variant" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "media_id" uuid NOT NULL,
        "format" "public"."image_variant_format" NOT NULL,
        "width" integer NOT NULL,
        "height" integer NOT NULL,
        "byte_size" integer NOT NULL,
        "sha256" character(64) NOT NULL,
        CONSTRAINT "media_variant_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "media_variant_media_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "media_variant_media_id_idx" ON "media_variant" ("media_id")`);
    await db.query(`CREATE INDEX "media_variant_sha256_idx" ON "media_variant" ("sha256")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "media_variant"`);
    await db.query(`DROP TABLE "media_item"`);
    await db.query(`DROP TYPE "public"."image_variant_format"`);
    await db.query(`DROP TYPE "public"."media_visibility"`);
    await db.query(`DROP TYPE "public"."media_purpose"`);
  }
}
