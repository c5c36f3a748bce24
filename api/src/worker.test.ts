import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../test/api';
import { createTestDatabase, type TestDatabase } from '../test/database';
import { createOrganisation, createUser } from '../test/factories';
import { startTestSmtp, type TestSmtp } from '../test/smtp';

/**
 * Production's split: the API only enqueues (WORKER=off) and the compiled worker process
 * (`api/dist/worker.js`, the compose `worker` service) sends. Nothing is lost between them.
 */
const WORKER = join(__dirname, '..', 'dist', 'worker.js');
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let worker: ChildProcess | undefined;
let output = '';
const secret = randomBytes(32).toString('hex');

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, worker: 'off', jwtSecret: secret, rateLimit: { loginPerMinute: 1000 } } });
});
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

test('with WORKER=off the API only enqueues; the worker process, started later, delivers what waited', async () => {
  const office = await createOrganisation(db.dataSource, { epciSiren: '200069052' });
  const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
  const token = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
  const email = `claude-${randomBytes(3).toString('hex')}@example.org`;
  const invited = await api.graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { organisationId: office.id, email, displayName: 'Claude', role: 'EDITOR' } }, { token });
  expect(invited.errors).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(smtp.messages.filter((message) => message.to.includes(email))).toEqual([]);

  worker = spawn(process.execPath, [WORKER], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, SMTP_URL: smtp.url, JWT_SECRET: secret, LOG_LEVEL: 'info', JOB_SCHEDULES: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (chunk) => (output += chunk));
  worker.stderr!.on('data', (chunk) => (output += chunk));
  // A cold start of a Node process on a loaded machine can outlast one wait of the mailbox.
  const deadline = Date.now() + 40_000;
  let mail: Awaited<ReturnType<TestSmtp['next']>> | undefined;
  while (!mail) {
    mail = await smtp.next(email).catch((error: unknown) => {
      if (Date.now() > deadline || worker!.exitCode !== null) throw new Error(`${String(error)}\nworker output:\n${output}`);
      return undefined;
    });
  }
  expect(mail.text).toMatch(/jeton=[A-Za-z0-9_-]+/);
  expect(output).toContain('worker ready');
  // It stops on SIGTERM, cleanly.
  const exited = new Promise<number | null>((resolve) => worker!.once('exit', resolve));
  worker.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
