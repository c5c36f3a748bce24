import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../src/database/data-source';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { seedTerritory } from '../src/territory/territory.seed';

/**
 * One PostgreSQL for the whole run: DATABASE_URL's server when set, otherwise an
 * embedded one in a temporary folder. A template database is migrated and seeded once;
 * each test file then clones it (CREATE DATABASE … TEMPLATE), so files run in parallel
 * on their own data and drop it afterwards.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'nfc-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dir, ephemeral: true });
    (globalThis as { __NFC_STOP_DB__?: () => Promise<void> }).__NFC_STOP_DB__ = embedded.stop;
    serverUrl = embedded.url;
  }
  const template = `nfc_test_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 2 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await seedTerritory(dataSource);
  await dataSource.destroy();

  process.env.NFC_TEST_SERVER_URL = serverUrl;
  process.env.NFC_TEST_TEMPLATE = template;
}
