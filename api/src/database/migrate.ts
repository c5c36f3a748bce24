import type { DataSource, Migration } from 'typeorm';

/** One key for every process of every version: migrations are the one thing that must never run twice at once. */
const MIGRATION_LOCK = 'nfc-migrations';

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so that API and worker
 * processes starting together (compose, a rolling deploy) run them once: the first applies
 * them, the others wait, then find nothing left to do.
 */
export async function runMigrationsOnce(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATION_LOCK]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
