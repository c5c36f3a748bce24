import type { Language } from '@nfc/shared';
import type { JobDefinition, JobQueue } from '../jobs/job-definition';
import { seal, unseal } from '../jobs/sealed-data';
import type { Mailer } from './mailer';
import type { MailMessage } from './templates';

export const MAIL_JOB = 'mail.send';

interface MailJobData {
  /** In clear for the dead-letter list: the Pôle must see whom a message failed to reach. */
  to: string;
  kind: MailMessage['kind'];
  /** The message and its language, sealed: it may carry a code or a sign-in link. */
  sealed: string;
}

/**
 * Every e-mail is a job: a request that sends one only writes a row, so a mail server that
 * is slow or away never fails or slows a registration. Attempts: the first, then 6 retries
 * from 30 s doubling to at most 30 min (about an hour in all); then the dead-letter list.
 */
export const mailJobs: JobDefinition<MailJobData>[] = [
  {
    name: MAIL_JOB,
    retryLimit: 6,
    retryDelaySeconds: 30,
    retryBackoff: true,
    retryDelayMaxSeconds: 1800,
    expireInSeconds: 120,
    concurrency: 4,
    deadLetter: true,
    // A sent message's job (and its sealed code) goes after an hour.
    keepSeconds: 3600,
    summarise: (data) => `${data.kind} → ${data.to}`,
    async handle(data, context) {
      const { message, language } = unseal<{ message: MailMessage; language: Language }>(context.config.jwtSecret, data.sealed);
      await context.mailer.send(data.to, message, language);
    },
  },
];

/** The Mailer services use: `send` enqueues (resolves once the job is stored), the worker sends. */
export function createQueuedMailer(jobs: JobQueue, secret: string): Mailer {
  return {
    async send(to, message, language, options = {}) {
      await jobs.send(MAIL_JOB, { to, kind: message.kind, sealed: seal(secret, { message, language }) } satisfies MailJobData, options.manager ? { manager: options.manager } : {});
    },
    close: () => undefined,
  };
}
