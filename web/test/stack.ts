import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real SMTP server for the product under test: each message received is written as JSON
 * under <dataDir>/received-mail, where the tests (in other workers) read the codes.
 */
async function startMailbox(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const { SMTPServer } = await import('smtp-server');
  const { simpleParser } = await import('mailparser');
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          count += 1;
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          writeFileSync(join(dir, `${String(count).padStart(5, '0')}.json`), JSON.stringify({ to, subject: mail.subject ?? '', text: mail.text ?? '' }));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface RunningStack {
  webUrl: string;
  apiUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the product exactly as `npm start` does (scripts/start.mjs on the built
 * api and web), on free ports, with its own data folder; an external DATABASE_URL
 * gets a fresh database of its own.
 */
export async function startStack(): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nfc-e2e-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const mailbox = await startMailbox(join(dataDir, 'received-mail'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SMTP_URL: mailbox.url,
    // The browser tests click faster than a person reads; the per-second list budget has its own
    // API test, and the visitor-budget test here spends the per-minute request budget.
    RATE_LIMIT_ANONYMOUS_PAGES_PER_SECOND: '100000',
    // Every browser test signs people in from the same address; the login budget (10 a minute per
    // address) has its own API tests (login-limits.test.ts) and would refuse the suite's sign-ins.
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    // Webhooks (syndication) are delivered to receivers the tests run on loopback.
    OUTBOUND_ALLOW_PRIVATE: 'true',
    // The contest tests take their own photos through moderation, a jury round and the results:
    // the demo gallery's photos would join that round. seed-demo-entries.test.ts covers the demo.
    DEMO_CONTEST_PHOTOS: 'false',
  };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const { Client } = await import('pg');
    const name = `nfc_e2e_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const client = new Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The stack did not start in 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', () => {
      if (output.includes('is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The stack exited (${code}):\n${output}`));
    });
  });
  return {
    dataDir,
    webUrl: `http://127.0.0.1:${webPort}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      await dropDatabase?.();
      await mailbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
