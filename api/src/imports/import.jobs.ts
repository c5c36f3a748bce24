import { OPERATOR } from '../auth/viewer';
import type { JobContext, JobDefinition } from '../jobs/job-definition';
import { IMPORT_RUN_JOB, ImportService } from './import.service';

export const IMPORT_SCHEDULE_JOB = 'import.schedule';

function service(context: JobContext): ImportService {
  // The job acts for the system: each run then writes as the source's own office (ImportService.actingViewer).
  return new ImportService({ dataSource: context.dataSource, viewer: OPERATOR, jobs: context.jobs, media: context.media, logger: context.logger, allowPrivate: context.config.outboundAllowPrivate, webhooks: { jobs: context.jobs, publicSiteUrl: context.config.publicSiteUrl } });
}

/**
 * `import.run` runs one queued run (its row says which source); the row's partial unique index
 * keeps one run per source at a time, and a retried job finds its run already finished and stops.
 * `import.schedule`, hourly at :20 (Europe/Paris), queues a run for every HOURLY source and for
 * every DAILY source whose last run is 23 hours old or more.
 */
export const importJobs: JobDefinition[] = [
  {
    name: IMPORT_RUN_JOB,
    retryLimit: 2,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 1800,
    concurrency: 1,
    summarise: (data) => `import run ${(data as { runId?: string }).runId ?? '?'}`,
    async handle(data, context) {
      await service(context).work((data as { runId: string }).runId).catch((error: unknown) => {
        // The run is logged as FAILED with its reason; the office sees it. Retrying would read the same.
        context.logger.warn({ err: error, runId: (data as { runId: string }).runId }, 'import run failed');
      });
    },
  },
  {
    name: IMPORT_SCHEDULE_JOB,
    retryLimit: 1,
    expireInSeconds: 300,
    schedule: { cron: '20 * * * *' },
    async handle(_data, context) {
      const due: Array<{ id: string }> = await context.dataSource.query(
        `SELECT s.id FROM import_source s
         WHERE s.schedule = 'HOURLY'
            OR (s.schedule = 'DAILY' AND NOT EXISTS (SELECT 1 FROM import_run r WHERE r.source_id = s.id AND r.queued_at > now() - interval '23 hours'))`,
      );
      const imports = service(context);
      for (const source of due) await imports.enqueue(source.id, 'SCHEDULED');
    },
  },
];
