import type { PgBoss, SendOptions } from 'pg-boss' with { 'resolution-mode': 'import' };
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { describeError, type Logger } from '../logger';
import { DEAD_LETTER_QUEUE, type DeadLetter, type DeadLetterList, type JobContext, type JobDefinition, type JobQueue, type SendJobOptions } from './job-definition';

/** The schema the migration 1763783900000 installs pg-boss into. */
export const JOB_SCHEMA = 'pgboss';
const PARIS = 'Europe/Paris';
/** Dead letters stay a month: long enough for the Pôle to notice, retry or discard them. */
const DEAD_LETTER_KEEP_SECONDS = 30 * 24 * 3600;

export interface JobQueueOptions {
  connectionString: string;
  logger: Logger;
  definitions: readonly JobDefinition[];
  /** Connections pg-boss may open beside the API's own pool. */
  poolSize?: number;
  /**
   * This process works jobs: it supervises (expiry, maintenance) and, with `schedules`, keeps
   * the cron schedules. A process that only sends sets neither.
   */
  worker: boolean;
  schedules: boolean;
}


/** The TypeORM transaction as pg-boss's `db` adapter, so a job commits with the rows it is about. */
function inTransaction(manager: EntityManager) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const runner = manager.queryRunner;
      if (!runner) throw new Error('a job sent with a manager needs a transaction (manager.transaction(...))');
      const result = await runner.query(text, values, true);
      return { rows: result.records as unknown[] };
    },
  };
}

/** An error's message for the log and the dead-letter list; never its stack. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 500);
}

/**
 * The job queue: pg-boss on the platform's PostgreSQL. Any process may send; the process
 * that runs workers (the API by default, or `worker.js`) handles what was sent, with
 * retries and back-off, and moves what keeps failing to the dead-letter list.
 */
export class PgBossJobQueue implements JobQueue, DeadLetterList {
  private starting: Promise<PgBoss> | undefined;
  private readonly definitions: Map<string, JobDefinition>;

  constructor(private readonly options: JobQueueOptions) {
    this.definitions = new Map(options.definitions.map((definition) => [definition.name, definition]));
  }

  /** Connects and declares every queue; sending works from here on. */
  async start(): Promise<void> {
    await this.ready();
  }

  private ready(): Promise<PgBoss> {
    return (this.starting ??= this.open());
  }

  private async open(): Promise<PgBoss> {
    // pg-boss is ESM-only; the native import() loads it from CommonJS.
    const { PgBoss } = await import('pg-boss');
    const boss = new PgBoss({
      connectionString: this.options.connectionString,
      schema: JOB_SCHEMA,
      max: this.options.poolSize ?? 4,
      application_name: 'nfc-jobs',
      // The schema comes from our migrations; a pg-boss upgrade that needs another one says so at start.
      migrate: false,
      createSchema: false,
      // Workers wake on NOTIFY the moment a job is sent (polling stays as the backstop).
      useListenNotify: true,
      supervise: this.options.worker,
      schedule: this.options.worker && this.options.schedules,
    });
    boss.on('error', (error: unknown) => this.options.logger.error({ err: describeError(error) }, 'job queue error'));
    await boss.start();
    await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: DEAD_LETTER_KEEP_SECONDS, deleteAfterSeconds: 3600 });
    for (const definition of this.definitions.values()) {
      await boss.createQueue(definition.name, {
        policy: definition.policy ?? 'standard',
        retryLimit: definition.retryLimit ?? 2,
        retryDelay: definition.retryDelaySeconds ?? 5,
        retryBackoff: definition.retryBackoff ?? true,
        ...(definition.retryDelayMaxSeconds ? { retryDelayMax: definition.retryDelayMaxSeconds } : {}),
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
        deleteAfterSeconds: definition.keepSeconds ?? 24 * 3600,
        notify: true,
        ...(definition.deadLetter ? { deadLetter: DEAD_LETTER_QUEUE } : {}),
      });
    }
    return boss;
  }

  async send(name: string, data: object, options: SendJobOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`no job kind "${name}" is registered`);
    const boss = await this.ready();
    const send: SendOptions = {};
    if (options.startAfterSeconds) send.startAfter = options.startAfterSeconds;
    if (options.singletonKey) send.singletonKey = options.singletonKey;
    if (options.singletonSeconds) send.singletonSeconds = options.singletonSeconds;
    if (options.manager) send.db = inTransaction(options.manager);
    return boss.send(name, data, send);
  }

  async sendMany(name: string, data: object[], options: Pick<SendJobOptions, 'manager'> = {}): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`no job kind "${name}" is registered`);
    if (!data.length) return;
    const boss = await this.ready();
    await boss.insert(
      name,
      data.map((item) => ({ data: item })),
      options.manager ? { db: inTransaction(options.manager) } : {},
    );
  }

  /** Starts a worker per job kind in this process (the pieces handlers use are built once, by the caller). */
  async work(context: Omit<JobContext, 'jobs'>): Promise<void> {
    if (!this.options.worker) throw new Error('this job queue was opened to send only');
    const boss = await this.ready();
    const full: JobContext = { ...context, jobs: this };
    for (const definition of this.definitions.values()) {
      const concurrency = definition.concurrency ?? 1;
      // One worker per kind fetches batches; the batch's jobs run `concurrency` at a time and
      // each gets its own outcome (a failed e-mail never re-sends the batch's others). A full
      // batch means more is waiting: the worker fetches again at once instead of waiting its poll.
      await boss.work<object>(
        definition.name,
        {
          batchSize: Math.max(2, concurrency * 2),
          burstWhenBatchFull: true,
          perJobResults: true,
          includeMetadata: true,
          // NOTIFY wakes workers for new jobs; retries and deferred jobs come due silently, so the poll stays short.
          pollingIntervalSeconds: 2,
          notifyPollingIntervalSeconds: 2,
        },
        async (jobs: Array<{ id: string; data: object; retryCount?: number }>) => {
          const results: Array<{ id: string; status: 'completed' | 'failed'; output?: object }> = [];
          for (let start = 0; start < jobs.length; start += concurrency) {
            await Promise.all(
              jobs.slice(start, start + concurrency).map(async (job) => {
                const started = Date.now();
                try {
                  await definition.handle(job.data, full, { id: job.id, retryCount: job.retryCount ?? 0 });
                  this.options.logger.debug({ job: definition.name, id: job.id, ms: Date.now() - started }, 'job done');
                  results.push({ id: job.id, status: 'completed' });
                } catch (error) {
                  this.options.logger.warn({ job: definition.name, id: job.id, err: describe(error) }, 'job failed; it will be retried while it has attempts left');
                  // Only the message is stored with the job: no stack, no cause.
                  results.push({ id: job.id, status: 'failed', output: { message: describe(error) } });
                }
              }),
            );
          }
          return results;
        },
      );
      if (this.options.schedules && definition.schedule) {
        await boss.schedule(definition.name, definition.schedule.cron, definition.schedule.data ?? {}, { tz: PARIS });
      }
    }
  }

  /** The cron schedules this database holds (one per scheduled kind, whichever worker made it). */
  async schedules(): Promise<Array<{ name: string; cron: string; timezone: string }>> {
    const boss = await this.ready();
    return (await boss.getSchedules()).map(({ name, cron, timezone }) => ({ name, cron, timezone }));
  }

  /** The jobs that spent their retries, newest first (the Pôle's list): one statement. */
  async deadLetters(limit = 50): Promise<DeadLetter[]> {
    const boss = await this.ready();
    const { rows } = await boss.getDb().executeSql(
      `SELECT id, source_name, data, source_retry_count, source_output->>'message' AS error, created_on
         FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry')
        ORDER BY created_on DESC, id LIMIT $2`,
      [DEAD_LETTER_QUEUE, limit],
    );
    return (rows as Array<{ id: string; source_name: string | null; data: Record<string, unknown> | null; source_retry_count: number | null; error: string | null; created_on: Date }>).map((row) => {
      const source = row.source_name ?? 'unknown';
      const definition = this.definitions.get(source);
      return {
        id: row.id,
        source,
        summary: definition?.summarise ? definition.summarise(row.data ?? {}) : source,
        attempts: (row.source_retry_count ?? 0) + 1,
        error: row.error ? row.error.slice(0, 500) : null,
        failedAt: new Date(row.created_on),
      };
    });
  }

  /** Sends a dead letter back to its own queue, as a new job with fresh attempts. */
  async retryDeadLetter(id: string): Promise<boolean> {
    if (!isUUID(id)) return false;
    const boss = await this.ready();
    const [job] = await boss.findJobs<object>(DEAD_LETTER_QUEUE, { id, queued: true });
    if (!job?.sourceName || !this.definitions.has(job.sourceName)) return false;
    await boss.send(job.sourceName, job.data ?? {});
    await boss.deleteJob(DEAD_LETTER_QUEUE, id);
    return true;
  }

  /** Forgets a dead letter. */
  async discardDeadLetter(id: string): Promise<boolean> {
    if (!isUUID(id)) return false;
    const boss = await this.ready();
    const [job] = await boss.findJobs<object>(DEAD_LETTER_QUEUE, { id, queued: true });
    if (!job) return false;
    await boss.deleteJob(DEAD_LETTER_QUEUE, id);
    return true;
  }

  /**
   * Resolves once no job of these kinds (every kind if none given) is waiting to run now or
   * running: tests and one-shot commands wait for the work they caused.
   */
  async drain(names: readonly string[] = [...this.definitions.keys()], timeoutMs = 15_000): Promise<void> {
    const boss = await this.ready();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await boss.getDb().executeSql(
        `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = ANY($1) AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
        [names],
      );
      if ((rows[0] as { n: number }).n === 0) return;
      if (Date.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs} ms: ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops fetching, lets running jobs finish (up to `timeoutMs`), and closes the connections. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.starting) return;
    const boss = await this.starting.catch(() => undefined);
    if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
