import { z } from 'astro/zod';
import { queryAs } from '../api';

/** The Pôle's list of jobs that failed every attempt (/pro/taches). */
const FailedJob = z.object({
  id: z.string(),
  kind: z.string(),
  summary: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  failedAt: z.string(),
});
export type FailedJob = z.infer<typeof FailedJob>;

export async function getFailedJobs(token: string): Promise<FailedJob[]> {
  return (await queryAs(token, z.object({ failedJobs: z.array(FailedJob) }), `{ failedJobs { id kind summary attempts error failedAt } }`)).failedJobs;
}

export async function decideFailedJob(token: string, id: string, action: 'retry' | 'discard'): Promise<void> {
  const field = action === 'retry' ? 'retryFailedJob' : 'discardFailedJob';
  await queryAs(token, z.object({ [field]: z.boolean() }), `mutation($id: ID!) { ${field}(id: $id) }`, { id });
}
