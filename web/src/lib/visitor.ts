import { AsyncLocalStorage } from 'node:async_hooks';
import { SITE_PROXY_HEADERS } from '@nfc/shared';

/** What the site knows of the request it is answering, for the calls it makes to the API. */
export interface VisitorContext {
  /** The visitor's address (the socket's, as Astro reports it). */
  address: string | undefined;
  /** Set when the API said this visitor's budget is spent: the middleware answers 429. */
  rateLimited?: { retryAfterSeconds: number };
}

const current = new AsyncLocalStorage<VisitorContext>();

/** Runs `work` (the rendering of one request) with its visitor known to every API call. */
export function withVisitor<T>(context: VisitorContext, work: () => T): T {
  return current.run(context, work);
}

export function currentVisitor(): VisitorContext | undefined {
  return current.getStore();
}

/**
 * Headers that make the API count this request against the visitor rather than the site:
 * the address, with the shared secret that alone makes the API believe it. Without
 * SITE_PROXY_SECRET the site sends nothing, and every visitor shares the site's budget.
 */
export function visitorHeaders(): Record<string, string> {
  const secret = process.env.SITE_PROXY_SECRET;
  const address = current.getStore()?.address;
  if (!secret || !address) return {};
  return { [SITE_PROXY_HEADERS.clientIp]: address, [SITE_PROXY_HEADERS.secret]: secret };
}

/** Remembers that the API refused this visitor for `retryAfterSeconds`. */
export function noteRateLimited(retryAfterSeconds: number): void {
  const store = current.getStore();
  if (!store) return;
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  store.rateLimited = { retryAfterSeconds: Math.max(store.rateLimited?.retryAfterSeconds ?? 0, seconds) };
}
