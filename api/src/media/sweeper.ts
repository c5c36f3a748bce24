import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { MediaService } from './media.service';
import type { ListedObject, MediaStorage } from './storage/media-storage';

/**
 * The sweeper: nothing stored stays without a row for long. A crash between writing a file
 * and committing its row (an upload, a logo version, a kit), or a delete whose files could
 * not be removed, leaves objects no row references. Once older than the grace period they
 * are deleted, originals included. Uploads never attached go too (their rows and files), as
 * `purge-uploads` does.
 *
 * Only the prefixes the API writes are swept (`originals/`, `variants/`, `brand/`): anything
 * else in the bucket is not ours to judge. The grace period protects writes in progress (a
 * file is written before its row commits), so it must be far longer than any upload takes.
 */
export const SWEPT_PREFIXES = ['originals/', 'variants/', 'brand/'] as const;
const LOCK = 'nfc-media-sweeper';
const BATCH = 1000;

export interface SweepOptions {
  dataSource: DataSource;
  storage: MediaStorage;
  logger: Logger;
  /** Objects (and unattached uploads) younger than this are left alone. */
  graceHours: number;
  /** The clock (tests). */
  now?: Date;
}

export interface SweepResult {
  /** Objects looked at, under the swept prefixes. */
  listed: number;
  /** Orphan objects deleted. */
  deletedKeys: string[];
  /** Unattached uploads deleted with their files. */
  purgedUploads: number;
}

/**
 * Which of these keys some row references: a media item's original, a variant (content-
 * addressed, shared), a version's master, a rendition, a kit. Keys of the two large families
 * are looked up by their indexed parts (an item's id, a variant's hash), never by scanning.
 */
async function referencedKeys(dataSource: DataSource, keys: string[]): Promise<Set<string>> {
  const rows: Array<{ k: string }> = await dataSource.query(
    `SELECT k FROM unnest($1::text[]) AS t(k)
     WHERE CASE
       WHEN k ~ '^originals/[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN EXISTS (
         SELECT 1 FROM media_item m WHERE m.id = substring(k from '[0-9a-f-]{36}$')::uuid AND m.original_key = k)
       WHEN k ~ '^variants/[0-9a-f]{2}/[0-9a-f]{64}\\.(avif|webp|jpg)$' THEN EXISTS (
         SELECT 1 FROM media_variant v WHERE v.sha256 = substring(k from '([0-9a-f]{64})\\.')
           AND v.format::text = CASE substring(k from '\\.([a-z]+)$') WHEN 'jpg' THEN 'jpeg' ELSE substring(k from '\\.([a-z]+)$') END)
       ELSE EXISTS (SELECT 1 FROM brand_asset_version WHERE storage_key = k)
         OR EXISTS (SELECT 1 FROM brand_rendition WHERE storage_key = k)
         OR EXISTS (SELECT 1 FROM brand_kit WHERE storage_key = k)
         OR EXISTS (SELECT 1 FROM media_item WHERE original_key = k)
     END`,
    [keys],
  );
  return new Set(rows.map((row) => row.k));
}

/** One sweep, now, in this process (the caller holds the lock, or is the CLI alone). */
export async function sweepMedia({ dataSource, storage, logger, graceHours, now = new Date() }: SweepOptions): Promise<SweepResult> {
  const media = new MediaService({ dataSource, storage, logger });
  const purgedUploads = await media.purgeUnattached(graceHours);
  const cutoff = now.getTime() - graceHours * 3600_000;
  let listed = 0;
  const deletedKeys: string[] = [];
  for (const prefix of SWEPT_PREFIXES) {
    const objects = await storage.listObjects(prefix);
    listed += objects.length;
    const old = objects.filter((object: ListedObject) => object.modifiedAt.getTime() < cutoff);
    for (let start = 0; start < old.length; start += BATCH) {
      const batch = old.slice(start, start + BATCH).map((object) => object.key);
      // A temporary file of a local write is never referenced: one that old is a crash's leftover.
      const referenced = await referencedKeys(dataSource, batch);
      const orphans = batch.filter((key) => !referenced.has(key));
      if (!orphans.length) continue;
      await storage.delete(orphans);
      deletedKeys.push(...orphans);
    }
  }
  if (deletedKeys.length || purgedUploads) logger.info({ deleted: deletedKeys.length, purgedUploads, graceHours }, 'media sweep');
  return { listed, deletedKeys, purgedUploads };
}

/**
 * One sweep if no other process is sweeping: a PostgreSQL session lock, held on a connection
 * of its own for the sweep, so that several API processes behind a load balancer take turns.
 * Returns null when another process holds it.
 */
export async function sweepMediaOnce(options: SweepOptions): Promise<SweepResult | null> {
  const runner = options.dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [LOCK]);
    if (!locked) return null;
    try {
      return await sweepMedia(options);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [LOCK]);
    }
  } finally {
    await runner.release();
  }
}
