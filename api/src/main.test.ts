import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startApiProcess, type RunningApi } from '../test/api-process';


type Running = RunningApi;

/** The compiled API as `npm start` runs it: no DATABASE_URL, so an embedded PostgreSQL in `dataDir`. */
function startApi(dataDir: string): Promise<Running> {
  return startApiProcess({ dataDir, env: { NODE_ENV: 'development' } });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

test('SIGTERM drains requests, closes the pool and stops the embedded database; data persists across runs', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nfc-main-'));
  try {
    const first = await startApi(dataDir);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const password = JSON.parse(readFileSync(join(dataDir, 'dev-admin.json'), 'utf8')).password as string;
    expect(first.output()).toContain(password);

    // Hold a lock in the API's own database so that requests are truly in flight
    // (received, waiting on PostgreSQL) when the signal arrives.
    const port = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const { password: dbPassword } = JSON.parse(readFileSync(join(dataDir, 'postgres.json'), 'utf8'));
    const blocker = new Client({ host: '127.0.0.1', port, user: 'postgres', password: dbPassword, database: 'nfc' });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE commune IN ACCESS EXCLUSIVE MODE');
    const inFlight = Array.from({ length: 10 }, () =>
      fetch(`${first.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ territory { communeCount } }' }) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exited = exitCode(first.child);
    first.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(first.child.exitCode).toBeNull(); // still draining
    await blocker.query('COMMIT');
    await blocker.end();
    const answers = await Promise.all(inFlight.map((request) => request.then((r) => r.status)));
    expect(answers).toEqual(Array(10).fill(200));
    expect(await exited).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);
    // PostgreSQL removes its pid file only on a clean shutdown.
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // The cluster, the seed and the admin account survive a restart.
    const second = await startApi(dataDir);
    expect(second.output()).toContain(password);
    const response = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation($p: String!) { login(email: "admin@nord-franche-comte.localhost", password: $p) { user { role } } }`, variables: { p: password } }),
    });
    expect(((await response.json()) as any).data.login.user.role).toBe('ADMIN');
    const secondExit = exitCode(second.child);
    second.child.kill('SIGINT');
    expect(await secondExit).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
