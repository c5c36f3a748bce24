import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports from the offices' own systems (ICS, OpenAgenda, Apidae, DATAtourisme). Why three tables:
 * a source is what an office registered (where, which format, how its categories map, how often);
 * a run is one pass with its counts and its item-level problems (bounded), so the office sees what
 * happened; an item is what a source delivered last (its own id, the event it became, the image
 * URL already fetched), so a run tells an item removed at the source from one never sent, and an
 * unchanged image is not fetched again. One run per source at a time: a partial unique index.
 */
export class CreateImports1763784000000 implements MigrationInterface {
  name = 'CreateImports1763784000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "import_source" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "name" text NOT NULL,
      "format" text NOT NULL,
      "url" text,
      "file_content" text,
      "file_name" text,
      "schedule" text NOT NULL DEFAULT 'MANUAL',
      "category_mapping" jsonb NOT NULL DEFAULT '{}',
      "default_category" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "import_source_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "import_source_organisation_idx" ON "import_source" ("organisation_id")`);
    await db.query(
      `ALTER TABLE "import_source" ADD CONSTRAINT "import_source_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(`CREATE TABLE "import_run" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "source_id" uuid NOT NULL,
      "state" text NOT NULL DEFAULT 'QUEUED',
      "trigger" text NOT NULL,
      "created" integer NOT NULL DEFAULT 0,
      "updated" integer NOT NULL DEFAULT 0,
      "unchanged" integer NOT NULL DEFAULT 0,
      "cancelled" integer NOT NULL DEFAULT 0,
      "deleted" integer NOT NULL DEFAULT 0,
      "refused" integer NOT NULL DEFAULT 0,
      "problems" jsonb NOT NULL DEFAULT '[]',
      "error" text,
      "queued_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "finished_at" timestamptz,
      CONSTRAINT "import_run_pkey" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "import_run_source_idx" ON "import_run" ("source_id", "queued_at")`);
    await db.query(`CREATE UNIQUE INDEX "import_run_active_key" ON "import_run" ("source_id") WHERE "state" IN ('QUEUED', 'RUNNING')`);
    await db.query(
      `ALTER TABLE "import_run" ADD CONSTRAINT "import_run_source_fkey" FOREIGN KEY ("source_id") REFERENCES "import_source"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(`CREATE TABLE "import_item" (
      "source_id" uuid NOT NULL,
      "external_id" text NOT NULL,
      "event_id" uuid,
      "image_url" text,
      "image_media_id" uuid,
      "seen_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "import_item_pkey" PRIMARY KEY ("source_id", "external_id"))`);
    await db.query(
      `ALTER TABLE "import_item" ADD CONSTRAINT "import_item_source_fkey" FOREIGN KEY ("source_id") REFERENCES "import_source"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "import_item" ADD CONSTRAINT "import_item_event_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Deleting an event sets its items' event_id to null: found by this index, not a scan.
    await db.query(`CREATE INDEX "import_item_event_idx" ON "import_item" ("event_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "import_item"`);
    await db.query(`DROP TABLE "import_run"`);
    await db.query(`DROP TABLE "import_source"`);
  }
}
