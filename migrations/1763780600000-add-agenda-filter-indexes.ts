import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the last two agenda filters without one: status and age. */
export class AddAgendaFilterIndexes1763780600000 implements MigrationInterface {
  name = 'AddAgendaFilterIndexes1763780600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "event_status_idx" ON "event" ("status")`);
    await db.query(`CREATE INDEX "event_age_idx" ON "event" ("min_age", "max_age")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "event_age_idx"`);
    await db.query(`DROP INDEX "event_status_idx"`);
  }
}
