import './node-version';
import 'reflect-metadata';
import { KIT_BUILD_JOB } from './brand/brand.jobs';
import { BrandService } from './brand/brand.service';
import { budgetStoreFor, createRateLimits } from './common/rate-limits';
import { loadConfig, requireMailTransport, StartupError } from './config';
import { createContestDeps } from './contest/contest-deps';
import { createDataSource } from './database/data-source';
import { runMigrationsOnce } from './database/migrate';
import { openDatabase } from './database/open-database';
import { PgBossJobQueue } from './jobs/job-queue';
import { JOBS } from './jobs/registry';
import { createLogger } from './logger';
import { createQueuedMailer } from './mail/mail.jobs';
import { createMailer } from './mail/mailer';
import { MediaService } from './media/media.service';
import { createStorageFromEnv } from './media/storage/create-storage';

/**
 * The job worker as a process of its own (production: the `worker` service of compose, with the
 * API on WORKER=off): e-mails, kit builds, imports, webhook deliveries and the scheduled jobs.
 * Any number may run; pg-boss hands each job to one of them, and the schedules fire once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  requireMailTransport(config);
  const logger = createLogger(config.logLevel).child({ process: 'worker' });
  const database = await openDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url, poolSize: 4 });
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);

  const storage = createStorageFromEnv(config.dataDir);
  const media = new MediaService({ dataSource, storage, logger });
  const jobs = new PgBossJobQueue({ connectionString: database.url, logger, definitions: JOBS, worker: true, schedules: config.jobSchedules });
  const brand = new BrandService({ dataSource, storage, logger, kitBuilds: { request: async () => void (await jobs.send(KIT_BUILD_JOB, {})) } });
  const contest = createContestDeps({ config, dataSource, media, logger, rateLimits: createRateLimits(config.rateLimit, budgetStoreFor(config.rateLimit, dataSource)), mailer: createQueuedMailer(jobs, config.jwtSecret) });
  const transport = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir, logger, logSecrets: config.env !== 'production' });
  await jobs.work({ dataSource, logger, config, mailer: transport, media, storage, brand, contest });
  logger.info({ kinds: JOBS.map((job) => job.name), schedules: config.jobSchedules }, 'worker ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    // Running jobs finish (up to 10 s); one cut short is retried by another worker once it expires.
    await jobs.stop();
    await brand.downloads.close();
    transport.close();
    await dataSource.destroy();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`The worker could not start: ${error.message}`);
  else console.error('The worker could not start:', error);
  process.exit(1);
});
