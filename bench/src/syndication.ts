// The job queue and syndication, measured in one process against a real PostgreSQL (embedded,
// or a fresh database on DATABASE_URL's server): enqueue → handler latency one job at a time
// (the NOTIFY path a request takes), a burst's throughput, and an e-mail from enqueue to a
// real SMTP server's DATA. `npm run bench -- --syndication` runs only this part.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@nfc/api/dist/config';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@nfc/api/dist/database/embedded-postgres';
import { createLogger } from '@nfc/api/dist/logger';
import { PgBossJobQueue } from '@nfc/api/dist/jobs/job-queue';
import type { JobContext, JobDefinition } from '@nfc/api/dist/jobs/job-definition';
import { mailJobs, createQueuedMailer } from '@nfc/api/dist/mail/mail.jobs';
import { createMailer } from '@nfc/api/dist/mail/mailer';
import { seedTerritory } from '@nfc/api/dist/territory/territory.seed';

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SyndicationResults {
  postgresVersion: string;
  /** Enqueue → handler start, one job at a time. */
  queueLatency: LatencyStats;
  /** A burst of jobs sent at once, worked by one process at concurrency 4. */
  burst: { jobs: number; seconds: number; perSecond: number };
  /** `mailer.send` → the SMTP server has the message. */
  mailLatency: LatencyStats;
  /** Filled by the import benchmark when it is there. */
  imports?: { label: string; events: number; seconds: number; perSecond: number; rerunSeconds: number }[];
}

function stats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/** A migrated, seeded database of its own. */
export async function openSyndicationDatabase(): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  if (!external) embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'nfc-bench-jobs-')), ephemeral: true });
  const serverUrl = external ?? embedded!.url;
  const name = `nfc_bench_jobs_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 2 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await seedTerritory(dataSource);
  await dataSource.destroy();
  return {
    url: url.toString(),
    close: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
    },
  };
}

export async function measureQueue(url: string, quick: boolean): Promise<SyndicationResults> {
  const logger = createLogger('warn');
  const config = loadConfig({ env: 'production', jwtSecret: 'b'.repeat(64), logLevel: 'warn' });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let burstLeft = 0;
  let burstDone: () => void = () => undefined;
  const echo: JobDefinition<{ key: string; burst?: boolean }> = {
    name: 'bench.echo',
    concurrency: 4,
    retryLimit: 0,
    async handle({ key, burst }) {
      if (burst) {
        burstLeft -= 1;
        if (burstLeft === 0) burstDone();
        return;
      }
      latencies.push(performance.now() - sent.get(key)!);
    },
  };
  // A real SMTP server on loopback; each message's arrival closes its latency.
  const mailSent = new Map<string, number>();
  const mailLatencies: number[] = [];
  const waiting = new Map<string, () => void>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const key = address.address.split('@')[0]!;
      mailLatencies.push(performance.now() - mailSent.get(key)!);
      waiting.get(key)?.();
      callback();
    },
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  const queue = new PgBossJobQueue({ connectionString: url, logger, definitions: [echo, ...mailJobs], worker: true, schedules: false });
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  const transport = createMailer({ smtpUrl, from: 'bench@example.org', outboxDir: tmpdir(), logger });
  await queue.work({ dataSource, logger, config, mailer: transport } as unknown as Omit<JobContext, 'jobs'>);
  const [{ server_version: version }] = await dataSource.query(`SHOW server_version`);

  const singles = quick ? 30 : 300;
  for (let i = 0; i < 20; i += 1) {
    sent.set(`warm${i}`, performance.now());
    await queue.send('bench.echo', { key: `warm${i}` });
  }
  await queue.drain(['bench.echo']);
  latencies.length = 0;
  for (let i = 0; i < singles; i += 1) {
    const key = `one${i}`;
    sent.set(key, performance.now());
    await queue.send('bench.echo', { key });
    // One at a time: the next is sent once this one ran (the latency a request's e-mail sees).
    while (latencies.length <= i) await new Promise((resolve) => setImmediate(resolve));
  }

  const burstJobs = quick ? 200 : 5_000;
  burstLeft = burstJobs;
  const allDone = new Promise<void>((resolve) => (burstDone = resolve));
  const started = performance.now();
  for (let i = 0; i < burstJobs; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, burstJobs - i) }, (_, j) => queue.send('bench.echo', { key: `b${i + j}`, burst: true })));
  }
  await allDone;
  const burstSeconds = (performance.now() - started) / 1000;

  const mailer = createQueuedMailer(queue, config.jwtSecret);
  const mails = quick ? 10 : 100;
  for (let i = 0; i < mails; i += 1) {
    const key = `m${i}`;
    const arrived = new Promise<void>((resolve) => waiting.set(key, resolve));
    mailSent.set(key, performance.now());
    await mailer.send(`${key}@example.org`, { kind: 'VOTER_CODE', contestTitle: 'Banc d’essai', code: '123456', link: 'https://example.org/' }, 'fr');
    await arrived;
  }

  await queue.stop();
  transport.close();
  await dataSource.destroy();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  return {
    postgresVersion: String(version),
    queueLatency: stats(latencies),
    burst: { jobs: burstJobs, seconds: burstSeconds, perSecond: burstJobs / burstSeconds },
    mailLatency: stats(mailLatencies),
  };
}

const ms = (value: number) => value.toFixed(1);

export function syndicationSection(results: SyndicationResults, machine: string, quick: boolean): string {
  const q = results.queueLatency;
  const m = results.mailLatency;
  const imports = results.imports?.length
    ? `
### Imports

| source | events | first run (s) | events/s | re-run, nothing changed (s) |
|---|---|---|---|---|
${results.imports.map((row) => `| ${row.label} | ${row.events.toLocaleString('en')} | ${row.seconds.toFixed(1)} | ${row.perSecond.toFixed(0)} | ${row.rerunSeconds.toFixed(1)} |`).join('\n')}
`
    : '';
  return `<!-- syndication:start -->
## Job queue and syndication (\`npm run bench -- --syndication\`)

Measured${quick ? ' in quick mode (not for comparison)' : ''} on ${new Date().toISOString().slice(0, 10)}, ${machine}, Node ${process.version}, PostgreSQL ${results.postgresVersion}.
pg-boss 12 on the same database, one worker process (the API's own, as \`npm start\` runs it), LISTEN/NOTIFY on.

| what | count | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |
|---|---|---|---|---|---|
| enqueue → handler starts, one job at a time | ${q.count} | ${ms(q.p50)} | ${ms(q.p95)} | ${ms(q.p99)} | ${ms(q.max)} |
| \`mailer.send\` → the SMTP server has the recipient (sealed job, real SMTP on loopback) | ${m.count} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${ms(m.max)} |

A burst of ${results.burst.jobs.toLocaleString('en')} jobs sent 50 at a time, worked at concurrency 4: ${results.burst.seconds.toFixed(2)} s, ${results.burst.perSecond.toFixed(0)} jobs/s.
${imports}<!-- syndication:end -->
`;
}
