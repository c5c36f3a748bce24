import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared agenda: events, their dated occurrences (every date filter and page runs on
 * these), and the ids events have in the publishers' own systems.
 */
export class CreateAgenda1763780400000 implements MigrationInterface {
  name = 'CreateAgenda1763780400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "public"."event_status" AS ENUM('SCHEDULED', 'RESCHEDULED', 'POSTPONED', 'MOVED_ONLINE', 'FULL', 'CANCELLED')`);
    await db.query(`CREATE TYPE "public"."moderation_state" AS ENUM('DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED', 'ARCHIVED')`);
    await db.query(`CREATE TYPE "public"."attendance_mode" AS ENUM('OFFLINE', 'ONLINE', 'MIXED')`);
    await db.query(`
      CREATE TABLE "event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "publisher_id" uuid NOT NULL,
        "status" "public"."event_status" NOT NULL DEFAULT 'SCHEDULED',
        "moderation" "public"."moderation_state" NOT NULL DEFAULT 'PUBLISHED',
        "title" jsonb NOT NULL,
        "short_description" jsonb,
        "long_description" jsonb,
        "translation_origin" jsonb NOT NULL DEFAULT '{}',
        "categories" text array NOT NULL DEFAULT '{}',
        "min_age" integer,
        "max_age" integer,
        "accessibility" text array NOT NULL DEFAULT '{}',
        "attendance_mode" "public"."attendance_mode" NOT NULL DEFAULT 'OFFLINE',
        "online_url" text,
        "is_free" boolean NOT NULL DEFAULT false,
        "price_min" numeric(10,2),
        "price_max" numeric(10,2),
        "currency" character(3),
        "booking_url" text,
        "registration_contact" text,
        "organiser_name" text,
        "organiser_contact" text,
        "image_media_id" uuid,
        "image_credit" text,
        "image_alt" jsonb,
        "place_name" text,
        "street_address" text,
        "postal_code" character varying(5),
        "commune_insee" character(5) NOT NULL,
        "lat" double precision NOT NULL,
        "lon" double precision NOT NULL,
        "location_approximate" boolean NOT NULL DEFAULT false,
        "all_day" boolean NOT NULL DEFAULT false,
        "schedule" jsonb NOT NULL,
        "previous_start_date" TIMESTAMP WITH TIME ZONE,
        "sequence" integer NOT NULL DEFAULT '0',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "deleted_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "event_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "event_slug_key" UNIQUE ("slug"),
        CONSTRAINT "event_publisher_fkey" FOREIGN KEY ("publisher_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "event_image_fkey" FOREIGN KEY ("image_media_id") REFERENCES "media_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "event_commune_fkey" FOREIGN KEY ("commune_insee") REFERENCES "commune"("insee_code") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "event_publisher_idx" ON "event" ("publisher_id")`);
    await db.query(`CREATE INDEX "event_is_free_idx" ON "event" ("is_free")`);
    await db.query(`CREATE INDEX "event_commune_idx" ON "event" ("commune_insee")`);
    await db.query(`CREATE INDEX "event_updated_at_idx" ON "event" ("updated_at")`);
    await db.query(`CREATE INDEX "event_categories_idx" ON "event" USING gin ("categories")`);
    await db.query(`CREATE INDEX "event_accessibility_idx" ON "event" USING gin ("accessibility")`);
    // French full text: stemmed, accent-insensitive, title weighted above descriptions.
    await db.query(`
      CREATE FUNCTION nfc_event_search(title jsonb, short_description jsonb, long_description jsonb) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN setweight(to_tsvector('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, coalesce(title->>'fr', ''))), 'A')
            || setweight(to_tsvector('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, coalesce(short_description->>'fr', ''))), 'B')
            || setweight(to_tsvector('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, coalesce(long_description->>'fr', ''))), 'C')`);
    await db.query(`CREATE INDEX "event_search_idx" ON "event" USING gin (nfc_event_search("title", "short_description", "long_description"))`);
    await db.query(`
      CREATE TABLE "event_occurrence" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "event_id" uuid NOT NULL,
        "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "event_occurrence_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "event_occurrence_event_start_key" UNIQUE ("event_id", "starts_at"),
        CONSTRAINT "event_occurrence_event_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "event_occurrence_starts_at_idx" ON "event_occurrence" ("starts_at", "id")`);
    await db.query(`
      CREATE TABLE "event_external_id" (
        "system" character varying(32) NOT NULL,
        "external_id" character varying(200) NOT NULL,
        "event_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "event_external_id_pkey" PRIMARY KEY ("system", "external_id"),
        CONSTRAINT "event_external_id_event_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "event_external_id_event_idx" ON "event_external_id" ("event_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "event_external_id"`);
    await db.query(`DROP TABLE "event_occurrence"`);
    await db.query(`DROP TABLE "event"`);
    await db.query(`DROP FUNCTION nfc_event_search(jsonb, jsonb, jsonb)`);
    await db.query(`DROP TYPE "public"."attendance_mode"`);
    await db.query(`DROP TYPE "public"."moderation_state"`);
    await db.query(`DROP TYPE "public"."event_status"`);
  }
}
