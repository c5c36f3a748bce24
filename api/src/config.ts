import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Runtime configuration, read once from the environment. Services receive it; they never read process.env. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  apiPort: number;
  apiHost: string;
  /** External server; unset means an embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  /** Where the embedded database and other local state live (git-ignored). */
  dataDir: string;
  jwtSecret: string;
  logLevel: string;
  /** Number of proxies in front of the API whose X-Forwarded-For is trusted. */
  trustProxy: number;
  rateLimit: {
    anonymousPerMinute: number;
    anonymousPagesPerSecond: number;
    apiKeyPerMinute: number;
    loginPerMinute: number;
    uploadsPerMinute: number;
    votesPerMinute: number;
    /** Where budgets are counted (RATE_LIMIT_STORE): `postgres`, shared by every API process; `memory`, this process's own. */
    store: 'postgres' | 'memory';
  };
  /** Public origin of the API, for the absolute URLs of media variants. */
  publicApiUrl: string;
  /** Public origin of the website, for links in feeds and JSON-LD. */
  publicSiteUrl: string;
  introspection: boolean;
  /** How long anonymous agenda and territory reads are served from memory (0: off; off in tests, which write behind the API's back). */
  publicQueryCacheMs: number;
  /** Anonymous agenda reads answered by PostgreSQL's JSON (http/answers-in-sql.ts); PUBLIC_READS_IN_SQL=0 runs them through the resolvers, to compare. */
  publicReadsInSql: boolean;
  /** smtp://… for sending email; unset in development writes .eml files to `outboxDir`. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** MAIL_OUTBOX=allow: production may run without SMTP_URL, writing emails to the outbox (nothing sent). */
  allowOutboxInProduction: boolean;
  /**
   * Shared with the website (SITE_PROXY_SECRET): a request carrying it may name its visitor's
   * address in x-nfc-client-ip. Unset: that header is never believed.
   */
  siteProxySecret: string | undefined;
  /** Stored objects no row references, and uploads never attached, are removed once older than this (hours). */
  mediaSweepGraceHours: number;
  /**
   * WORKER: `inline` (default) runs the job queue's workers inside the API process, so `npm start`
   * is one command; `off` leaves them to `worker.js` (production runs it as its own service).
   */
  worker: 'inline' | 'off';
  /** JOB_SCHEDULES=off: no cron jobs (sweeper, retention, digest) in this process; off in tests. */
  jobSchedules: boolean;
  /**
   * OUTBOUND_ALLOW_PRIVATE=true: imports and webhooks may reach loopback and private addresses
   * (tests, a closed network). Off by default: a URL an office gives must not reach our own services.
   */
  outboundAllowPrivate: boolean;
  /** Outside production: fill the demo contest's gallery with illustrated entries on a fresh start (DEMO_CONTEST_PHOTOS=false to leave it empty). */
  demoContestPhotos: boolean;
}

/** A refusal to start that one sentence explains: printed as is, without a stack trace. */
export class StartupError extends Error {}

const REPO_ROOT = resolve(__dirname, '..', '..');

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/**
 * The signing secret for access tokens. Production must provide JWT_SECRET so that
 * every API process (behind a load balancer) shares it; development keeps a random
 * one under .data so tokens survive restarts.
 */
function resolveJwtSecret(env: AppConfig['env'], dataDir: string): string {
  const fromEnv = process.env.JWT_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return fromEnv;
  }
  if (env === 'production') throw new Error('JWT_SECRET is required in production');
  if (env === 'test') return randomBytes(32).toString('hex');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function resolveSiteProxySecret(): string | undefined {
  const secret = process.env.SITE_PROXY_SECRET || undefined;
  if (secret && secret.length < 32) throw new Error('SITE_PROXY_SECRET must be at least 32 characters');
  return secret;
}

/**
 * Production sends real email, unless MAIL_OUTBOX=allow says that keeping it in files is intended.
 * The API calls it before it starts; operator commands, which send nothing, do not.
 */
export function requireMailTransport({ env, smtpUrl, allowOutboxInProduction }: AppConfig): void {
  if (env === 'production' && !smtpUrl && !allowOutboxInProduction) {
    throw new StartupError('In production the API needs SMTP_URL to send its emails (codes, invitations); set SMTP_URL, or MAIL_OUTBOX=allow to keep them as files on purpose.');
  }
}

function budgetStore(): AppConfig['rateLimit']['store'] {
  const raw = process.env.RATE_LIMIT_STORE ?? 'postgres';
  if (raw !== 'postgres' && raw !== 'memory') throw new Error(`RATE_LIMIT_STORE must be "postgres" or "memory", got "${raw}"`);
  return raw;
}

function workerMode(): AppConfig['worker'] {
  const raw = process.env.WORKER ?? 'inline';
  if (raw !== 'inline' && raw !== 'off') throw new Error(`WORKER must be "inline" or "off", got "${raw}"`);
  return raw;
}

export function loadConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const nodeEnv = process.env.NODE_ENV;
  const env: AppConfig['env'] = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const dataDir = overrides.dataDir ?? resolve(process.env.DATA_DIR ?? join(REPO_ROOT, '.data'));
  if (process.env.MAIL_OUTBOX && process.env.MAIL_OUTBOX !== 'allow') throw new Error(`MAIL_OUTBOX must be "allow" or unset, got "${process.env.MAIL_OUTBOX}"`);
  return {
    env,
    apiPort: intFromEnv('API_PORT', 4000),
    apiHost: process.env.API_HOST ?? '127.0.0.1',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    jwtSecret: overrides.jwtSecret ?? resolveJwtSecret(overrides.env ?? env, dataDir),
    logLevel: process.env.LOG_LEVEL ?? (env === 'test' ? 'silent' : 'info'),
    trustProxy: intFromEnv('TRUST_PROXY', 0),
    rateLimit: {
      anonymousPerMinute: intFromEnv('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 600),
      // Pages (and their counts) an address may ask per second; a test file reads many a second from one address.
      anonymousPagesPerSecond: intFromEnv('RATE_LIMIT_ANONYMOUS_PAGES_PER_SECOND', env === 'test' ? 10_000 : 10),
      apiKeyPerMinute: intFromEnv('RATE_LIMIT_API_KEY_PER_MINUTE', 1200),
      loginPerMinute: intFromEnv('RATE_LIMIT_LOGIN_PER_MINUTE', 10),
      uploadsPerMinute: intFromEnv('RATE_LIMIT_UPLOADS_PER_MINUTE', 60),
      // A household shares an address: a few votes a minute is normal, a burst is not.
      votesPerMinute: intFromEnv('RATE_LIMIT_VOTES_PER_MINUTE', 12),
      store: budgetStore(),
    },
    publicSiteUrl: (process.env.PUBLIC_SITE_URL || `http://localhost:${intFromEnv('WEB_PORT', 4321)}`).replace(/\/+$/, ''),
    publicApiUrl: (process.env.PUBLIC_API_URL ?? `http://localhost:${intFromEnv('API_PORT', 4000)}`).replace(/\/+$/, ''),
    introspection: env !== 'production',
    publicQueryCacheMs: intFromEnv('PUBLIC_QUERY_CACHE_SECONDS', env === 'test' ? 0 : 10) * 1000,
    publicReadsInSql: process.env.PUBLIC_READS_IN_SQL !== '0',
    smtpUrl: process.env.SMTP_URL || undefined,
    mailFrom: process.env.MAIL_FROM ?? 'Nord Franche-Comté <ne-pas-repondre@nord-franche-comte.localhost>',
    outboxDir: join(dataDir, 'outbox'),
    allowOutboxInProduction: process.env.MAIL_OUTBOX === 'allow',
    siteProxySecret: resolveSiteProxySecret(),
    mediaSweepGraceHours: intFromEnv('MEDIA_SWEEP_GRACE_HOURS', 24),
    worker: workerMode(),
    jobSchedules: (process.env.JOB_SCHEDULES ?? (env === 'test' ? 'off' : 'on')) !== 'off',
    outboundAllowPrivate: process.env.OUTBOUND_ALLOW_PRIVATE === 'true',
    demoContestPhotos: process.env.DEMO_CONTEST_PHOTOS !== 'false',
    ...overrides,
  };
}
