import type { JobContext, JobDefinition } from '../jobs/job-definition';
import { attemptDelivery, type DeliveryDeps } from './webhook-delivery';
import { WEBHOOK_DELIVER_JOB } from './webhook-events';
import { webhookUrlPolicy } from './webhook-url';

interface DeliverJobData {
  deliveryId: string;
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
export const webhookJobs: JobDefinition<DeliverJobData>[] = [
  {
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
  },
];
