import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config';
import { rateLimited } from './errors';

/**
 * Per-client request budgets. In memory per process: behind a load balancer each
 * process enforces its share (swap in RateLimiterPostgres to share budgets).
 */
export function createRateLimits(config: AppConfig['rateLimit']) {
  return {
    anonymous: new RateLimiterMemory({ keyPrefix: 'ip', points: config.anonymousPerMinute, duration: 60 }),
    apiKey: new RateLimiterMemory({ keyPrefix: 'key', points: config.apiKeyPerMinute, duration: 60 }),
    loginByIp: new RateLimiterMemory({ keyPrefix: 'login-ip', points: config.loginPerMinute, duration: 60 }),
    loginByEmail: new RateLimiterMemory({ keyPrefix: 'login-email', points: config.loginPerMinute, duration: 60 }),
    uploads: new RateLimiterMemory({ keyPrefix: 'upload', points: config.uploadsPerMinute, duration: 60 }),
    votesByIp: new RateLimiterMemory({ keyPrefix: 'vote-ip', points: config.votesPerMinute, duration: 60 }),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** Spends one point of `limiter` for `key`, throwing RATE_LIMITED when the budget is spent. */
export async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
