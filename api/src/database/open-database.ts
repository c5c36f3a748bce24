import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { clusterDirectory, startEmbeddedPostgres } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'nfc';

export interface OpenedDatabase {
  url: string;
  /**
   * 'external' (DATABASE_URL), 'embedded' (started here), 'shared' (embedded, run by another
   * live process) or 'adopted' (embedded, left running by a process that died: this one owns it now).
   */
  origin: 'external' | 'embedded' | 'shared' | 'adopted';
  stop(): Promise<void>;
}

/** `<dataDir>/postgres-owner.json`: the process that runs the embedded cluster (pid and start time). */
const OWNER_FILE = 'postgres-owner.json';

/** When a process started (clock ticks since boot, from /proc), to tell a pid from its reuse; undefined off Linux. */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a PostgreSQL server (not a process that got its pid later); true where /proc cannot tell. */
function isPostgres(pid: number): boolean {
  try {
    return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

function recordOwner(dataDir: string): void {
  writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid, started: startTicks(process.pid) ?? null }), { mode: 0o600 });
}

function forgetOwner(dataDir: string): void {
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as { pid: number };
    if (owner.pid === process.pid) rmSync(join(dataDir, OWNER_FILE), { force: true });
  } catch {
    // no owner recorded
  }
}

/** Whether the process recorded as running the cluster is still alive (and is the same process). */
function ownerAlive(dataDir: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as { pid: number; started: string | null };
    if (!processAlive(owner.pid)) return false;
    return owner.started === null || owner.started === startTicks(owner.pid);
  } catch {
    // No record (a cluster started before owners were recorded): assume someone runs it.
    return true;
  }
}

/** Stops a cluster this process did not spawn: SIGINT is PostgreSQL's fast shutdown; waits for it to exit. */
async function stopByPid(pid: number, timeoutMs = 30_000): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded cluster already running on this data directory, if any: its URL, its postmaster's
 * pid, and whether the process that ran it has died (an orphan to adopt). A postmaster.pid naming
 * no PostgreSQL (the server was killed, and its pid may have gone to another process) is removed.
 */
function runningCluster(dataDir: string, logger: Logger): { url: string; pid: number; orphan: boolean } | undefined {
  const pidFile = join(clusterDirectory(dataDir), 'postmaster.pid');
  const credentialsFile = join(dataDir, 'postgres.json');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return undefined;
  // postmaster.pid: line 1 is the pid, line 4 the port (PostgreSQL's documented layout).
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !processAlive(pid) || !isPostgres(pid)) {
    rmSync(pidFile, { force: true });
    logger.info({ pid }, 'removed a stale postmaster.pid: its server is gone');
    return undefined;
  }
  const { password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string };
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, pid, orphan: !ownerAlive(dataDir) };
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
  const running = runningCluster(config.dataDir, logger);
  if (running && !running.orphan) return { url: await ensureDatabase(running.url, EMBEDDED_DATABASE_NAME), origin: 'shared', stop: async () => undefined };
  if (running) {
    // CASE: the process that ran it died (SIGKILL, crash) and PostgreSQL outlived it.
    recordOwner(config.dataDir);
    logger.info({ pid: running.pid }, 'adopted the embedded PostgreSQL a previous process left running; it stops with this one');
    const stop = async () => {
      await stopByPid(running.pid);
      forgetOwner(config.dataDir);
    };
    return { url: await ensureDatabase(running.url, EMBEDDED_DATABASE_NAME), origin: 'adopted', stop };
  }
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 0);
  const embedded = await startEmbeddedPostgres({ dir: config.dataDir, port, logger });
  recordOwner(config.dataDir);
  const stop = async () => {
    await embedded.stop();
    forgetOwner(config.dataDir);
  };
  return { url: await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME), origin: 'embedded', stop };
}
