import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { rateLimited } from './errors';

/** The table the migration 1763784500000 creates for every budget (rate-limiter-flexible's layout). */
export const RATE_LIMIT_TABLE = 'rate_limit_budget';

/**
 * Where the budgets are counted. `postgres`: in the platform's database, so that a client's budget
 * is the same whichever API process answers (RATE_LIMIT_STORE, the default); `memory`: in this
 * process only (one process, or a test of the limiter itself).
 */
export type BudgetStore = { kind: 'postgres'; dataSource: DataSource } | { kind: 'memory' };

/** The store the configuration names (RATE_LIMIT_STORE), on this data source. */
export function budgetStoreFor(config: AppConfig['rateLimit'], dataSource: DataSource): BudgetStore {
  return config.store === 'postgres' ? { kind: 'postgres', dataSource } : { kind: 'memory' };
}

export interface BudgetOptions {
  keyPrefix: string;
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/**
 * One budget. In PostgreSQL each spend is one upsert of the key's row (rate-limiter-flexible's
 * statement, prepared once per connection). A client that has spent it all is then refused from
 * memory until its window ends (`inMemoryBlockOnConsumed`), so a flood costs the database nothing
 * more; and if the database cannot answer, the process's own count stands in (`insuranceLimiter`),
 * so an outage neither lets everyone through nor refuses everyone.
 */
export function createBudget(options: BudgetOptions, store: BudgetStore): RateLimiterAbstract {
  const memory = new RateLimiterMemory(options);
  if (store.kind === 'memory') return memory;
  // The pg pool behind TypeORM's connection (typeorm's own adapter reaches it the same way).
  const pool = (store.dataSource.driver as unknown as { master: unknown }).master;
  return new RateLimiterPostgres({
    ...options,
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    // The migration made the table; the library must not try (nor sweep it from every budget: see below).
    tableCreated: true,
    clearExpiredByTimeout: options.keyPrefix === 'ip',
    inMemoryBlockOnConsumed: options.points,
    insuranceLimiter: memory,
  });
}

const DAY = 24 * 60 * 60;

/** Daily ceilings on the e-mails people can have sent to an address. */
export const MAIL_BUDGETS = { invitationsPerOrganisationPerDay: 30, invitationsPerAddressPerDay: 3, resetsPerAddressPerDay: 5 } as const;

/**
 * Per-client request budgets, counted where `store` says: in PostgreSQL by default, so several API
 * processes behind a load balancer enforce one budget per client rather than one each.
 */
export function createRateLimits(config: AppConfig['rateLimit'], store: BudgetStore = { kind: 'memory' }) {
  const budget = (keyPrefix: string, points: number, duration: number) => createBudget({ keyPrefix, points, duration }, store);
  return {
    anonymous: budget('ip', config.anonymousPerMinute, 60),
    apiKey: budget('key', config.apiKeyPerMinute, 60),
    /** Per address, over every email: the ceiling on password guesses from one place (and other anonymous actions, by prefix). */
    loginByIp: budget('login-ip', config.loginPerMinute, 60),
    /**
     * Per (email, address): failures back off exponentially; never per email alone, so nobody elsewhere can
     * lock a person out. In memory per process: the shared ceilings above (per address, per email) bound it.
     */
    loginPairs: new LoginBackoff(),
    loginByEmail: budget('login-email', config.loginPerMinute, 60),
    uploads: budget('upload', config.uploadsPerMinute, 60),
    votesByIp: budget('vote-ip', config.votesPerMinute, 60),
    /**
     * E-mails a person can make the platform send to someone else: invitations per inviting
     * organisation and per invited address, password-reset links per address, each a day. So
     * our sender can never be turned on a third party's mailbox.
     */
    invitationsByOrganisation: budget('invite-org', MAIL_BUDGETS.invitationsPerOrganisationPerDay, DAY),
    invitationsByAddress: budget('invite-to', MAIL_BUDGETS.invitationsPerAddressPerDay, DAY),
    resetsByAddress: budget('reset-to', MAIL_BUDGETS.resetsPerAddressPerDay, DAY),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

export interface LoginBackoffOptions {
  /** Failures of a pair before the first wait. */
  freeFailures?: number;
  /** The first wait; each further failure doubles it. */
  baseSeconds?: number;
  maxSeconds?: number;
}

/**
 * Failed logins per (email, address) pair. After `freeFailures` failures in a row, each further
 * failure makes the pair wait 1, 2, 4 … seconds (at most 15 minutes) before the next try is
 * even checked; a success forgets the pair. In memory per process, like the other budgets;
 * a pair not seen for a day is forgotten, and at most 100,000 pairs are kept.
 */
export class LoginBackoff {
  private readonly pairs = new LRUCache<string, { failures: number; blockedUntil: number }>({ max: 100_000, ttl: 24 * 3600_000 });
  private readonly freeFailures: number;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor({ freeFailures = 5, baseSeconds = 1, maxSeconds = 900 }: LoginBackoffOptions = {}) {
    this.freeFailures = freeFailures;
    this.baseMs = baseSeconds * 1000;
    this.maxMs = maxSeconds * 1000;
  }

  private key(email: string, address: string): string {
    return `${email}\u0000${address}`;
  }

  /** Throws RATE_LIMITED while the pair waits. */
  check(email: string, address: string): void {
    const entry = this.pairs.get(this.key(email, address));
    const waitMs = entry ? entry.blockedUntil - Date.now() : 0;
    if (waitMs > 0) throw rateLimited(Math.ceil(waitMs / 1000));
  }

  failed(email: string, address: string): void {
    const key = this.key(email, address);
    const failures = (this.pairs.get(key)?.failures ?? 0) + 1;
    const extra = failures - this.freeFailures;
    const waitMs = extra >= 0 ? Math.min(this.baseMs * 2 ** extra, this.maxMs) : 0;
    this.pairs.set(key, { failures, blockedUntil: Date.now() + waitMs });
  }

  succeeded(email: string, address: string): void {
    this.pairs.delete(this.key(email, address));
  }
}

/** Spends one point of `limiter` for `key`, throwing RATE_LIMITED when the budget is spent. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
