import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links of the espace pro: "forgot password" (an hour) and invitations to join an
 * organisation with a role (seven days). Why: offices sign in without anyone writing GraphQL, and
 * a person chooses their own password. Only each token's SHA-256 is stored.
 */
export class CreatePasswordResetsAndInvitations1763783000000 implements MigrationInterface {
  name = 'CreatePasswordResetsAndInvitations1763783000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "password_reset" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_hash" character(64) NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "password_reset_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "password_reset_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "password_reset_user_fkey" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "password_reset_user_id_idx" ON "password_reset" ("user_id")`);
    await db.query(`
      CREATE TABLE "invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "email" text NOT NULL,
        "display_name" text NOT NULL,
        "role" "public"."user_role" NOT NULL,
        "token_hash" character(64) NOT NULL,
        "invited_by_user_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "invitation_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "invitation_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "invitation_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "invitation_invited_by_fkey" FOREIGN KEY ("invited_by_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "invitation_organisation_id_idx" ON "invitation" ("organisation_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "invitation"`);
    await db.query(`DROP TABLE "password_reset"`);
  }
}
