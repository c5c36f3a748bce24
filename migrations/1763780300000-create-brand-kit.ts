import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The communication kit: assets with immutable versions and cached renditions, the
 * palette, the versioned charter, partners and their acceptances, prebuilt kits, and
 * download counts (no personal data).
 */
export class CreateBrandKit1763780300000 implements MigrationInterface {
  name = 'CreateBrandKit1763780300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "public"."brand_asset_kind" AS ENUM('LOGO', 'PICTOGRAM', 'PALETTE', 'FONT', 'TEMPLATE', 'GUIDELINE')`);
    await db.query(`CREATE TYPE "public"."brand_access_level" AS ENUM('PUBLIC', 'PARTNER', 'INTERNAL')`);
    await db.query(`CREATE TYPE "public"."logo_layout" AS ENUM('HORIZONTAL', 'VERTICAL')`);
    await db.query(`CREATE TYPE "public"."logo_colourway" AS ENUM('COLOUR', 'MONO', 'WHITE')`);
    await db.query(`CREATE TYPE "public"."partner_type" AS ENUM('TOURISM_OFFICE', 'EPCI', 'COMPANY', 'ASSOCIATION', 'UNIVERSITY', 'EVENT_ORGANISER', 'PUBLIC_BODY')`);
    await db.query(`CREATE TYPE "public"."partner_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED')`);
    await db.query(`
      CREATE TABLE "brand_asset" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "kind" "public"."brand_asset_kind" NOT NULL,
        "access" "public"."brand_access_level" NOT NULL,
        "layout" "public"."logo_layout",
        "colourway" "public"."logo_colourway",
        "name" jsonb NOT NULL,
        "sort_order" integer NOT NULL DEFAULT '0',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "brand_asset_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "brand_asset_slug_key" UNIQUE ("slug"))`);
    await db.query(`
      CREATE TABLE "brand_asset_version" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "asset_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "mime_type" text NOT NULL,
        "storage_key" text NOT NULL,
        "byte_size" integer NOT NULL,
        "sha256" character(64) NOT NULL,
        "width" double precision,
        "height" double precision,
        "created_by_user_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "brand_asset_version_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "brand_asset_version_asset_version_key" UNIQUE ("asset_id", "version"),
        CONSTRAINT "brand_asset_version_asset_fkey" FOREIGN KEY ("asset_id") REFERENCES "brand_asset"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "brand_asset_version_created_by_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "brand_rendition" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "version_id" uuid NOT NULL,
        "preset" character varying(32) NOT NULL,
        "storage_key" text NOT NULL,
        "mime_type" text NOT NULL,
        "byte_size" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "brand_rendition_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "brand_rendition_version_preset_key" UNIQUE ("version_id", "preset"),
        CONSTRAINT "brand_rendition_version_fkey" FOREIGN KEY ("version_id") REFERENCES "brand_asset_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "colour_swatch" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "name" jsonb NOT NULL,
        "hex" character(7) NOT NULL,
        "cmyk" character varying(32),
        "pantone" text,
        "sort_order" integer NOT NULL DEFAULT '0',
        CONSTRAINT "colour_swatch_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "colour_swatch_slug_key" UNIQUE ("slug"))`);
    await db.query(`
      CREATE TABLE "brand_charter" (
        "version" integer NOT NULL,
        "text" jsonb NOT NULL,
        "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "brand_charter_pkey" PRIMARY KEY ("version"))`);
    await db.query(`
      CREATE TABLE "partner_profile" (
        "organisation_id" uuid NOT NULL,
        "siret" character(14) NOT NULL,
        "partner_type" "public"."partner_type" NOT NULL,
        "epci_siren" character(9),
        "website" text,
        "listed" boolean NOT NULL DEFAULT false,
        "status" "public"."partner_status" NOT NULL DEFAULT 'PENDING',
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "partner_profile_pkey" PRIMARY KEY ("organisation_id"),
        CONSTRAINT "partner_profile_siret_key" UNIQUE ("siret"),
        CONSTRAINT "partner_profile_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "partner_profile_epci_fkey" FOREIGN KEY ("epci_siren") REFERENCES "epci"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "partner_profile_status_idx" ON "partner_profile" ("status")`);
    await db.query(`
      CREATE TABLE "charter_acceptance" (
        "organisation_id" uuid NOT NULL,
        "charter_version" integer NOT NULL,
        "accepted_by_user_id" uuid,
        "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "charter_acceptance_pkey" PRIMARY KEY ("organisation_id", "charter_version"),
        CONSTRAINT "charter_acceptance_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "charter_acceptance_charter_fkey" FOREIGN KEY ("charter_version") REFERENCES "brand_charter"("version") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "charter_acceptance_accepted_by_fkey" FOREIGN KEY ("accepted_by_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "brand_kit" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "access" "public"."brand_access_level" NOT NULL,
        "version" integer NOT NULL,
        "storage_key" text NOT NULL,
        "byte_size" integer NOT NULL,
        "built_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "brand_kit_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "brand_kit_access_version_key" UNIQUE ("access", "version"))`);
    await db.query(`
      CREATE TABLE "brand_download" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "downloaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "asset_id" uuid,
        "version" integer,
        "format" character varying(32) NOT NULL,
        "organisation_id" uuid,
        "partner_type" "public"."partner_type",
        CONSTRAINT "brand_download_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "brand_download_asset_fkey" FOREIGN KEY ("asset_id") REFERENCES "brand_asset"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "brand_download_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "brand_download_downloaded_at_idx" ON "brand_download" ("downloaded_at")`);
    await db.query(`CREATE INDEX "brand_download_asset_id_idx" ON "brand_download" ("asset_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['brand_download', 'brand_kit', 'charter_acceptance', 'partner_profile', 'brand_charter', 'colour_swatch', 'brand_rendition', 'brand_asset_version', 'brand_asset']) {
      await db.query(`DROP TABLE "${table}"`);
    }
    for (const type of ['partner_status', 'partner_type', 'logo_colourway', 'logo_layout', 'brand_access_level', 'brand_asset_kind']) {
      await db.query(`DROP TYPE "public"."${type}"`);
    }
  }
}
