import type { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  stream: Readable;
  /** The whole file, when it is already in memory: sent as is, without a stream. */
  bytes?: Buffer;
}

/**
 * Where files live. Keys are server-made paths ("originals/<uuid>", "variants/<sha>.webp");
 * a client never chooses one.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** Writes a whole object; readers never see it half-written. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Deletes objects; missing ones are ignored. */
  delete(keys: string[]): Promise<void>;
  /** Every key under a prefix (maintenance and tests). */
  list(prefix: string): Promise<string[]>;
  /**
   * Every object under a prefix with its size and last modification, for the sweeper
   * (media/sweeper.ts). Local storage includes the temporary files of writes in progress.
   */
  listObjects(prefix: string): Promise<ListedObject[]>;
}

export interface ListedObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

// A local write in progress is "<key>.tmp-<hex>": listed and deleted by the sweeper, never read.
const KEY_PATTERN = /^(?:[a-z0-9_-]+\/)*[a-z0-9_-]+(?:\.[a-z0-9]+)?(?:\.tmp-[0-9a-f]+)?$/;

/** Refuses anything but the keys the server makes, so no key can climb out of its root. */
export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}

/** The whole content of a stream (stored objects are bounded: 25 MB at most). */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
