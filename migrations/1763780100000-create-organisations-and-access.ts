import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, the people who act for them, and their API keys. */
export class CreateOrganisationsAndAccess1763780100000 implements MigrationInterface {
  name = 'CreateOrganisationsAndAccess1763780100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "public"."organisation_kind" AS ENUM('POLE', 'TOURISM_OFFICE', 'PARTNER')`);
    await db.query(`CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'EDITOR')`);
    await db.query(`
      CREATE TABLE "organisation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" "public"."organisation_kind" NOT NULL,
        "name" text NOT NULL,
        "slug" text NOT NULL,
        "epci_siren" character(9),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "organisation_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "organisation_slug_key" UNIQUE ("slug"),
        CONSTRAINT "organisation_epci_fkey" FOREIGN KEY ("epci_siren") REFERENCES "epci"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "user_account" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "email" text NOT NULL,
        "display_name" text NOT NULL,
        "role" "public"."user_role" NOT NULL,
        "password_hash" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_login_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "user_account_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "user_account_email_key" UNIQUE ("email"),
        CONSTRAINT "user_account_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "user_account_organisation_id_idx" ON "user_account" ("organisation_id")`);
    await db.query(`
      CREATE TABLE "api_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name" text NOT NULL,
        "prefix" character varying(16) NOT NULL,
        "secret_hash" character(64) NOT NULL,
        "scopes" text array NOT NULL,
        "created_by_user_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "api_key_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "api_key_prefix_key" UNIQUE ("prefix"),
        CONSTRAINT "api_key_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "api_key_created_by_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "api_key_organisation_id_idx" ON "api_key" ("organisation_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "api_key"`);
    await db.query(`DROP TABLE "user_account"`);
    await db.query(`DROP TABLE "organisation"`);
    await db.query(`DROP TYPE "public"."user_role"`);
    await db.query(`DROP TYPE "public"."organisation_kind"`);
  }
}
