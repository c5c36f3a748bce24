import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The residents' photo contest: contests with versioned rules and categories, entrants,
 * entries with their logged transitions, one-time codes, the jury (rounds, assignments,
 * conflicts), the public vote (one per voter and category, by constraint) and frozen awards.
 * The same photo can never be entered twice: a partial unique index on its SHA-256.
 */
export class CreateContest1763780800000 implements MigrationInterface {
  name = 'CreateContest1763780800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "public"."contest_outside_territory_policy" AS ENUM('REFUSE', 'FLAG')`);
    await db.query(`CREATE TYPE "public"."contest_licence_use" AS ENUM('WEBSITE', 'SOCIAL_MEDIA', 'PRINT', 'EXHIBITION', 'PRESS')`);
    await db.query(`CREATE TABLE "contest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "title" jsonb NOT NULL, "summary" jsonb NOT NULL, "submission_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submission_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "moderation_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "jury_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "jury_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "vote_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "vote_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "results_at" TIMESTAMP WITH TIME ZONE NOT NULL, "max_entries_total" integer, "max_entries_per_category" integer, "min_megapixels" real NOT NULL DEFAULT '2', "capture_from" date, "capture_to" date, "outside_territory" "public"."contest_outside_territory_policy" NOT NULL DEFAULT 'REFUSE', "licence_uses" "public"."contest_licence_use" array NOT NULL, "licence_years" integer NOT NULL, "results_published_at" TIMESTAMP WITH TIME ZONE, "results_summary" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_slug_key" UNIQUE ("slug"), CONSTRAINT "contest_windows_check" CHECK ("submission_opens_at" < "submission_closes_at" AND "submission_closes_at" <= "moderation_closes_at" AND "submission_closes_at" <= "vote_opens_at" AND "vote_opens_at" < "vote_closes_at" AND "jury_opens_at" < "jury_closes_at" AND "vote_closes_at" <= "results_at" AND "jury_closes_at" <= "results_at"), CONSTRAINT "contest_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "contest_rules_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "version" integer NOT NULL, "body" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_rules_version_key" UNIQUE ("contest_id", "version"), CONSTRAINT "contest_rules_version_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "contest_category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "slug" text NOT NULL, "label" jsonb NOT NULL, "position" integer NOT NULL, CONSTRAINT "contest_category_slug_key" UNIQUE ("contest_id", "slug"), CONSTRAINT "contest_category_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TYPE "public"."contest_age_band" AS ENUM('UNDER_15', 'FROM_15_TO_17', 'ADULT')`);
    await db.query(`CREATE TABLE "contest_entrant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "email" text NOT NULL, "email_normalised" text NOT NULL, "email_verified_at" TIMESTAMP WITH TIME ZONE, "full_name" text NOT NULL, "commune_insee" character(5) NOT NULL, "age_band" "public"."contest_age_band" NOT NULL, "guardian_name" text, "guardian_email" text, "guardian_consent_at" TIMESTAMP WITH TIME ZONE, "rules_version" integer NOT NULL, "licence_accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "credit_line" text NOT NULL, "locale" character(2) NOT NULL DEFAULT 'fr', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_entrant_email_key" UNIQUE ("contest_id", "email_normalised"), CONSTRAINT "contest_entrant_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "contest_entrant_unverified_idx" ON "contest_entrant"  ("email_verified_at") WHERE "email_verified_at" IS NULL`);
    await db.query(`CREATE TYPE "public"."contest_entry_state" AS ENUM('SUBMITTED', 'PENDING_MODERATION', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'WITHDRAWN', 'ERASED')`);
    await db.query(`CREATE TABLE "contest_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "entrant_id" uuid, "category_id" uuid NOT NULL, "media_id" uuid, "photo_sha256" character(64), "perceptual_hash" character(16), "title" text, "description" text, "alt_text" text, "commune_insee" character(5) NOT NULL, "gps_commune_insee" character(5), "flags" text array NOT NULL DEFAULT '{}', "near_duplicate_of_id" uuid, "people_present" boolean NOT NULL DEFAULT false, "people_consent" boolean NOT NULL DEFAULT false, "credit_line" text, "state" "public"."contest_entry_state" NOT NULL, "state_reason" text, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "state_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_entry_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "contest_entry_entrant_idx" ON "contest_entry"  ("entrant_id") `);
    await db.query(`CREATE INDEX "contest_entry_media_idx" ON "contest_entry"  ("media_id") `);
    await db.query(`CREATE INDEX "contest_entry_commune_idx" ON "contest_entry"  ("commune_insee") `);
    await db.query(`CREATE INDEX "contest_entry_perceptual_hash_idx" ON "contest_entry"  ("perceptual_hash") `);
    await db.query(`CREATE INDEX "contest_entry_listing_idx" ON "contest_entry"  ("contest_id", "state", "category_id") `);
    await db.query(`CREATE TABLE "contest_entry_transition" ("id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL, "entry_id" uuid NOT NULL, "from_state" "public"."contest_entry_state", "to_state" "public"."contest_entry_state" NOT NULL, "actor" text NOT NULL, "actor_user_id" uuid, "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_entry_transition_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "contest_entry_transition_entry_idx" ON "contest_entry_transition"  ("entry_id") `);
    await db.query(`CREATE TYPE "public"."contest_code_purpose" AS ENUM('ENTRANT', 'GUARDIAN', 'VOTER', 'JUROR')`);
    await db.query(`CREATE TABLE "contest_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" "public"."contest_code_purpose" NOT NULL, "subject_id" uuid NOT NULL, "code_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "consumed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "contest_code_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "contest_code_subject_idx" ON "contest_code"  ("subject_id", "purpose") `);
    await db.query(`CREATE TABLE "contest_juror" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "email" text NOT NULL, "email_normalised" text NOT NULL, "full_name" text NOT NULL, "locale" character(2) NOT NULL DEFAULT 'fr', "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_juror_email_key" UNIQUE ("contest_id", "email_normalised"), CONSTRAINT "contest_juror_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "contest_juror_conflict" ("juror_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_juror_conflict_pkey" PRIMARY KEY ("juror_id", "entry_id"))`);
    await db.query(`CREATE INDEX "contest_juror_conflict_entry_idx" ON "contest_juror_conflict"  ("entry_id") `);
    await db.query(`CREATE TYPE "public"."contest_jury_scale" AS ENUM('YES_NO', 'STARS')`);
    await db.query(`CREATE TABLE "contest_jury_round" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "number" integer NOT NULL, "scale" "public"."contest_jury_scale" NOT NULL, "quorum" integer NOT NULL, "is_final" boolean NOT NULL DEFAULT false, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "threshold" real, CONSTRAINT "contest_jury_round_number_key" UNIQUE ("contest_id", "number"), CONSTRAINT "contest_jury_round_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "contest_jury_assignment" ("round_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "juror_id" uuid NOT NULL, "score" smallint, "scored_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "contest_jury_assignment_score_check" CHECK ("score" BETWEEN 0 AND 5), CONSTRAINT "contest_jury_assignment_pkey" PRIMARY KEY ("round_id", "entry_id", "juror_id"))`);
    await db.query(`CREATE INDEX "contest_jury_assignment_juror_idx" ON "contest_jury_assignment"  ("juror_id", "round_id") `);
    await db.query(`CREATE TABLE "contest_jury_round_entry" ("round_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "mean_score" real, "votes" integer NOT NULL, "advanced" boolean NOT NULL, CONSTRAINT "contest_jury_round_entry_pkey" PRIMARY KEY ("round_id", "entry_id"))`);
    await db.query(`CREATE TABLE "contest_voter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "email_normalised" text, "verified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_voter_email_key" UNIQUE ("contest_id", "email_normalised"), CONSTRAINT "contest_voter_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "contest_vote" ("id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL, "voter_id" uuid NOT NULL, "category_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contest_vote_one_per_category_key" UNIQUE ("voter_id", "category_id"), CONSTRAINT "contest_vote_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "contest_vote_entry_idx" ON "contest_vote"  ("entry_id") `);
    await db.query(`CREATE TYPE "public"."contest_vote_void_reason" AS ENUM('ALREADY_VOTED', 'DISPOSABLE_EMAIL', 'RATE_LIMITED', 'ENTRY_WITHDRAWN', 'ENTRY_ERASED', 'ENTRY_REJECTED')`);
    await db.query(`CREATE TABLE "contest_vote_refusal" ("contest_id" uuid NOT NULL, "reason" "public"."contest_vote_void_reason" NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "contest_vote_refusal_pkey" PRIMARY KEY ("contest_id", "reason"))`);
    await db.query(`CREATE TYPE "public"."contest_award_kind" AS ENUM('JURY', 'PUBLIC')`);
    await db.query(`CREATE TABLE "contest_award" ("category_id" uuid NOT NULL, "kind" "public"."contest_award_kind" NOT NULL, "rank" integer NOT NULL, "entry_id" uuid NOT NULL, "score" real NOT NULL, CONSTRAINT "contest_award_pkey" PRIMARY KEY ("category_id", "kind", "rank"))`);
    await db.query(`CREATE INDEX "contest_award_entry_idx" ON "contest_award"  ("entry_id") `);
    await db.query(`ALTER TABLE "media_item" ADD "entrant_id" uuid`);
    await db.query(`CREATE INDEX "media_item_entrant_id_idx" ON "media_item"  ("entrant_id") `);
    await db.query(`ALTER TABLE "contest_rules_version" ADD CONSTRAINT "contest_rules_version_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_category" ADD CONSTRAINT "contest_category_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entrant" ADD CONSTRAINT "contest_entrant_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entrant" ADD CONSTRAINT "contest_entrant_commune_fkey" FOREIGN KEY ("commune_insee") REFERENCES "commune"("insee_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_entrant_fkey" FOREIGN KEY ("entrant_id") REFERENCES "contest_entrant"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_category_fkey" FOREIGN KEY ("category_id") REFERENCES "contest_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_media_fkey" FOREIGN KEY ("media_id") REFERENCES "media_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_commune_fkey" FOREIGN KEY ("commune_insee") REFERENCES "commune"("insee_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry" ADD CONSTRAINT "contest_entry_near_duplicate_fkey" FOREIGN KEY ("near_duplicate_of_id") REFERENCES "contest_entry"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry_transition" ADD CONSTRAINT "contest_entry_transition_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_entry_transition" ADD CONSTRAINT "contest_entry_transition_actor_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_juror" ADD CONSTRAINT "contest_juror_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_juror_conflict" ADD CONSTRAINT "contest_juror_conflict_juror_fkey" FOREIGN KEY ("juror_id") REFERENCES "contest_juror"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_juror_conflict" ADD CONSTRAINT "contest_juror_conflict_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_round" ADD CONSTRAINT "contest_jury_round_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_assignment" ADD CONSTRAINT "contest_jury_assignment_round_fkey" FOREIGN KEY ("round_id") REFERENCES "contest_jury_round"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_assignment" ADD CONSTRAINT "contest_jury_assignment_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_assignment" ADD CONSTRAINT "contest_jury_assignment_juror_fkey" FOREIGN KEY ("juror_id") REFERENCES "contest_juror"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_round_entry" ADD CONSTRAINT "contest_jury_round_entry_round_fkey" FOREIGN KEY ("round_id") REFERENCES "contest_jury_round"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_jury_round_entry" ADD CONSTRAINT "contest_jury_round_entry_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_voter" ADD CONSTRAINT "contest_voter_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_vote" ADD CONSTRAINT "contest_vote_voter_fkey" FOREIGN KEY ("voter_id") REFERENCES "contest_voter"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_vote" ADD CONSTRAINT "contest_vote_category_fkey" FOREIGN KEY ("category_id") REFERENCES "contest_category"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_vote" ADD CONSTRAINT "contest_vote_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_vote_refusal" ADD CONSTRAINT "contest_vote_refusal_contest_fkey" FOREIGN KEY ("contest_id") REFERENCES "contest"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_award" ADD CONSTRAINT "contest_award_category_fkey" FOREIGN KEY ("category_id") REFERENCES "contest_category"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "contest_award" ADD CONSTRAINT "contest_award_entry_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "media_item" ADD CONSTRAINT "media_item_entrant_fkey" FOREIGN KEY ("entrant_id") REFERENCES "contest_entrant"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`CREATE UNIQUE INDEX "contest_entry_sha256_key" ON "contest_entry" ("photo_sha256") WHERE "photo_sha256" IS NOT NULL AND "state" NOT IN ('WITHDRAWN', 'ERASED')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "contest_entry_sha256_key"`);
    await db.query(`ALTER TABLE "media_item" DROP CONSTRAINT "media_item_entrant_fkey"`);
    await db.query(`ALTER TABLE "contest_award" DROP CONSTRAINT "contest_award_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_award" DROP CONSTRAINT "contest_award_category_fkey"`);
    await db.query(`ALTER TABLE "contest_vote_refusal" DROP CONSTRAINT "contest_vote_refusal_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_vote" DROP CONSTRAINT "contest_vote_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_vote" DROP CONSTRAINT "contest_vote_category_fkey"`);
    await db.query(`ALTER TABLE "contest_vote" DROP CONSTRAINT "contest_vote_voter_fkey"`);
    await db.query(`ALTER TABLE "contest_voter" DROP CONSTRAINT "contest_voter_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_round_entry" DROP CONSTRAINT "contest_jury_round_entry_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_round_entry" DROP CONSTRAINT "contest_jury_round_entry_round_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_assignment" DROP CONSTRAINT "contest_jury_assignment_juror_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_assignment" DROP CONSTRAINT "contest_jury_assignment_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_assignment" DROP CONSTRAINT "contest_jury_assignment_round_fkey"`);
    await db.query(`ALTER TABLE "contest_jury_round" DROP CONSTRAINT "contest_jury_round_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_juror_conflict" DROP CONSTRAINT "contest_juror_conflict_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_juror_conflict" DROP CONSTRAINT "contest_juror_conflict_juror_fkey"`);
    await db.query(`ALTER TABLE "contest_juror" DROP CONSTRAINT "contest_juror_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_entry_transition" DROP CONSTRAINT "contest_entry_transition_actor_fkey"`);
    await db.query(`ALTER TABLE "contest_entry_transition" DROP CONSTRAINT "contest_entry_transition_entry_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_near_duplicate_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_commune_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_media_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_category_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_entrant_fkey"`);
    await db.query(`ALTER TABLE "contest_entry" DROP CONSTRAINT "contest_entry_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_entrant" DROP CONSTRAINT "contest_entrant_commune_fkey"`);
    await db.query(`ALTER TABLE "contest_entrant" DROP CONSTRAINT "contest_entrant_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_category" DROP CONSTRAINT "contest_category_contest_fkey"`);
    await db.query(`ALTER TABLE "contest_rules_version" DROP CONSTRAINT "contest_rules_version_contest_fkey"`);
    await db.query(`DROP INDEX "media_item_entrant_id_idx"`);
    await db.query(`ALTER TABLE "media_item" DROP COLUMN "entrant_id"`);
    await db.query(`DROP INDEX "contest_award_entry_idx"`);
    await db.query(`DROP TABLE "contest_award"`);
    await db.query(`DROP TYPE "public"."contest_award_kind"`);
    await db.query(`DROP TABLE "contest_vote_refusal"`);
    await db.query(`DROP TYPE "public"."contest_vote_void_reason"`);
    await db.query(`DROP INDEX "contest_vote_entry_idx"`);
    await db.query(`DROP TABLE "contest_vote"`);
    await db.query(`DROP TABLE "contest_voter"`);
    await db.query(`DROP TABLE "contest_jury_round_entry"`);
    await db.query(`DROP INDEX "contest_jury_assignment_juror_idx"`);
    await db.query(`DROP TABLE "contest_jury_assignment"`);
    await db.query(`DROP TABLE "contest_jury_round"`);
    await db.query(`DROP TYPE "public"."contest_jury_scale"`);
    await db.query(`DROP INDEX "contest_juror_conflict_entry_idx"`);
    await db.query(`DROP TABLE "contest_juror_conflict"`);
    await db.query(`DROP TABLE "contest_juror"`);
    await db.query(`DROP INDEX "contest_code_subject_idx"`);
    await db.query(`DROP TABLE "contest_code"`);
    await db.query(`DROP TYPE "public"."contest_code_purpose"`);
    await db.query(`DROP INDEX "contest_entry_transition_entry_idx"`);
    await db.query(`DROP TABLE "contest_entry_transition"`);
    await db.query(`DROP INDEX "contest_entry_listing_idx"`);
    await db.query(`DROP INDEX "contest_entry_perceptual_hash_idx"`);
    await db.query(`DROP INDEX "contest_entry_commune_idx"`);
    await db.query(`DROP INDEX "contest_entry_media_idx"`);
    await db.query(`DROP INDEX "contest_entry_entrant_idx"`);
    await db.query(`DROP TABLE "contest_entry"`);
    await db.query(`DROP TYPE "public"."contest_entry_state"`);
    await db.query(`DROP INDEX "contest_entrant_unverified_idx"`);
    await db.query(`DROP TABLE "contest_entrant"`);
    await db.query(`DROP TYPE "public"."contest_age_band"`);
    await db.query(`DROP TABLE "contest_category"`);
    await db.query(`DROP TABLE "contest_rules_version"`);
    await db.query(`DROP TABLE "contest"`);
    await db.query(`DROP TYPE "public"."contest_licence_use"`);
    await db.query(`DROP TYPE "public"."contest_outside_territory_policy"`);
  }
}
