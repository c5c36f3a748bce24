import type { JobDefinition } from '../jobs/job-definition';
import { buildKit } from './build-kit';

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
];
