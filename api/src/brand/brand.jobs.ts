import type { JobDefinition } from '../jobs/job-definition';
import { buildKit } from './build-kit';
import { KIT_NOTICES_JOB } from './announce-version';
import { KIT_SUBSCRIPTION_DAYS, KitSubscriptionService } from './kit-subscriptions';
import { createQueuedMailer } from '../mail/mail.jobs';

export const KIT_BUILD_JOB = 'brand.kit';

/**
 * Kit ZIPs, rebuilt after a publication or a palette change. `stately`: one build runs while at
 * most one waits, across every process, so two publications at once never build two kits with
 * the same number, and ten in a row cost two builds (the waiting one reads the latest state).
 */
export const brandJobs: JobDefinition[] = [
  {
    name: KIT_BUILD_JOB,
    policy: 'stately',
    retryLimit: 3,
    retryDelaySeconds: 10,
    expireInSeconds: 600,
    async handle(_data, { brand }) {
      await buildKit(brand, 'PUBLIC');
      await buildKit(brand, 'PARTNER');
    },
  },
  {
    // One job per publication: each confirmed subscriber's notice is queued as its own mail job.
    name: KIT_NOTICES_JOB,
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 900,
    async handle(data, { dataSource, jobs, config, logger }) {
      const { assetId, version, note } = data as { assetId: string; version: number; note?: string | null };
      const [asset] = await dataSource.query(`SELECT name, access FROM brand_asset WHERE id = $1`, [assetId]);
      if (!asset) return;
      const service = new KitSubscriptionService(dataSource, { mailer: createQueuedMailer(jobs, config.jwtSecret), siteUrl: config.publicSiteUrl, logger, secret: config.jwtSecret });
      await service.announce(asset, version, note ?? null);
    },
  },
  {
    // A request never confirmed is someone's address kept for nothing: gone once its link has expired.
    name: 'brand.kit-subscriptions-purge',
    retryLimit: 2,
    retryDelaySeconds: 300,
    expireInSeconds: 300,
    schedule: { cron: '40 3 * * *' },
    async handle(_data, { dataSource }) {
      await dataSource.query(`DELETE FROM kit_subscription WHERE confirmed_at IS NULL AND coalesce(confirmation_sent_at, created_at) < now() - make_interval(days => $1)`, [KIT_SUBSCRIPTION_DAYS]);
    },
  },
];
