import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createMailer } from './mail/mailer';
import { createTestDatabase, type TestDatabase } from '../test/database';
import { startTestApi, type TestApi } from '../test/api';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

describe('production refuses to start without a mail transport', () => {
  const run = (extra: NodeJS.ProcessEnv) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATA_DIR: mkdtempSync(join(tmpdir(), 'nfc-prod-')), ...extra };
    delete env.SMTP_URL;
    if (!('MAIL_OUTBOX' in extra)) delete env.MAIL_OUTBOX;
    // The port of a closed server: if the mail check passed, the start fails later, on the database.
    env.DATABASE_URL = 'postgres://nobody:nothing@127.0.0.1:1/none';
    return spawnSync(process.execPath, [MAIN], { env, encoding: 'utf8', timeout: 60_000 });
  };

  test('no SMTP_URL and no MAIL_OUTBOX: one sentence, exit 1, nothing else done', () => {
    const result = run({});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'The API could not start: In production the API needs SMTP_URL to send its emails (codes, invitations); set SMTP_URL, or MAIL_OUTBOX=allow to keep them as files on purpose.',
    ]);
  });

  test('MAIL_OUTBOX=allow is the explicit way past it (the start then goes on to the database)', () => {
    const result = run({ MAIL_OUTBOX: 'allow' });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('SMTP_URL');
    expect(result.stderr).toMatch(/ECONNREFUSED|connect/);
  });
});

describe('the outbox', () => {
  const message = { kind: 'VOTER_CODE', contestTitle: 'Concours', code: '493817', link: 'https://site.example/concours/voter?code=493817' } as const;

  async function sendThroughOutbox(logSecrets: boolean) {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const outboxDir = join(mkdtempSync(join(tmpdir(), 'nfc-outbox-')), 'outbox');
    const mailer = createMailer({ smtpUrl: undefined, from: 'a@b.example', outboxDir, logger, logSecrets });
    await mailer.send('voter@example.org', message, 'fr');
    return { log: lines.join(''), outboxDir, files: readdirSync(outboxDir) };
  }

  test('files are readable by their owner only (0600 in a 0700 folder)', async () => {
    const { outboxDir, files } = await sendThroughOutbox(false);
    expect(files).toHaveLength(1);
    expect(statSync(outboxDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(outboxDir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(outboxDir, files[0]!), 'utf8')).toContain('493817');
  });

  test('production logs neither the code nor the link; development does', async () => {
    const production = await sendThroughOutbox(false);
    expect(production.log).toContain('mail written to the outbox');
    expect(production.log).not.toContain('493817');
    const development = await sendThroughOutbox(true);
    expect(development.log).toContain('493817');
  });
});

describe('enum suggestions', () => {
  let db: TestDatabase;
  let production: TestApi;
  let development: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    production = await startTestApi({ dataSource: db.dataSource, config: { introspection: false } });
    development = await startTestApi({ dataSource: db.dataSource, config: { introspection: true } });
  });
  afterAll(async () => {
    await production.close();
    await development.close();
    await db.drop();
  });

  const wrongEnum = `{ colourPalette(lang: FRR) { slug } }`;
  const wrongField = `{ territory { populatio } }`;

  test('development suggests (so this test can fail), production does not', async () => {
    const dev = await development.graphql(wrongEnum);
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean/);
    for (const query of [wrongEnum, wrongField]) {
      const prod = await production.graphql(query);
      expect(prod.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(prod.errors?.[0]?.message).not.toMatch(/Did you mean|"FR"|population/);
    }
  });
});
