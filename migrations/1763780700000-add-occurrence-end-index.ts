import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agenda's date filter keeps dates still running ("ends_at >= from"): it needs its own index. */
export class AddOccurrenceEndIndex1763780700000 implements MigrationInterface {
  name = 'AddOccurrenceEndIndex1763780700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "event_occurrence_ends_at_idx" ON "event_occurrence" ("ends_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_occurrence_ends_at_idx"`);
  }
}
