import { digestJobs } from '../agenda/freshness-digest';
import { brandJobs } from '../brand/brand.jobs';
import { contestJobs } from '../contest/contest.jobs';
import { mailJobs } from '../mail/mail.jobs';
import { mediaJobs } from '../media/media.jobs';
import type { JobDefinition } from './job-definition';
// syndication: webhooks
import { importJobs } from '../imports/import.jobs';
import { webhookJobs } from '../webhooks/webhook.jobs';

/** Every kind of job the platform runs; each domain declares its own. */
export const JOBS: readonly JobDefinition[] = [...mailJobs, ...brandJobs, ...mediaJobs, ...contestJobs, ...digestJobs, ...webhookJobs, ...importJobs];
