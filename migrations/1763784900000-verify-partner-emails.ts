import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partner request counts once its e-mail address is confirmed, and only an approved partner
 * holds its SIRET: a refused or unconfirmed request (a mistake, or someone posing as the
 * company) no longer blocks the real establishment from registering. Requests made before this
 * change were reviewed under the old rules and count as confirmed.
 */
export class VerifyPartnerEmails1763784900000 implements MigrationInterface {
  name = 'VerifyPartnerEmails1763784900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "partner_profile" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await db.query(`UPDATE "partner_profile" SET "email_verified_at" = "created_at"`);
    await db.query(`ALTER TABLE "partner_profile" DROP CONSTRAINT "partner_profile_siret_key"`);
    await db.query(`CREATE INDEX "partner_profile_siret_idx" ON "partner_profile" ("siret") `);
    await db.query(`CREATE UNIQUE INDEX "partner_profile_siret_approved_key" ON "partner_profile" ("siret") WHERE "status" = 'APPROVED'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "partner_profile_siret_approved_key"`);
    await db.query(`DROP INDEX "partner_profile_siret_idx"`);
    await db.query(`ALTER TABLE "partner_profile" ADD CONSTRAINT "partner_profile_siret_key" UNIQUE ("siret")`);
    await db.query(`ALTER TABLE "partner_profile" DROP COLUMN "email_verified_at"`);
  }
}
