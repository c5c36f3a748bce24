import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startApiProcess, type RunningApi } from '../../test/api-process';
import { clusterDirectory, findFreePort, startEmbeddedPostgres } from './embedded-postgres';


type Running = RunningApi;

/** The compiled API with its embedded PostgreSQL in `dataDir` (production settings: no demo seeding). */
function startApi(dataDir: string): Promise<Running> {
  return startApiProcess({ dataDir, env: { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), MAIL_OUTBOX: 'allow' }, timeoutMs: 90_000 });
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('close', resolve)));
const postmasterPid = (dataDir: string) => Number(readFileSync(join(clusterDirectory(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the embedded PostgreSQL outlives no API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nfc-lifecycle-'));
  afterAll(async () => {
    // Whatever happened, no server is left behind.
    if (existsSync(join(clusterDirectory(dataDir), 'postmaster.pid'))) {
      const pid = postmasterPid(dataDir);
      if (alive(pid)) process.kill(pid, 'SIGINT');
      await until(() => !alive(pid)).catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an API killed with SIGKILL leaves its PostgreSQL running; the next start adopts it, says so, and stops it on exit', async () => {
    const first = await startApi(dataDir);
    const pid = postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await exited(first.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive(pid)).toBe(true); // the orphan this test is about

    const second = await startApi(dataDir);
    const adoptions = second.output().split('\n').filter((line) => line.includes('adopted the embedded PostgreSQL'));
    expect(adoptions).toHaveLength(1);
    expect(JSON.parse(adoptions[0]!)).toMatchObject({ level: 30, pid });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
    await until(() => !alive(pid));
    expect(existsSync(join(clusterDirectory(dataDir), 'postmaster.pid'))).toBe(false);
  }, 240_000);

  test('a stale postmaster.pid naming another, live process does not stop the next start', async () => {
    // As after a crash of the server itself, when its pid went to an unrelated process (here, this test).
    const pidFile = join(clusterDirectory(dataDir), 'postmaster.pid');
    writeFileSync(pidFile, `${process.pid}\n${clusterDirectory(dataDir)}\n0\n${await findFreePort()}\n\n127.0.0.1\n0 0\nready\n`);
    const api = await startApi(dataDir);
    expect(api.output()).toContain('removed a stale postmaster.pid');
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    api.child.kill('SIGTERM');
    await exited(api.child);
    expect(api.child.exitCode).toBe(0);
  }, 240_000);
});

const asRoot = process.getuid?.() === 0;
(asRoot ? test : test.skip)(
  asRoot
    ? 'a data folder inside a private (0700) folder: the cluster goes where the postgres user reaches it, recorded in the data folder'
    : 'a data folder inside a private (0700) folder: skipped, this case exists only when running as root (the embedded server then runs as the postgres user)',
  async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'nfc-private-'));
    chmodSync(privateDir, 0o700);
    const dataDir = join(privateDir, 'data');
    mkdirSync(dataDir);
    let stop: (() => Promise<void>) | undefined;
    try {
      const embedded = await startEmbeddedPostgres({ dir: dataDir, ephemeral: true });
      stop = embedded.stop;
      const cluster = clusterDirectory(dataDir);
      expect(cluster.startsWith(privateDir)).toBe(false);
      expect(readFileSync(join(dataDir, 'postgres-location'), 'utf8').trim()).toBe(cluster);
      expect(statSync(cluster).mode & 0o777).toBe(0o700);
      // The private folder was left as it was.
      expect(statSync(privateDir).mode & 0o777).toBe(0o700);
      const client = new Client({ connectionString: embedded.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await stop?.();
      const cluster = clusterDirectory(dataDir);
      if (!cluster.startsWith(privateDir)) rmSync(dirname(cluster), { recursive: true, force: true });
      rmSync(privateDir, { recursive: true, force: true });
    }
  },
  120_000,
);

(asRoot ? test : test.skip)(
  asRoot
    ? 'a clone inside a private folder: the start stops with one sentence saying what to do, not an EACCES trace'
    : 'a clone inside a private folder: skipped, this case exists only when running as root (the embedded server then runs as the postgres user)',
  async () => {
    // The clone seen through a private folder, with links only (nothing copied): Node keeps the
    // linked paths (--preserve-symlinks), so the API finds its PostgreSQL program behind the 0700 folder.
    const privateDir = mkdtempSync(join(tmpdir(), 'nfc-private-clone-'));
    chmodSync(privateDir, 0o700);
    const root = join(__dirname, '..', '..', '..');
    const clone = join(privateDir, 'clone');
    mkdirSync(clone);
    for (const name of ['api', 'node_modules', 'shared', 'migrations', 'package.json']) symlinkSync(join(root, name), join(clone, name));
    const dataDir = mkdtempSync(join(tmpdir(), 'nfc-private-clone-data-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), MAIL_OUTBOX: 'allow', API_PORT: String(await findFreePort()) };
      delete env.DATABASE_URL;
      const run = spawnSync(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', join(clone, 'api', 'dist', 'main.js')], { env, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^The API could not start: The embedded PostgreSQL runs as the "postgres" user, which cannot reach its program under .*nfc-private-clone-.*: move the clone/)]);
      expect(run.stderr).not.toContain('EACCES');
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  120_000,
);
