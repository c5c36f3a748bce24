import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (issue 14 §4): an organisation subscribes a URL to agenda changes, each change
 * becomes one delivery per matching subscription (written in the event's own transaction), and
 * every attempt to deliver it is kept with its answer. Why a table of attempts: the espace pro
 * shows what the receiver answered, and the rule that disables a failing subscription counts them.
 * The signing secret is stored sealed (AES-256-GCM under a key derived from the token secret); after a
 * rotation the previous one keeps signing beside it for a day, so receivers can switch without a gap.
 */
export class CreateWebhooks1763784100000 implements MigrationInterface {
  name = 'CreateWebhooks1763784100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "webhook_subscription" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "url" text NOT NULL,
        "event_types" text array NOT NULL,
        "epci_sirens" text array NOT NULL DEFAULT '{}',
        "categories" text array NOT NULL DEFAULT '{}',
        "secret_sealed" text NOT NULL,
        "previous_secret_sealed" text,
        "previous_secret_until" TIMESTAMP WITH TIME ZONE,
        "enabled" boolean NOT NULL DEFAULT true,
        "disabled_at" TIMESTAMP WITH TIME ZONE,
        "consecutive_failures" integer NOT NULL DEFAULT 0,
        "failing_since" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "webhook_subscription_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_subscription_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "webhook_subscription_organisation_id_idx" ON "webhook_subscription" ("organisation_id")`);
    await db.query(`
      CREATE TABLE "webhook_delivery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "subscription_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "event_id" uuid,
        "payload" jsonb NOT NULL,
        "state" character varying(16) NOT NULL DEFAULT 'PENDING',
        "attempts" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_attempt_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_delivery_subscription_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "webhook_delivery_subscription_created_idx" ON "webhook_delivery" ("subscription_id", "created_at")`);
    // The nightly purge forgets deliveries by age, across subscriptions.
    await db.query(`CREATE INDEX "webhook_delivery_created_idx" ON "webhook_delivery" ("created_at")`);
    await db.query(`
      CREATE TABLE "webhook_attempt" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "delivery_id" uuid NOT NULL,
        "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "ok" boolean NOT NULL,
        "status_code" integer,
        "duration_ms" integer NOT NULL,
        "error" text,
        "response_excerpt" text,
        CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_attempt_delivery_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "webhook_attempt_delivery_id_idx" ON "webhook_attempt" ("delivery_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "webhook_attempt"`);
    await db.query(`DROP TABLE "webhook_delivery"`);
    await db.query(`DROP TABLE "webhook_subscription"`);
  }
}
