import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An English and a German search vector beside the French one, so that a visitor's words are
 * stemmed by their own language's dictionary: "Führungen" finds "Führung", "guided tours" finds
 * "guided tour". Accents are folded as for French.
 *
 * What each language's vector holds: exactly the texts that language's page shows. A text given
 * in the language is indexed with its weight (title A, short description B, long description C);
 * a text not translated is shown in French on that page, so its French text is indexed in its
 * place, with the same dictionary (so the visitor's query and the text are stemmed alike: names
 * such as "Giromagny" or "cancoillotte" are found) but at weight D, so that a real translation
 * ranks first. A translated text replaces the French one: a German search does not find an
 * event by a word only its French text holds when its German text says something else.
 *
 * Stored and kept by the same trigger as the French vector (see 1763780900000 for why not
 * generated columns), each with its GIN index.
 */
export class StoreEventSearchVectorsPerLanguage1763784400000 implements MigrationInterface {
  name = 'StoreEventSearchVectorsPerLanguage1763784400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION nfc_event_search_field(config regconfig, lang text, field jsonb, weight "char") RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE
          WHEN nullif(field->>lang, '') IS NOT NULL THEN setweight(to_tsvector(config, public.unaccent('public.unaccent'::regdictionary, field->>lang)), weight)
          ELSE setweight(to_tsvector(config, public.unaccent('public.unaccent'::regdictionary, coalesce(field->>'fr', ''))), 'D')
        END`);
    await db.query(`
      CREATE FUNCTION nfc_event_search_in(config regconfig, lang text, title jsonb, short_description jsonb, long_description jsonb) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN nfc_event_search_field(config, lang, title, 'A')
            || nfc_event_search_field(config, lang, short_description, 'B')
            || nfc_event_search_field(config, lang, long_description, 'C')`);
    await db.query(`ALTER TABLE "event" ADD "search_vector_en" tsvector`);
    await db.query(`ALTER TABLE "event" ADD "search_vector_de" tsvector`);
    await db.query(`
      CREATE OR REPLACE FUNCTION nfc_event_search_vector_refresh() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector := nfc_event_search(NEW.title, NEW.short_description, NEW.long_description);
          NEW.search_vector_en := nfc_event_search_in('english'::regconfig, 'en', NEW.title, NEW.short_description, NEW.long_description);
          NEW.search_vector_de := nfc_event_search_in('german'::regconfig, 'de', NEW.title, NEW.short_description, NEW.long_description);
          RETURN NEW;
        END $$`);
    // The existing rows, in one pass (the trigger keeps them from now on).
    await db.query(`
      UPDATE "event" SET
        "search_vector_en" = nfc_event_search_in('english'::regconfig, 'en', "title", "short_description", "long_description"),
        "search_vector_de" = nfc_event_search_in('german'::regconfig, 'de', "title", "short_description", "long_description")`);
    await db.query(`ALTER TABLE "event" ALTER COLUMN "search_vector_en" SET NOT NULL`);
    await db.query(`ALTER TABLE "event" ALTER COLUMN "search_vector_de" SET NOT NULL`);
    await db.query(`CREATE INDEX "event_search_en_idx" ON "event" USING gin ("search_vector_en")`);
    await db.query(`CREATE INDEX "event_search_de_idx" ON "event" USING gin ("search_vector_de")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_search_de_idx"`);
    await db.query(`DROP INDEX "event_search_en_idx"`);
    await db.query(`
      CREATE OR REPLACE FUNCTION nfc_event_search_vector_refresh() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector := nfc_event_search(NEW.title, NEW.short_description, NEW.long_description);
          RETURN NEW;
        END $$`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "search_vector_de"`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "search_vector_en"`);
    await db.query(`DROP FUNCTION nfc_event_search_in(regconfig, text, jsonb, jsonb, jsonb)`);
    await db.query(`DROP FUNCTION nfc_event_search_field(regconfig, text, jsonb, "char")`);
  }
}
