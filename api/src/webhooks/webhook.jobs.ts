import type { DataSource } from 'typeorm';
import type { JobContext, JobDefinition } from '../jobs/job-definition';
import { attemptDelivery, type DeliveryDeps } from './webhook-delivery';
import { WEBHOOK_DELIVER_JOB } from './webhook-events';
import { webhookUrlPolicy } from './webhook-url';

interface DeliverJobData {
  deliveryId: string;
}

/** How long deliveries and their attempts are kept (the espace pro shows the latest 20 of each subscription). */
export const DELIVERY_KEEP_DAYS = 30;

/** Forgets deliveries (and their attempts) older than DELIVERY_KEEP_DAYS, except those still pending; answers how many. */
export async function purgeDeliveries(dataSource: DataSource): Promise<number> {
  const [, count] = await dataSource.query(`DELETE FROM webhook_delivery WHERE created_at < now() - make_interval(days => $1) AND state <> 'PENDING'`, [DELIVERY_KEEP_DAYS]);
  return count as number;
}

/** Retries after the first attempt: 30 s doubling to at most an hour, about two hours in all. */
export const DELIVERY_RETRIES = 7;

export function deliveryDeps(context: Pick<JobContext, 'dataSource' | 'config' | 'logger' | 'jobs'>): DeliveryDeps {
  return { dataSource: context.dataSource, secret: context.config.jwtSecret, policy: webhookUrlPolicy(context.config), logger: context.logger, jobs: context.jobs, publicSiteUrl: context.config.publicSiteUrl };
}

/**
 * `webhook.deliver`: one message to one subscription (the row the agenda's transaction wrote).
 * A failed attempt is logged and retried with back-off; after the last one the delivery stays
 * FAILED, visible to its organisation (no dead letter: it is theirs to redeliver, not the Pôle's).
 */
const deliverJob: JobDefinition<DeliverJobData> = {
  name: WEBHOOK_DELIVER_JOB,
  retryLimit: DELIVERY_RETRIES,
  retryDelaySeconds: 30,
  retryBackoff: true,
  retryDelayMaxSeconds: 3600,
  // One attempt is 10 s at most; the margin covers the database writes.
  expireInSeconds: 60,
  concurrency: 4,
  keepSeconds: 24 * 3600,
  summarise: (data) => `delivery ${data.deliveryId}`,
  async handle(data, context, job) {
    const final = job.retryCount >= DELIVERY_RETRIES;
    const outcome = await attemptDelivery(deliveryDeps(context), data.deliveryId, final);
    if (outcome.sent && !outcome.ok && !outcome.disabled && !final) throw new Error(`webhook delivery failed (${outcome.error ?? 'unknown'}); retried later`);
  },
};

const purgeJob: JobDefinition = {
  // Every night at 4:20 (Paris): the delivery log does not grow for ever.
  name: 'webhook.purge',
  policy: 'singleton',
  retryLimit: 2,
  retryDelaySeconds: 600,
  schedule: { cron: '20 4 * * *' },
  async handle(_data, { dataSource, logger }) {
    const purged = await purgeDeliveries(dataSource);
    if (purged) logger.info({ purged }, 'old webhook deliveries purged');
  },
};

export const webhookJobs = [deliverJob, purgeJob];
