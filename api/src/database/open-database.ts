import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'nfc';

export interface OpenedDatabase {
  url: string;
  /** 'external' (DATABASE_URL), 'embedded' (started here) or 'shared' (embedded, started by another process). */
  origin: 'external' | 'embedded' | 'shared';
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** URL of an embedded cluster another process (npm start) is running on this data directory, if any. */
function runningClusterUrl(dataDir: string): string | undefined {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  const credentialsFile = join(dataDir, 'postgres.json');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return undefined;
  // postmaster.pid: line 1 is the pid, line 4 the port (PostgreSQL's documented layout).
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !processAlive(pid)) return undefined;
  const { password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The database to use: DATABASE_URL when set; otherwise the embedded cluster under
 * .data, joined if another process already runs it, started here if not.
 */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, origin: 'external', stop: async () => undefined };
  const shared = runningClusterUrl(config.dataDir);
  if (shared) return { url: await ensureDatabase(shared, EMBEDDED_DATABASE_NAME), origin: 'shared', stop: async () => undefined };
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 0);
  const embedded = await startEmbeddedPostgres({ dir: config.dataDir, port, logger });
  return { url: await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME), origin: 'embedded', stop: embedded.stop };
}
