import { randomUUID } from 'node:crypto';
import { ALLOWED_TYPES_BY_PURPOSE, UPLOADER_BY_PURPOSE, type ImageVariantFormat, type MediaPurpose } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { AppError, assertUuid, conflict, forbidden, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { mediaAccess, type MediaAccess } from './media.access';
import type { Logger } from '../logger';
import { MediaItem } from './media-item.entity';
import { MediaVariant } from './media-variant.entity';
import { intake, type IntakeFile } from './intake';
import { processRaster, sha256, type ProcessedImage } from './process-image';
import { readStream, type MediaStorage, type StoredObject } from './storage/media-storage';

export const EXTENSION_BY_FORMAT: Record<ImageVariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
export const FORMAT_BY_EXTENSION: Record<string, ImageVariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };
export const CONTENT_TYPE_BY_FORMAT: Record<ImageVariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

/** The public, immutable URL of a variant: /media/<sha256>.<ext>. */
export function variantUrl(publicApiUrl: string, variant: { sha256: string; format: ImageVariantFormat }): string {
  return `${publicApiUrl}/media/${variant.sha256}.${EXTENSION_BY_FORMAT[variant.format]}`;
}

export function variantKey(sha: string, format: ImageVariantFormat): string {
  return `variants/${sha.slice(0, 2)}/${sha}.${EXTENSION_BY_FORMAT[format]}`;
}

export { detectMimeType } from './intake';

type Limit = <T>(task: () => Promise<T>) => Promise<T>;
let queue: Promise<Limit> | undefined;

/**
 * One image is processed at a time per process by default: libvips already uses every core
 * for one image, and each 24 MP photo in flight costs about 150 MB (see BENCHMARKS.md).
 * MEDIA_CONCURRENCY=2 trades that memory for shorter bursts.
 */
function processingQueue(): Promise<Limit> {
  queue ??= import('p-limit').then(({ default: pLimit }) => {
    const limit = pLimit(Number(process.env.MEDIA_CONCURRENCY ?? 1));
    return <T>(task: () => Promise<T>) => limit(task);
  });
  return queue;
}

/** A contest entrant, who has no account: their uploads are theirs alone. */
export interface EntrantUploader {
  kind: 'ENTRANT';
  entrantId: string;
}

export interface IngestOptions {
  bytes: Buffer;
  purpose: MediaPurpose;
  viewer: Viewer | EntrantUploader;
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

  /**
   * Every upload, whatever its purpose, through the one intake (media/intake.ts): type from
   * the bytes, allowed for the purpose, truncation refused, trailing bytes cut. Rasters get
   * their web variants; an SVG master (checked, never altered) and a print master (PDF/EPS)
   * are kept as they came, with no variants.
   */
  async ingest({ bytes, purpose, viewer }: IngestOptions): Promise<MediaItem> {
    const uploader = UPLOADER_BY_PURPOSE[purpose];
    const allowed = uploader === 'contest entrant' ? viewer.kind === 'ENTRANT' : viewer.kind !== 'ENTRANT' && hasScope(viewer, uploader);
    if (!allowed) throw forbidden(uploader === 'contest entrant' ? 'Contest photos are uploaded with an entrant session.' : `Uploads for ${purpose} need the scope ${uploader}.`);
    // CASE: a partner's logo is given by one of its people, never by a key or another kind of organisation.
    if (purpose === 'PARTNER_LOGO' && (viewer.kind !== 'USER' || viewer.organisationKind !== 'PARTNER')) throw forbidden('A partner logo is uploaded by a person of the partner organisation.');
    // CASE: a contest session outlives nothing: an entrant erased (or never verified) uploads nothing.
    if (viewer.kind === 'ENTRANT') {
      const [entrant] = await this.options.dataSource.query(`SELECT 1 FROM contest_entrant WHERE id = $1 AND email_verified_at IS NOT NULL`, [viewer.entrantId]);
      if (!entrant) throw new AppError('UNAUTHENTICATED', 'This contest session has ended; sign in again with a new code.');
    }
    const accept = purpose === 'PRINT_MASTER' ? [...ALLOWED_TYPES_BY_PURPOSE.PRINT_MASTER, 'application/eps'] : ALLOWED_TYPES_BY_PURPOSE[purpose];
    // CASE: a people release is kept as it came (a moderator reads the signed paper), never
    // given web variants; a scan or photo of it loses its metadata (GPS, camera) losslessly. A
    // partner's logo likewise: only its lockups are ever drawn from it.
    const keptAsItCame = purpose === 'PEOPLE_RELEASE' || purpose === 'PARTNER_LOGO';
    const file = await intake(bytes, { accept, stripMetadata: keptAsItCame });
    if (file.kind === 'RASTER' && !keptAsItCame) {
      const processed = await (await processingQueue())(() => processRaster(file));
      return this.store({ processed, mimeType: file.mimeType, purpose, viewer });
    }
    return this.storeAsIs({ file, purpose, viewer });
  }

  /** A file kept exactly as it passed the intake (no variants): an SVG or print master, a people release. */
  private async storeAsIs({ file, purpose, viewer }: { file: IntakeFile; purpose: MediaPurpose; viewer: Viewer | EntrantUploader }): Promise<MediaItem> {
    const id = randomUUID();
    const originalKey = `originals/${id.slice(0, 2)}/${id}`;
    await this.options.storage.put(originalKey, file.bytes, file.mimeType);
    try {
      const repository = this.options.dataSource.getRepository(MediaItem);
      return await repository.save(
        repository.create({
          id, purpose, visibility: 'PRIVATE',
          organisationId: viewer.kind === 'ENTRANT' ? null : viewerOrganisationId(viewer),
          uploadedByUserId: viewer.kind === 'USER' ? viewer.userId : null,
          entrantId: viewer.kind === 'ENTRANT' ? viewer.entrantId : null,
          originalKey, mimeType: file.mimeType, byteSize: file.bytes.length, width: file.width === null ? null : Math.round(file.width), height: file.height === null ? null : Math.round(file.height),
          sha256: sha256(file.bytes), perceptualHash: null, capturedAt: null, gpsLat: null, gpsLon: null, attachedAt: null,
        }),
      );
    } catch (error) {
      await this.options.storage.delete([originalKey]);
      throw error;
    }
  }

  /** The original bytes of an upload in reach, for the mutation that attaches it. */
  async readOriginal(id: string, viewer: Viewer): Promise<{ item: MediaItem; bytes: Buffer }> {
    const item = await this.getItem(id, viewer);
    const object = await this.options.storage.get(item.originalKey);
    if (!object) throw notFound('File', id);
    return { item, bytes: await readStream(object.stream) };
  }

  private async store({ processed, mimeType, purpose, viewer }: { processed: ProcessedImage; mimeType: string; purpose: MediaPurpose; viewer: Viewer | EntrantUploader }): Promise<MediaItem> {
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
            organisationId: viewer.kind === 'ENTRANT' ? null : viewerOrganisationId(viewer),
            uploadedByUserId: viewer.kind === 'USER' ? viewer.userId : null,
            entrantId: viewer.kind === 'ENTRANT' ? viewer.entrantId : null,
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

  /** An item the viewer may see: their organisation's, or any for the Pôle (media.access.ts). */
  async getItem(id: string, viewer: Viewer, filter: keyof MediaAccess = 'readable'): Promise<MediaItem> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [row] = await this.options.dataSource.query(`SELECT m.id FROM media_item m WHERE m.id = $1 AND ${mediaAccess(viewer)[filter]('m', params)}`, params.values);
    const item = row ? await this.options.dataSource.getRepository(MediaItem).findOneBy({ id }) : null;
    if (!item) throw notFound('Media', id);
    return item;
  }

  /** Deletes an item, its original and the variants no other item shares. */
  async delete(id: string, viewer: Viewer): Promise<void> {
    // CASE: a file in reach that an event, an entry or a version holds is not deleted from under it.
    const item = await this.getItem(id, viewer, 'deletable').catch(async (error: unknown) => {
      if (await this.getItem(id, viewer).catch(() => null)) throw conflict('This file is in use (an event, an entry or a logo version); remove it there first.');
      throw error;
    });
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

  /**
   * Deletes an upload only if nothing holds it, atomically: the row is locked and checked in
   * the same transaction that deletes it, so an upload attached meanwhile (by an event, an
   * entry, a version) is left alone. Returns whether it went. For refusals and purges.
   */
  async discardUnattached(id: string): Promise<boolean> {
    const { dataSource, storage } = this.options;
    const keys = await dataSource.transaction(async (db) => {
      const [item] = await db.query(`SELECT original_key FROM media_item WHERE id = $1 AND attached_at IS NULL FOR UPDATE`, [id]);
      if (!item) return null;
      const variants: Array<{ sha256: string; format: ImageVariantFormat }> = await db.query(`DELETE FROM media_variant WHERE media_id = $1 RETURNING sha256, format`, [id]).then(([rows]: [Array<{ sha256: string; format: ImageVariantFormat }>]) => rows);
      await db.query(`DELETE FROM media_item WHERE id = $1`, [id]);
      const stillUsed = new Set<string>((await db.query(`SELECT DISTINCT sha256 FROM media_variant WHERE sha256 = ANY($1)`, [variants.map((v) => v.sha256)])).map((row: { sha256: string }) => row.sha256));
      return [item.original_key as string, ...variants.filter((v) => !stillUsed.has(v.sha256)).map((v) => variantKey(v.sha256, v.format))];
    });
    if (!keys) return false;
    // A file left behind by a failed delete is an orphan: the sweeper removes it later.
    await storage.delete(keys).catch((error: unknown) => this.options.logger.warn({ err: error, keys }, 'files of a discarded upload left for the sweeper'));
    return true;
  }

  /**
   * Deletes uploads never attached to anything (an event, an entry…) after `olderThanHours`,
   * with their files: an abandoned form leaves nothing behind. Returns how many went.
   */
  async purgeUnattached(olderThanHours: number): Promise<number> {
    const stale: Array<{ id: string }> = await this.options.dataSource.query(
      `SELECT id FROM media_item WHERE attached_at IS NULL AND created_at < now() - make_interval(hours => $1) ORDER BY created_at LIMIT 1000`,
      [olderThanHours],
    );
    let deleted = 0;
    for (const { id } of stale) if (await this.discardUnattached(id)) deleted += 1;
    return deleted;
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
