import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  /** SQL statements run since the last reset (every statement TypeORM sends). */
  statements: string[];
  /** The same statements with their parameters. */
  queries: Array<{ sql: string; parameters: unknown[] }>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.NFC_TEST_SERVER_URL;
  if (!url) throw new Error('The test database server is not set up (see test/global-setup.ts)');
  return url;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database with the migrated schema and the territory, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `nfc_test_${randomBytes(5).toString('hex')}`;
  const template = process.env.NFC_TEST_TEMPLATE!;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (error) {
      // CASE: another worker is cloning the same template at this instant.
      if (attempt < 20 && /being accessed by other users/.test(String(error))) {
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    }
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const statements: string[] = [];
  const queries: Array<{ sql: string; parameters: unknown[] }> = [];
  const dataSource = createDataSource({
    url: url.toString(),
    poolSize: 5,
    onQuery: (sql, parameters) => {
      statements.push(sql);
      queries.push({ sql, parameters: parameters ?? [] });
      if (queries.length > 1000) queries.shift();
    },
  });
  await dataSource.initialize();
  statements.length = 0;
  queries.length = 0;
  return {
    url: url.toString(),
    dataSource,
    statements,
    queries,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
