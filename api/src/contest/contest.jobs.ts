import type { JobDefinition } from '../jobs/job-definition';
import { applyRetention, DEFAULT_RETENTION } from './retention';

/** The retention policy of the privacy page, applied every night (it used to need an outside cron). */
export const contestJobs: JobDefinition[] = [
  {
    name: 'contest.retention',
    policy: 'singleton',
    retryLimit: 3,
    retryDelaySeconds: 300,
    schedule: { cron: '30 3 * * *' },
    async handle(_data, { contest, logger }) {
      const report = await applyRetention(contest, DEFAULT_RETENTION);
      logger.info({ report }, 'contest retention applied');
    },
  },
];
