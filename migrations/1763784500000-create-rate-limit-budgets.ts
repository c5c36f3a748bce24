import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request budgets, shared by every API process: rate-limiter-flexible's PostgreSQL store
 * (its own column layout: the key with its prefix, the points spent, the end of the window in
 * epoch milliseconds). One table for every budget, the prefix telling them apart.
 *
 * UNLOGGED: a budget is a minute's count, not a record. Skipping the write-ahead log keeps each
 * request's upsert cheap, and a crash forgetting the counts only hands out one fresh minute.
 * The expiry index serves the store's sweep of old windows.
 */
export class CreateRateLimitBudgets1763784500000 implements MigrationInterface {
  name = 'CreateRateLimitBudgets1763784500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNLOGGED TABLE "rate_limit_budget" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
    await db.query(`CREATE INDEX "rate_limit_budget_expire" ON "rate_limit_budget" ("expire")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "rate_limit_budget"`);
  }
}
