import { randomUUID } from 'node:crypto';
import { ALLOWED_TYPES_BY_PURPOSE, RASTER_IMAGE_TYPES, type ImageVariantFormat, type MediaPurpose } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { badUserInput, notFound } from '../common/errors';
import type { Logger } from '../logger';
import { MediaItem } from './media-item.entity';
import { MediaVariant } from './media-variant.entity';
import { fileRejected } from './media-errors';
import { processImage, type ProcessedImage } from './process-image';
import type { MediaStorage, StoredObject } from './storage/media-storage';

export const EXTENSION_BY_FORMAT: Record<ImageVariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
export const FORMAT_BY_EXTENSION: Record<string, ImageVariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };
export const CONTENT_TYPE_BY_FORMAT: Record<ImageVariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

export function variantKey(sha: string, format: ImageVariantFormat): string {
  return `variants/${sha.slice(0, 2)}/${sha}.${EXTENSION_BY_FORMAT[format]}`;
}

/** Detects the type from the first bytes: the name and the declared type are never trusted. */
export async function detectMimeType(bytes: Buffer): Promise<string | undefined> {
  // file-type is ESM-only; the native import() loads it from CommonJS.
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(bytes))?.mime;
}

type Limit = <T>(task: () => Promise<T>) => Promise<T>;
let queue: Promise<Limit> | undefined;

/** At most two images are decoded at once per process: a 50 MP decode takes 150 MB. */
function processingQueue(): Promise<Limit> {
  queue ??= import('p-limit').then(({ default: pLimit }) => {
    const limit = pLimit(Number(process.env.MEDIA_CONCURRENCY ?? 2));
    return <T>(task: () => Promise<T>) => limit(task);
  });
  return queue;
}

export interface IngestOptions {
  bytes: Buffer;
  purpose: MediaPurpose;
  viewer: Viewer;
}

export interface MediaServiceOptions {
  dataSource: DataSource;
  storage: MediaStorage;
  logger: Logger;
}

/**
 * Files in and out. Either the row and every file exist, or none: files are written
 * first, the rows in one transaction, and a failure removes what was written.
 */
export class MediaService {
  constructor(private readonly options: MediaServiceOptions) {}

  async ingest({ bytes, purpose, viewer }: IngestOptions): Promise<MediaItem> {
    if (bytes.length === 0) throw fileRejected('NO_FILE');
    const mimeType = await detectMimeType(bytes);
    if (!mimeType || !ALLOWED_TYPES_BY_PURPOSE[purpose].includes(mimeType)) throw fileRejected('UNSUPPORTED_TYPE', mimeType ? `(${mimeType})` : undefined);
    if (!(RASTER_IMAGE_TYPES as readonly string[]).includes(mimeType)) {
      // SVG and print masters go through the brand kit's own checks (not yet built).
      throw fileRejected('UNSUPPORTED_TYPE', `(${mimeType} is handled by the brand kit)`);
    }
    const processed = await (await processingQueue())(() => processImage(bytes, mimeType));
    return this.store({ processed, mimeType, purpose, viewer });
  }

  private async store({ processed, mimeType, purpose, viewer }: { processed: ProcessedImage; mimeType: string; purpose: MediaPurpose; viewer: Viewer }): Promise<MediaItem> {
    const { dataSource, storage } = this.options;
    const id = randomUUID();
    const originalKey = `originals/${id.slice(0, 2)}/${id}`;
    // Variants are content-addressed: one already stored for another item is shared, never rewritten.
    const existing = new Set<string>(
      (await dataSource.query(`SELECT DISTINCT sha256 FROM media_variant WHERE sha256 = ANY($1)`, [processed.variants.map((v) => v.sha256)])).map((row: { sha256: string }) => row.sha256),
    );
    const written: string[] = [];
    try {
      await storage.put(originalKey, processed.original, mimeType);
      written.push(originalKey);
      for (const variant of processed.variants) {
        if (existing.has(variant.sha256)) continue;
        const key = variantKey(variant.sha256, variant.format);
        await storage.put(key, variant.body, CONTENT_TYPE_BY_FORMAT[variant.format]);
        written.push(key);
      }
      return await dataSource.transaction(async (db) => {
        const item = await db.getRepository(MediaItem).save(
          db.getRepository(MediaItem).create({
            id,
            purpose,
            visibility: 'PRIVATE',
            organisationId: viewerOrganisationId(viewer),
            uploadedByUserId: viewer.kind === 'USER' ? viewer.userId : null,
            originalKey,
            mimeType,
            byteSize: processed.original.length,
            width: processed.width,
            height: processed.height,
            sha256: processed.sha256,
            perceptualHash: processed.perceptualHash,
            capturedAt: processed.capturedAt,
            gpsLat: processed.gps?.lat ?? null,
            gpsLon: processed.gps?.lon ?? null,
            attachedAt: null,
          }),
        );
        await db.getRepository(MediaVariant).insert(
          processed.variants.map((variant) => ({ mediaId: id, format: variant.format, width: variant.width, height: variant.height, byteSize: variant.body.length, sha256: variant.sha256 })),
        );
        return item;
      });
    } catch (error) {
      await storage.delete(written).catch((cleanup: unknown) => this.options.logger.error({ err: cleanup, keys: written }, 'orphan files after a failed upload'));
      throw error;
    }
  }

  /** An item the viewer may see: their organisation's, or any for the Pôle. */
  async getItem(id: string, viewer: Viewer): Promise<MediaItem> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw badUserInput('id must be a UUID.', [{ field: 'id', message: 'Expected a UUID.' }]);
    const query = this.options.dataSource.getRepository(MediaItem).createQueryBuilder('m').where('m.id = :id', { id });
    if (!hasScope(viewer, 'platform:admin')) query.andWhere('m.organisation_id = :org', { org: viewerOrganisationId(viewer) });
    const item = await query.getOne();
    if (!item) throw notFound('Media', id);
    return item;
  }

  /** Deletes an item, its original and the variants no other item shares. */
  async delete(id: string, viewer: Viewer): Promise<void> {
    const item = await this.getItem(id, viewer);
    const { dataSource, storage } = this.options;
    const orphanKeys = await dataSource.transaction(async (db) => {
      const deleted = await db.createQueryBuilder().delete().from(MediaVariant).where('media_id = :id', { id }).returning(['sha256', 'format']).execute();
      const variants = deleted.raw as Array<{ sha256: string; format: ImageVariantFormat }>;
      await db.query(`DELETE FROM media_item WHERE id = $1`, [id]);
      const stillUsed = new Set<string>(
        (await db.query(`SELECT DISTINCT sha256 FROM media_variant WHERE sha256 = ANY($1)`, [variants.map((v) => v.sha256)])).map((row: { sha256: string }) => row.sha256),
      );
      return variants.filter((variant) => !stillUsed.has(variant.sha256)).map((variant) => variantKey(variant.sha256, variant.format));
    });
    await storage.delete([item.originalKey, ...orphanKeys]);
  }

  /** A variant's bytes if some PUBLIC item uses it; null otherwise (private, unknown or deleted). */
  async openPublicVariant(sha: string, format: ImageVariantFormat): Promise<StoredObject | null> {
    const [row] = await this.options.dataSource.query(
      `SELECT 1 FROM media_variant v JOIN media_item m ON m.id = v.media_id
       WHERE v.sha256 = $1 AND v.format = $2 AND m.visibility = 'PUBLIC' LIMIT 1`,
      [sha, format],
    );
    return row ? this.options.storage.get(variantKey(sha, format)) : null;
  }

  async variantsOf(mediaIds: readonly string[]): Promise<MediaVariant[]> {
    return this.options.dataSource
      .getRepository(MediaVariant)
      .createQueryBuilder('v')
      .where('v.media_id IN (:...ids)', { ids: [...mediaIds] })
      .orderBy('v.width')
      .addOrderBy('v.format')
      .getMany();
  }
}
