import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The territory: region, departments, EPCI and communes with their boundaries.
 * Also the text-folding function that every accent-insensitive search relies on.
 */
export class CreateTerritory1763780000000 implements MigrationInterface {
  name = 'CreateTerritory1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // unaccent() is only STABLE (its dictionary could change), so it cannot back an
    // index; this wrapper pins the dictionary and is declared IMMUTABLE. Twin of
    // foldForSearch() in shared/src/text.ts.
    await db.query(`
      CREATE FUNCTION nfc_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, $1)), '[^a-z0-9]+', ' ', 'g'))`);

    await db.query(`CREATE TYPE "public"."epci_kind" AS ENUM('CA', 'CC')`);
    await db.query(`
      CREATE TABLE "region" (
        "code" character varying(3) NOT NULL,
        "name" text NOT NULL,
        CONSTRAINT "region_pkey" PRIMARY KEY ("code"))`);
    await db.query(`
      CREATE TABLE "department" (
        "code" character varying(3) NOT NULL,
        "name" text NOT NULL,
        "region_code" character varying(3) NOT NULL,
        CONSTRAINT "department_pkey" PRIMARY KEY ("code"),
        CONSTRAINT "department_region_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`
      CREATE TABLE "epci" (
        "siren" character(9) NOT NULL,
        "name" text NOT NULL,
        "kind" "public"."epci_kind" NOT NULL,
        "population" integer NOT NULL,
        CONSTRAINT "epci_pkey" PRIMARY KEY ("siren"))`);
    await db.query(`
      CREATE TABLE "commune" (
        "insee_code" character(5) NOT NULL,
        "name" text NOT NULL,
        "postal_codes" text array NOT NULL,
        "population" integer NOT NULL,
        "department_code" character varying(3) NOT NULL,
        "epci_siren" character(9) NOT NULL,
        "geometry" jsonb NOT NULL,
        "centroid_lat" double precision NOT NULL,
        "centroid_lon" double precision NOT NULL,
        "min_lon" double precision NOT NULL,
        "min_lat" double precision NOT NULL,
        "max_lon" double precision NOT NULL,
        "max_lat" double precision NOT NULL,
        CONSTRAINT "commune_pkey" PRIMARY KEY ("insee_code"),
        CONSTRAINT "commune_department_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "commune_epci_fkey" FOREIGN KEY ("epci_siren") REFERENCES "epci"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await db.query(`CREATE INDEX "commune_epci_siren_idx" ON "commune" ("epci_siren")`);
    await db.query(`CREATE INDEX "commune_bbox_idx" ON "commune" ("min_lon", "max_lon", "min_lat", "max_lat")`);
    // Search: substring match on the folded name ("heric" finds Héricourt), and keyset order.
    await db.query(`CREATE INDEX "commune_name_fold_trgm_idx" ON "commune" USING gin (nfc_fold("name") gin_trgm_ops)`);
    await db.query(`CREATE INDEX "commune_name_fold_idx" ON "commune" (nfc_fold("name"), "insee_code")`);
    await db.query(`CREATE INDEX "commune_postal_codes_idx" ON "commune" USING gin ("postal_codes")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "commune"`);
    await db.query(`DROP TABLE "epci"`);
    await db.query(`DROP TABLE "department"`);
    await db.query(`DROP TABLE "region"`);
    await db.query(`DROP TYPE "public"."epci_kind"`);
    await db.query(`DROP FUNCTION nfc_fold(text)`);
    // The extensions stay: other objects of the database may use them.
  }
}
