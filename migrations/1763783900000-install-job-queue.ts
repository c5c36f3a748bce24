import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job queue's tables (pg-boss, in a schema of its own). Why a migration: every schema
 * change goes through migrations/, so a database is complete before any process starts, a
 * process that only sends jobs (the CLI, a second API) never needs DDL rights, and the API
 * starts pg-boss with `migrate: false`.
 *
 * The SQL is pg-boss's own construction plan, from the version installed (schema version 46
 * with pg-boss 12). An upgrade of pg-boss that changes its schema makes the API refuse to start
 * until a new migration applies `getMigrationPlans('pgboss', <version the database has>)`, only
 * where `pgboss.version` is below the new version (a database created after the upgrade
 * already has it). pg-boss writes its own BEGIN/COMMIT, so this migration runs outside
 * TypeORM's transaction.
 */
export class InstallJobQueue1763783900000 implements MigrationInterface {
  name = 'InstallJobQueue1763783900000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    // pg-boss is ESM-only; Node 22 loads it from CommonJS.
    const { getConstructionPlans } = await import('pg-boss');
    await db.query(getConstructionPlans('pgboss'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS pgboss CASCADE`);
  }
}
