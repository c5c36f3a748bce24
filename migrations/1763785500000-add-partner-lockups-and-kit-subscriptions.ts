import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two kit features of issue 18: a partner's own logo (a private upload of purpose PARTNER_LOGO,
 * one per organisation, versioned on each replacement) from which its co-branded lockups are
 * drawn; and the public's subscriptions to supersession notices (a visitor who downloads a
 * public file may ask to be told of its next version, confirmed by e-mail before it counts).
 */
export class AddPartnerLockupsAndKitSubscriptions1763785500000 implements MigrationInterface {
  name = 'AddPartnerLockupsAndKitSubscriptions1763785500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE "public"."media_purpose" ADD VALUE IF NOT EXISTS 'PARTNER_LOGO'`);
    await db.query(`
      CREATE TABLE "partner_logo" (
        "organisation_id" uuid NOT NULL,
        "media_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "partner_logo_pkey" PRIMARY KEY ("organisation_id"),
        CONSTRAINT "partner_logo_media_key" UNIQUE ("media_id"),
        CONSTRAINT "partner_logo_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "partner_logo_media_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "kit_subscription" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "locale" character varying(2) NOT NULL,
        "confirmed_at" TIMESTAMP WITH TIME ZONE,
        "confirmation_sent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "kit_subscription_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "kit_subscription_email_key" UNIQUE ("email"))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "kit_subscription"`);
    await db.query(`DROP TABLE "partner_logo"`);
    // PostgreSQL cannot drop an enum value: rows of this purpose go, the value stays (unused).
    await db.query(`DELETE FROM "media_item" WHERE "purpose" = 'PARTNER_LOGO'`);
  }
}
