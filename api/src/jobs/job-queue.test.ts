import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createMailer } from '../mail/mailer';
import { LocalStorage } from '../media/storage/local-storage';
import { MediaService } from '../media/media.service';
import { BrandService } from '../brand/brand.service';
import type { JobContext, JobDefinition } from './job-definition';
import { JOB_SCHEMA, PgBossJobQueue } from './job-queue';
import { JOBS } from './registry';

/** The queue itself, with job kinds of the test's own: retries, dead letters, transactions. */
describe('the job queue', () => {
  let db: TestDatabase;
  let queue: PgBossJobQueue;
  const attempts = new Map<string, number>();
  const done: string[] = [];

  const definitions: JobDefinition<{ key: string; failures?: number }>[] = [
    {
      name: 'test.flaky',
      retryLimit: 3,
      retryDelaySeconds: 1,
      retryBackoff: false,
      async handle({ key, failures = 0 }) {
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        if (attempt <= failures) throw new Error(`attempt ${attempt} of ${key} fails`);
        done.push(key);
      },
    },
    {
      name: 'test.broken',
      retryLimit: 1,
      retryDelaySeconds: 1,
      retryBackoff: false,
      deadLetter: true,
      summarise: ({ key }) => `broken ${key}`,
      async handle({ key }) {
        attempts.set(key, (attempts.get(key) ?? 0) + 1);
        if (!done.includes(`fixed:${key}`)) throw new Error(`the remote end of ${key} is away`);
        done.push(key);
      },
    },
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ env: 'test' });
    const logger = createLogger('silent');
    queue = new PgBossJobQueue({ connectionString: db.url, logger, definitions, worker: true, schedules: false });
    const storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-jobs-')));
    const media = new MediaService({ dataSource: db.dataSource, storage, logger });
    const context = { dataSource: db.dataSource, logger, config, mailer: createMailer({ smtpUrl: undefined, from: 'x@example.org', outboxDir: mkdtempSync(join(tmpdir(), 'nfc-outbox-')), logger }), media, storage, brand: new BrandService({ dataSource: db.dataSource, storage, logger }) } as unknown as Omit<JobContext, 'jobs'>;
    await queue.work(context);
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.drop();
  });

  async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`the queue did not get there in time: ${JSON.stringify(await db.dataSource.query(`SELECT name, state::text, retry_count, output, start_after FROM ${JOB_SCHEMA}.job`))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('a job that fails is retried until it succeeds, and runs once it does', async () => {
    await queue.send('test.flaky', { key: 'twice', failures: 2 });
    await until(() => done.includes('twice'));
    expect(attempts.get('twice')).toBe(3);
    expect(await queue.deadLetters()).toEqual([]);
  });

  test('a job that spends its attempts lands in the dead-letter list with its summary and error, and can be retried or discarded', async () => {
    await queue.send('test.broken', { key: 'a' });
    await queue.send('test.broken', { key: 'b' });
    await until(async () => (await queue.deadLetters()).length === 2);
    expect(attempts.get('a')).toBe(2);
    const letters = await queue.deadLetters();
    expect(letters.map((letter) => letter.summary).sort()).toEqual(['broken a', 'broken b']);
    for (const letter of letters) {
      expect(letter).toMatchObject({ source: 'test.broken', attempts: 2 });
      expect(letter.error).toMatch(/the remote end of [ab] is away/);
    }
    // The remote end is back for "a": retried with fresh attempts, it runs; "b" is discarded.
    done.push('fixed:a');
    const a = letters.find((letter) => letter.summary === 'broken a')!;
    const b = letters.find((letter) => letter.summary === 'broken b')!;
    expect(await queue.retryDeadLetter(a.id)).toBe(true);
    expect(await queue.discardDeadLetter(b.id)).toBe(true);
    await until(() => done.includes('a'));
    expect(await queue.deadLetters()).toEqual([]);
    expect(await queue.retryDeadLetter(b.id)).toBe(false);
    expect(await queue.discardDeadLetter('not-a-uuid')).toBe(false);
  });

  test('a job sent inside a transaction exists only if the transaction commits', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await queue.send('test.flaky', { key: 'rolled-back' }, { manager });
        throw new Error('the row this job was about could not be written');
      }),
    ).rejects.toThrow('could not be written');
    await db.dataSource.transaction(async (manager) => {
      await queue.send('test.flaky', { key: 'committed' }, { manager });
    });
    await until(() => done.includes('committed'));
    await queue.drain();
    expect(done).not.toContain('rolled-back');
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE data->>'key' = 'rolled-back'`);
    expect(n).toBe(0);
  });

  test('a worker with schedules keeps one schedule per scheduled kind, in Paris time, however many workers start', async () => {
    const definitions = JOBS.filter((definition) => definition.schedule);
    expect(definitions.map((definition) => definition.name).sort()).toEqual(expect.arrayContaining(['agenda.digest', 'contest.retention', 'media.sweep']));
    const workers = [0, 1].map(() => new PgBossJobQueue({ connectionString: db.url, logger: createLogger('silent'), definitions: JOBS, worker: true, schedules: true }));
    try {
      const context = { dataSource: db.dataSource, logger: createLogger('silent') } as unknown as Omit<JobContext, 'jobs'>;
      for (const worker of workers) await worker.work(context);
      const schedules = await workers[0]!.schedules();
      expect(schedules.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        definitions.map((definition) => ({ name: definition.name, cron: definition.schedule!.cron, timezone: 'Europe/Paris' })).sort((a, b) => a.name.localeCompare(b.name)),
      );
    } finally {
      for (const worker of workers) await worker.stop();
    }
  });

  test('an unknown job kind is refused at once', async () => {
    await expect(queue.send('test.nothing', {})).rejects.toThrow('no job kind "test.nothing"');
  });
});

/** E-mails through the queue: the request never waits on SMTP, and nothing readable sits in the table. */
describe('e-mails are jobs', () => {
  let smtp: TestSmtp;
  let proxy: TcpProxy;
  let db: TestDatabase;
  let api: TestApi;
  let admin: string;
  let office: { id: string };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(smtp.url).port));
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: `smtp://127.0.0.1:${proxy.port}`, rateLimit: { loginPerMinute: 1000 } } });
    office = await createOrganisation(db.dataSource, { epciSiren: '200069052' });
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    admin = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await proxy?.close();
    await smtp?.close();
  });

  test('while the mail server is away, an invitation is still accepted; the message waits sealed and arrives once the server is back', async () => {
    proxy.cut();
    const email = `camille-${randomBytes(3).toString('hex')}@example.org`;
    const answer = await api.graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { organisationId: office.id, email, displayName: 'Camille', role: 'EDITOR' } }, { token: admin });
    expect(answer.errors).toBeUndefined();
    // The first attempt fails against the closed port; the job waits for its retry.
    const waiting = async () => (await db.dataSource.query(`SELECT state::text, retry_count, data FROM ${JOB_SCHEMA}.job WHERE name = 'mail.send' AND data->>'to' = $1`, [email]))[0];
    const deadline = Date.now() + 10_000;
    while ((await waiting())?.state !== 'retry') {
      if (Date.now() > deadline) throw new Error(`the mail job never failed its first attempt: ${JSON.stringify(await waiting())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const job = await waiting();
    expect(job.data).toMatchObject({ to: email, kind: 'INVITATION' });
    // The invitation link (its token) is not in the table: only its hash is stored anywhere.
    expect(JSON.stringify(job.data)).not.toMatch(/jeton=|https?:\/\//);
    expect(smtp.messages.filter((message) => message.to.includes(email))).toEqual([]);

    proxy.restore();
    // The retry is due in 30 s; the test moves it to now instead of waiting.
    await db.dataSource.query(`UPDATE ${JOB_SCHEMA}.job SET start_after = now() WHERE name = 'mail.send' AND data->>'to' = $1`, [email]);
    const mail = await smtp.next(email);
    expect(mail.text).toMatch(/jeton=[A-Za-z0-9_-]+/);
  });

  test('a message that fails every attempt reaches the dead-letter list, which the Pôle alone reads and retries', async () => {
    const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
    const { user, password } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
    const poleToken = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
    proxy.cut();
    const email = `dominique-${randomBytes(3).toString('hex')}@example.org`;
    expect((await api.graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { organisationId: office.id, email, displayName: 'Dominique', role: 'EDITOR' } }, { token: admin })).errors).toBeUndefined();
    const query = `{ failedJobs { id kind summary attempts error failedAt } }`;
    const letters = async () => ((await api.graphql(query, {}, { token: poleToken })).data?.failedJobs ?? []) as Array<{ id: string; kind: string; summary: string; attempts: number; error: string | null }>;
    // Its attempts are spent as fast as the clock allows: each retry is moved to now, the last one included.
    const deadline = Date.now() + 20_000;
    while (!(await letters()).some((letter) => letter.summary.includes(email))) {
      if (Date.now() > deadline) throw new Error('the message never reached the dead-letter list');
      await db.dataSource.query(`UPDATE ${JOB_SCHEMA}.job SET start_after = now() WHERE name = 'mail.send' AND state = 'retry' AND data->>'to' = $1`, [email]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const letter = (await letters()).find((candidate) => candidate.summary.includes(email))!;
    expect(letter).toMatchObject({ kind: 'mail.send', summary: `INVITATION → ${email}`, attempts: 7 });
    expect(letter.error).toMatch(/ECONNREFUSED|connect|closed|Connection/i);
    expect((await api.graphql(query, {}, { token: admin })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.graphql(query)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    proxy.restore();
    const retry = await api.graphql(`mutation($id: ID!) { retryFailedJob(id: $id) }`, { id: letter.id }, { token: poleToken });
    expect(retry.data?.retryFailedJob).toBe(true);
    expect((await smtp.next(email)).text).toMatch(/jeton=/);
    expect((await letters()).some((candidate) => candidate.id === letter.id)).toBe(false);
    const again = await api.graphql(`mutation($id: ID!) { retryFailedJob(id: $id) }`, { id: letter.id }, { token: poleToken });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
