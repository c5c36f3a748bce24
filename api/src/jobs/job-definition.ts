import type { DataSource, EntityManager } from 'typeorm';
import type { BrandService } from '../brand/brand.service';
import type { AppConfig } from '../config';
import type { ContestDeps } from '../contest/contest-deps';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import type { MediaService } from '../media/media.service';
import type { MediaStorage } from '../media/storage/media-storage';

export interface SendJobOptions {
  /** Run no sooner than this many seconds from now. */
  startAfterSeconds?: number;
  /** With singletonSeconds: one job per key and time slot (later ones answer null). */
  singletonKey?: string;
  singletonSeconds?: number;
  /** A TypeORM EntityManager inside a transaction: the job commits or rolls back with it. */
  manager?: EntityManager;
}

/** How services hand work to the queue; they never wait for the work itself. */
export interface JobQueue {
  /** Enqueues a job; resolves with its id, or null when a policy or a singleton key absorbed it. */
  send(name: string, data: object, options?: SendJobOptions): Promise<string | null>;
  /** Enqueues many jobs of one kind in one statement (its queue's retry policy applies to each). */
  sendMany(name: string, data: object[], options?: Pick<SendJobOptions, 'manager'>): Promise<void>;
}

/** A job that spent its retries, as the Pôle sees it. */
export interface DeadLetter {
  id: string;
  /** The job kind it came from (`mail.send`…). */
  source: string;
  /** What the job was about, without secrets: the definition's own summary. */
  summary: string;
  attempts: number;
  error: string | null;
  failedAt: Date;
}

/** The Pôle's view of what failed for good. */
export interface DeadLetterList {
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  retryDeadLetter(id: string): Promise<boolean>;
  discardDeadLetter(id: string): Promise<boolean>;
}

/** What a handler may use: the long-lived pieces of the process that runs it. */
export interface JobContext {
  dataSource: DataSource;
  logger: Logger;
  config: AppConfig;
  jobs: JobQueue;
  /** The real transport (SMTP or the outbox): only the mail job sends through it. */
  mailer: Mailer;
  media: MediaService;
  storage: MediaStorage;
  brand: BrandService;
  contest: ContestDeps;
}

/**
 * One kind of job, declared by its domain (`<domain>/<domain>.jobs.ts`) and listed in
 * `jobs/registry.ts`. The options are pg-boss's, named for what they mean here.
 */
export interface JobDefinition<T extends object = object> {
  /** Lower case with dots: `mail.send`, `brand.kit`… */
  name: string;
  /** Retries after the first attempt (pg-boss's default is 2). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Exponential back-off from retryDelaySeconds, with jitter, capped by retryDelayMaxSeconds. */
  retryBackoff?: boolean;
  retryDelayMaxSeconds?: number;
  /** How long one attempt may run before it counts as failed (default 15 minutes). */
  expireInSeconds?: number;
  /**
   * standard: any number at once; singleton: one active at a time across every process;
   * stately: one active and one waiting (later requests fold into the waiting one).
   */
  policy?: 'standard' | 'singleton' | 'stately';
  /** Jobs of this kind one process runs at once (default 1). */
  concurrency?: number;
  /** Once its retries are spent, a copy goes to the dead-letter list the Pôle sees. */
  deadLetter?: boolean;
  /** Runs on its own, on a cron expression in Europe/Paris time. */
  schedule?: { cron: string; data?: T };
  /** How long a finished job is kept (seconds; default one day). */
  keepSeconds?: number;
  /** One line for the dead-letter list (no secret: the job's data may hold codes). */
  summarise?(data: T): string;
  handle(data: T, context: JobContext, job: { id: string; retryCount: number }): Promise<void>;
}

/** The dead-letter queue every definition with `deadLetter` feeds; nothing works it, people look at it. */
export const DEAD_LETTER_QUEUE = 'dead-letter';
