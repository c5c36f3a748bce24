import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { findSchemaDrift } from './schema-drift';

export interface CheckMigrationsOptions {
  config: AppConfig;
  logger: Logger;
}

/**
 * Proves the migrations on a scratch database: after all of them the entities need no
 * change, every down() runs, and up() runs again. Returns the drift SQL (empty when sound).
 */
export async function checkMigrations({ config, logger }: CheckMigrationsOptions): Promise<string[]> {
  const scratchDir = config.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'nfc-migrations-'));
  const server = config.databaseUrl
    ? { url: config.databaseUrl, stop: async () => undefined }
    : await startEmbeddedPostgres({ dir: scratchDir!, logger, ephemeral: true });
  const name = `nfc_migration_check_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const dataSource = createDataSource({ url: url.toString(), poolSize: 2 });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const drift = await findSchemaDrift(dataSource);
      for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.runMigrations({ transaction: 'each' });
      return drift;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.stop();
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  }
}
