import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config';
import { rateLimited } from './errors';

const DAY = 24 * 60 * 60;

/** Daily ceilings on the e-mails people can have sent to an address. */
export const MAIL_BUDGETS = { invitationsPerOrganisationPerDay: 30, invitationsPerAddressPerDay: 3, resetsPerAddressPerDay: 5 } as const;

/**
 * Per-client request budgets. In memory per process: behind a load balancer each
 * process enforces its share (swap in RateLimiterPostgres to share budgets).
 */
export function createRateLimits(config: AppConfig['rateLimit']) {
  return {
    anonymous: new RateLimiterMemory({ keyPrefix: 'ip', points: config.anonymousPerMinute, duration: 60 }),
    apiKey: new RateLimiterMemory({ keyPrefix: 'key', points: config.apiKeyPerMinute, duration: 60 }),
    /** Per address, over every email: the ceiling on password guesses from one place (and other anonymous actions, by prefix). */
    loginByIp: new RateLimiterMemory({ keyPrefix: 'login-ip', points: config.loginPerMinute, duration: 60 }),
    /** Per (email, address): failures back off exponentially; never per email alone, so nobody elsewhere can lock a person out. */
    loginPairs: new LoginBackoff(),
    loginByEmail: new RateLimiterMemory({ keyPrefix: 'login-email', points: config.loginPerMinute, duration: 60 }),
    uploads: new RateLimiterMemory({ keyPrefix: 'upload', points: config.uploadsPerMinute, duration: 60 }),
    votesByIp: new RateLimiterMemory({ keyPrefix: 'vote-ip', points: config.votesPerMinute, duration: 60 }),
    /**
     * E-mails a person can make the platform send to someone else: invitations per inviting
     * organisation and per invited address, password-reset links per address, each a day. So
     * our sender can never be turned on a third party's mailbox.
     */
    invitationsByOrganisation: new RateLimiterMemory({ keyPrefix: 'invite-org', points: MAIL_BUDGETS.invitationsPerOrganisationPerDay, duration: DAY }),
    invitationsByAddress: new RateLimiterMemory({ keyPrefix: 'invite-to', points: MAIL_BUDGETS.invitationsPerAddressPerDay, duration: DAY }),
    resetsByAddress: new RateLimiterMemory({ keyPrefix: 'reset-to', points: MAIL_BUDGETS.resetsPerAddressPerDay, duration: DAY }),
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
export async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
