import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows the public reads (agenda, territory) show; a write to any empties the caches. */
const TABLES = ['event', 'event_occurrence', 'event_co_publisher', 'organisation', 'commune', 'epci', 'department', 'region'];

/**
 * Every API process keeps answers of public reads in memory for a few seconds. These triggers
 * tell them all when the rows behind those answers change: a NOTIFY on `nfc_public_reads`, sent
 * by PostgreSQL at commit (never for a rolled-back write), once per transaction whatever the
 * number of rows or statements (identical notifications of one transaction are folded into one).
 * Statement-level, so a batch of a thousand events costs one call, not a thousand.
 */
export class NotifyPublicReadChanges1763784600000 implements MigrationInterface {
  name = 'NotifyPublicReadChanges1763784600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION nfc_notify_public_reads() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('nfc_public_reads', '');
          RETURN NULL;
        END
        $$`);
    for (const table of TABLES) {
      await db.query(`CREATE TRIGGER "${table}_notify_public_reads" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION nfc_notify_public_reads()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TABLES) await db.query(`DROP TRIGGER "${table}_notify_public_reads" ON "${table}"`);
    await db.query(`DROP FUNCTION nfc_notify_public_reads()`);
  }
}
