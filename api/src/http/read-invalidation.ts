import { Client } from 'pg';
import type { Logger } from '../logger';

/** The channel the triggers of migration 1763784600000 notify when the agenda or the territory changes. */
export const PUBLIC_READS_CHANNEL = 'nfc_public_reads';

/** Something that keeps answers and can forget them all. */
export interface Forgetful {
  forget(): void;
}

export interface ReadInvalidationOptions {
  connectionString: string;
  logger: Logger;
  /** The longest a write waits to empty the caches; writes within it empty them once. */
  coalesceMs?: number;
}

/**
 * Empties this process's caches of public reads when any process writes: PostgreSQL delivers the
 * triggers' NOTIFY at commit to every process that LISTENs, so several API processes behind a load
 * balancer agree within `coalesceMs` (plus a round trip) instead of within their caches' TTL.
 *
 * Writes closer together than `coalesceMs` empty the caches once: offices sync several times a
 * second at peak, and emptying on each would leave nothing cached under a spike. The connection is
 * its own (LISTEN holds it); when it drops, the caches are emptied (a notification may have been
 * missed meanwhile) and it reconnects with back-off.
 */
export class ReadInvalidation {
  private readonly caches: Forgetful[] = [];
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private failures = 0;

  constructor(private readonly options: ReadInvalidationOptions) {}

  register(cache: Forgetful): void {
    this.caches.push(cache);
  }

  /** Connects and listens; resolves once listening (a failure is logged, and retried). */
  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.options.connectionString, application_name: 'nfc-read-invalidation' });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (this.closed) return;
      if (error) this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'cache invalidation connection lost; reconnecting');
      this.forgetAll();
      this.failures += 1;
      this.retry = setTimeout(() => void this.start(), Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7)));
      this.retry.unref();
    };
    this.client = client;
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.schedule());
    try {
      await client.connect();
      await client.query(`LISTEN ${PUBLIC_READS_CHANNEL}`);
      this.failures = 0;
    } catch (error) {
      lost(error);
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.forgetAll();
    }, this.options.coalesceMs ?? 250);
    this.timer.unref();
  }

  private forgetAll(): void {
    for (const cache of this.caches) cache.forget();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
