import { LRUCache } from 'lru-cache';

export interface SharedAnswersOptions<V> {
  /** How long an answer is served as fresh. */
  ttlMs: number;
  /** How long past that an answer may still be served while one request builds the next. */
  staleMs?: number;
  /** Memory bound, in the unit `sizeOf` measures. */
  maxSize: number;
  sizeOf: (value: V) => number;
  /** A request waiting for another's answer gives up after this and builds its own. */
  waitLimitMs?: number;
}

/** What `claim` tells a request to do. */
export type Claim<V> =
  | { state: 'HIT' | 'STALE'; value: V }
  | { state: 'WAIT'; answer: Promise<V | undefined> }
  | { state: 'LEAD'; settle: (value: V | undefined) => void };

/**
 * Answers built once and shared by every request that asks for them meanwhile.
 *
 * Why: under a spike, an answer that expires is asked for by dozens of requests in the same
 * millisecond. Without this, each of them builds it again (a stampede: 40 calendar renders
 * at 50 ms of CPU each block the event loop for two seconds, and the pool's queue overflows).
 * Here the first request leads and builds; the others wait for its answer, or, when an older
 * answer exists, are served that one for at most `staleMs` more.
 */
export class SharedAnswers<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, { value: V; freshUntil: number }>;
  private readonly pending = new Map<string, Promise<V | undefined>>();
  private readonly ttlMs: number;
  private readonly waitLimitMs: number;
  /** Bumped by `forget`: an answer begun before it is not kept (it may predate the write). */
  private generation = 0;

  constructor(options: SharedAnswersOptions<V>) {
    this.ttlMs = options.ttlMs;
    this.waitLimitMs = options.waitLimitMs ?? 15_000;
    this.entries = new LRUCache({
      max: 10_000,
      maxSize: options.maxSize,
      sizeCalculation: (entry) => Math.max(1, options.sizeOf(entry.value)),
      ttl: Math.max(1, options.ttlMs + (options.staleMs ?? options.ttlMs)),
    });
  }

  claim(key: string): Claim<V> {
    const entry = this.entries.get(key);
    if (entry && entry.freshUntil > Date.now()) return { state: 'HIT', value: entry.value };
    const answer = this.pending.get(key);
    if (answer) return entry ? { state: 'STALE', value: entry.value } : { state: 'WAIT', answer };
    let resolve!: (value: V | undefined) => void;
    const generation = this.generation;
    this.pending.set(key, new Promise<V | undefined>((done) => (resolve = done)));
    // A leader that never settles (a bug, a lost request) must not hold its followers forever.
    const limit = setTimeout(() => settle(undefined), this.waitLimitMs);
    limit.unref();
    const settle = (value: V | undefined) => {
      clearTimeout(limit);
      if (!this.pending.has(key)) return;
      if (value !== undefined && generation === this.generation) this.entries.set(key, { value, freshUntil: Date.now() + this.ttlMs });
      this.pending.delete(key);
      resolve(value);
    };
    return { state: 'LEAD', settle };
  }

  /**
   * Forgets every answer (a write changed what they say): the next request builds afresh, and an
   * answer being built now is handed to its waiters but not kept.
   */
  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** The shared answer for `key`, built by `build` when this request leads or the leader failed. */
  async get(key: string, build: () => Promise<V>): Promise<{ value: V; state: Claim<V>['state'] }> {
    const claim = this.claim(key);
    if ('value' in claim) return { value: claim.value, state: claim.state };
    if ('answer' in claim) {
      const value = await claim.answer;
      // The leader failed: try once more on our own, uncached.
      return { value: value ?? (await build()), state: 'WAIT' };
    }
    try {
      const value = await build();
      claim.settle(value);
      return { value, state: 'LEAD' };
    } catch (error) {
      claim.settle(undefined);
      throw error;
    }
  }
}
