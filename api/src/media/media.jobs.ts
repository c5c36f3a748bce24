import type { JobDefinition } from '../jobs/job-definition';
import { sweepMediaOnce } from './sweeper';

/** The sweeper, hourly, one process at a time (the queue's singleton policy, and the sweeper's own advisory lock). */
export const mediaJobs: JobDefinition[] = [
  {
    name: 'media.sweep',
    policy: 'singleton',
    retryLimit: 1,
    expireInSeconds: 3600,
    schedule: { cron: '10 * * * *' },
    async handle(_data, { dataSource, storage, logger, config }) {
      const result = await sweepMediaOnce({ dataSource, storage, logger, graceHours: config.mediaSweepGraceHours });
      if (result && (result.deletedKeys.length || result.purgedUploads)) logger.info({ deleted: result.deletedKeys.length, purgedUploads: result.purgedUploads }, 'media swept');
    },
  },
];
