import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  FILE_NAME_WORDS,
  MEDIA_LIMITS,
  RENDITION_PRESETS,
  presetsForKind,
  findRenditionPreset,
  presetFor,
  type BrandAccessLevel,
  type RenditionPreset,
} from '@nfc/shared';
import sharp from 'sharp';
import type { DataSource, EntityManager } from 'typeorm';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { AppError, badUserInput, forbidden, notFound } from '../common/errors';
import type { Logger } from '../logger';
import { attachUpload, organisationUploads } from '../media/attachments';
import { intake, type IntakeFile } from '../media/intake';
import { fileRejected, reasonFromSharpError } from '../media/media-errors';
import { sha256 } from '../media/process-image';
import { readStream, type MediaStorage, type StoredObject } from '../media/storage/media-storage';
import { BrandAsset, BrandAssetVersion, BrandCharter, BrandKit, BrandRendition, ColourSwatch, PartnerProfile } from './brand.entities';
import { buildKit } from './build-kit';
import { DownloadCounter } from './download-counter';
import { PUBLIC_AUDIENCE, type Audience } from './download-token';
import { paletteAse, paletteCss, paletteScss } from './palette-formats';

const MASTER_EXTENSION: Record<string, string> = { 'image/svg+xml': 'svg', 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf', 'application/postscript': 'eps', 'application/eps': 'eps' };
const PRINT_TYPES = new Set(['application/pdf', 'application/postscript', 'application/eps']);
/** What a version's master may be. */
const VERSION_TYPES = ['image/svg+xml', 'image/png', 'image/jpeg', ...PRINT_TYPES];

/** How long a preview's renditions stay in memory (the signed preview links live 15 minutes). */
const PREVIEW_KEPT_MS = 10 * 60_000;

/** What a new version would be, before it is published. */
export interface VersionPreview {
  asset: BrandAsset;
  nextVersion: number;
  mimeType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  renditions: Array<{ preset: RenditionPreset; byteSize: number }>;
}

export interface BrandServiceOptions {
  dataSource: DataSource;
  storage: MediaStorage;
  logger: Logger;
  /** Hands kit rebuilds to the job queue (the server); without it they run at once (the CLI, seeds). */
  kitBuilds?: { request(): Promise<void> };
}

export interface DownloadableFile {
  object: StoredObject;
  contentType: string;
  fileName: string;
  asset: BrandAsset;
  version: number;
}

/** A stored object already in memory; its stream is only made if someone asks for it. */
function inMemory(bytes: Buffer): StoredObject {
  return {
    size: bytes.length,
    bytes,
    get stream() {
      return Readable.from([bytes]);
    },
  };
}

function presetExtension(preset: RenditionPreset): string {
  return preset.format === 'jpeg' ? 'jpg' : preset.format;
}

/** "nfc_logo_horizontal_couleur_2048.png": readable names, built from the asset and the preset. */
export function downloadFileName(asset: Pick<BrandAsset, 'kind' | 'slug' | 'layout' | 'colourway'>, suffix: string, extension: string): string {
  const parts = asset.kind === 'LOGO' && asset.layout && asset.colourway ? ['nfc', 'logo', FILE_NAME_WORDS[asset.layout], FILE_NAME_WORDS[asset.colourway]] : ['nfc', asset.slug.replace(/-/g, '_')];
  return `${[...parts, suffix].filter(Boolean).join('_')}.${extension}`;
}

/**
 * The communication kit. Every read takes an Audience (which access levels are reached);
 * row filters keep partner and internal assets away from everyone else.
 */
export class BrandService {
  /** How many renditions this process has rendered (a rendition is rendered once, then kept). */
  renderCount = 0;
  private readonly inFlight = new Map<string, Promise<BrandRendition>>();
  /**
   * slug@version:preset → what to serve. Versions and renditions never change, so this only
   * saves lookups; entries expire after 30 s so that a change of access level applies quickly.
   */
  private readonly resolved = new Map<string, { expires: number; asset: BrandAsset; version: number; storageKey: string; contentType: string; fileName: string }>();
  readonly downloads: DownloadCounter;
  /** Bytes of small renditions, by storage key: immutable, so never stale. Bounded to 64 MB. */
  private readonly bytesCache = new Map<string, Buffer>();
  private bytesCached = 0;
  /** Renditions of recent previews, by upload id (memory only, a few minutes). */
  private readonly previews = new Map<string, { expires: number; bodies: Map<string, Buffer> }>();

  constructor(private readonly options: BrandServiceOptions) {
    this.downloads = new DownloadCounter(options.dataSource, options.logger);
  }

  /**
   * What a signed link's audience still reaches now: the levels it was signed for, less any
   * the organisation lost since (a partner refused, an organisation removed). One statement.
   */
  async stillReached(audience: Audience): Promise<Audience> {
    const wanted = audience.levels.filter((level) => level !== 'PUBLIC');
    if (!wanted.length) return PUBLIC_AUDIENCE;
    // CASE: a link signed for no organisation reaches nothing beyond the public files.
    if (!audience.organisationId) return PUBLIC_AUDIENCE;
    const [row] = await this.options.dataSource.query(
      `SELECT o.kind, p.status,
              EXISTS (SELECT 1 FROM charter_acceptance a WHERE a.organisation_id = o.id
                      AND a.charter_version = (SELECT max(version) FROM brand_charter)) AS accepted
       FROM organisation o LEFT JOIN partner_profile p ON p.organisation_id = o.id WHERE o.id = $1`,
      [audience.organisationId],
    );
    const reaches = (level: BrandAccessLevel): boolean =>
      level === 'PUBLIC' ||
      (row?.kind === 'POLE') ||
      (level === 'PARTNER' && (row?.kind === 'TOURISM_OFFICE' || (row?.status === 'APPROVED' && row.accepted)));
    return { ...audience, levels: audience.levels.filter(reaches) };
  }

  /** Which levels a viewer reaches: partners only once approved and bound by the current charter. */
  async audienceOf(viewer: Viewer | null): Promise<Audience> {
    if (!viewer) return PUBLIC_AUDIENCE;
    if (hasScope(viewer, 'brand:write')) return { levels: ['PUBLIC', 'PARTNER', 'INTERNAL'], organisationId: viewer.kind === 'OPERATOR' ? null : viewer.organisationId, partnerType: null };
    if (viewer.kind === 'OPERATOR' || !hasScope(viewer, 'brand:read')) return PUBLIC_AUDIENCE;
    if (viewer.organisationKind === 'TOURISM_OFFICE') return { levels: ['PUBLIC', 'PARTNER'], organisationId: viewer.organisationId, partnerType: 'TOURISM_OFFICE' };
    const [row] = await this.options.dataSource.query(
      `SELECT p.partner_type, p.status,
              EXISTS (SELECT 1 FROM charter_acceptance a WHERE a.organisation_id = p.organisation_id
                      AND a.charter_version = (SELECT max(version) FROM brand_charter)) AS accepted
       FROM partner_profile p WHERE p.organisation_id = $1`,
      [viewer.organisationId],
    );
    if (row?.status === 'APPROVED' && row.accepted) return { levels: ['PUBLIC', 'PARTNER'], organisationId: viewer.organisationId, partnerType: row.partner_type };
    return { levels: ['PUBLIC'], organisationId: viewer.organisationId, partnerType: row?.partner_type ?? null };
  }

  listAssets(audience: Audience): Promise<BrandAsset[]> {
    return this.options.dataSource
      .getRepository(BrandAsset)
      .createQueryBuilder('a')
      .where('a.access = ANY(:levels)', { levels: audience.levels })
      .orderBy('a.sort_order')
      .addOrderBy('a.slug')
      .getMany();
  }

  /** The asset if the audience reaches it; FORBIDDEN if it exists above their level. */
  async getAsset(slug: string, audience: Audience): Promise<BrandAsset> {
    const asset = await this.options.dataSource.getRepository(BrandAsset).findOneBy({ slug });
    if (!asset || (asset.access === 'INTERNAL' && !audience.levels.includes('INTERNAL'))) throw notFound('Brand asset', slug);
    if (!audience.levels.includes(asset.access)) throw forbidden('This asset is for partners who have accepted the brand charter and been approved.');
    return asset;
  }

  async latestVersions(assetIds: readonly string[]): Promise<BrandAssetVersion[]> {
    if (!assetIds.length) return [];
    return this.options.dataSource.query(
      `SELECT DISTINCT ON (asset_id) id, asset_id AS "assetId", version, mime_type AS "mimeType", storage_key AS "storageKey",
              byte_size AS "byteSize", sha256, width, height, created_at AS "createdAt"
       FROM brand_asset_version WHERE asset_id = ANY($1) ORDER BY asset_id, version DESC`,
      [[...assetIds]],
    );
  }

  async getVersion(asset: BrandAsset, version: number | 'latest'): Promise<BrandAssetVersion> {
    const repository = this.options.dataSource.getRepository(BrandAssetVersion);
    const found = version === 'latest' ? (await this.latestVersions([asset.id]))[0] : await repository.findOneBy({ assetId: asset.id, version });
    if (!found) throw notFound('Version', `${asset.slug}@${version}`);
    return found;
  }

  async createAsset(input: Pick<BrandAsset, 'slug' | 'kind' | 'access' | 'layout' | 'colourway' | 'name' | 'sortOrder'>, viewer: Viewer): Promise<BrandAsset> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const repository = this.options.dataSource.getRepository(BrandAsset);
    return repository.save(repository.create(input));
  }

  /**
   * Publishes a new immutable version of an asset from its master, through the same intake as
   * every upload (media/intake.ts): an SVG (checked, never altered), a PNG or JPEG (trailing
   * bytes cut, metadata stripped losslessly, since the master itself is served and zipped),
   * or a print master (PDF/EPS). Every rendition is rendered before anything is stored: a
   * file that cannot be rendered is refused (CORRUPT_FILE) and leaves no row and no file.
   * Files are written first, the rows in one transaction; any failure removes the files.
   */
  async publishVersion({ slug, bytes: input, viewer, uploadId }: { slug: string; bytes: Buffer; viewer: Viewer; /** The upload the master came from, attached with the version. */ uploadId?: string }): Promise<BrandAssetVersion> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const asset = await this.options.dataSource.getRepository(BrandAsset).findOneBy({ slug });
    if (!asset) throw notFound('Brand asset', slug);
    const file = await intake(input, { accept: VERSION_TYPES, stripMetadata: true });
    const versionId = randomUUID();
    const renditions = (await this.renderAll(file, asset)).map((r) => ({ ...r, storageKey: `brand/renditions/${versionId}/${r.preset.id}.${presetExtension(r.preset)}` }));
    const { dataSource, storage } = this.options;
    const written: string[] = [];
    try {
      for (const rendition of renditions) {
        await storage.put(rendition.storageKey, rendition.body, `image/${rendition.preset.format}`);
        written.push(rendition.storageKey);
      }
      const saved = await dataSource.transaction(async (db) => {
        // One publisher at a time per asset, so version numbers never collide.
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('brand-asset:' || $1))`, [asset.id]);
        if (uploadId) await attachUpload(db, { uploadId, purposes: ['BRAND_MASTER', 'PRINT_MASTER'], owner: organisationUploads(viewerOrganisationId(viewer)), field: 'uploadId' });
        const [{ next }] = await db.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM brand_asset_version WHERE asset_id = $1`, [asset.id]);
        const key = `brand/masters/${asset.id}/v${next}.${MASTER_EXTENSION[file.mimeType] ?? 'bin'}`;
        await storage.put(key, file.bytes, file.mimeType);
        written.push(key);
        const version = await db.getRepository(BrandAssetVersion).save(
          db.getRepository(BrandAssetVersion).create({
            id: versionId,
            assetId: asset.id,
            version: next,
            mimeType: file.mimeType,
            storageKey: key,
            byteSize: file.bytes.length,
            sha256: sha256(file.bytes),
            width: file.width,
            height: file.height,
            createdByUserId: viewer.kind === 'USER' ? viewer.userId : null,
          }),
        );
        if (renditions.length) {
          await db.getRepository(BrandRendition).insert(
            renditions.map((r) => ({ versionId, preset: r.preset.id, storageKey: r.storageKey, mimeType: `image/${r.preset.format}`, byteSize: r.body.length })),
          );
        }
        return version;
      });
      this.renderCount += renditions.length;
      if (uploadId) this.forgetPreview(uploadId);
      return saved;
    } catch (error) {
      await storage.delete(written).catch((cleanup: unknown) => this.options.logger.error({ err: cleanup, keys: written }, 'orphan files after a failed version'));
      throw error;
    }
  }

  /**
   * Every rendition a master would have, rendered exactly as publication renders them (the same
   * intake, the same presets, the same encoder settings), without storing anything: the Pôle
   * sees each file before confirming. Print masters have none. Refusals are publication's own
   * (CORRUPT_FILE, the intake's reasons). The bytes are kept in memory for a few minutes so the
   * preview images need not be rendered twice; nothing reaches storage or the database.
   */
  async previewVersion({ slug, bytes, uploadId, viewer }: { slug: string; bytes: Buffer; uploadId: string; viewer: Viewer }): Promise<VersionPreview> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const asset = await this.options.dataSource.getRepository(BrandAsset).findOneBy({ slug });
    if (!asset) throw notFound('Brand asset', slug);
    const file = await intake(bytes, { accept: VERSION_TYPES, stripMetadata: true });
    const rendered = await this.renderAll(file, asset);
    this.keepPreview(uploadId, new Map(rendered.map((r) => [r.preset.id, r.body])));
    const [{ next }] = await this.options.dataSource.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM brand_asset_version WHERE asset_id = $1`, [asset.id]);
    return {
      asset,
      nextVersion: next,
      mimeType: file.mimeType,
      byteSize: file.bytes.length,
      width: file.width,
      height: file.height,
      renditions: rendered.map((r) => ({ preset: r.preset, byteSize: r.body.length })),
    };
  }

  /**
   * One rendition of a previewed upload, for the preview page's images (the signed link names
   * the upload). From memory when the preview was just made; otherwise rendered again from the
   * upload, which must still be a free brand master (a published one is the version's now).
   */
  async previewRendition(uploadId: string, presetId: string): Promise<Buffer> {
    const preset = findRenditionPreset(presetId);
    if (!preset) throw badUserInput(`Unknown rendition "${presetId}".`, [{ field: 'preset', message: 'Not a preset.' }]);
    const kept = this.previews.get(uploadId);
    const hit = kept && kept.expires > Date.now() ? kept.bodies.get(preset.id) : undefined;
    if (hit) return hit;
    const [item] = await this.options.dataSource.query(
      `SELECT original_key AS "originalKey" FROM media_item WHERE id = $1 AND purpose IN ('BRAND_MASTER', 'PRINT_MASTER') AND attached_at IS NULL`,
      [uploadId],
    );
    if (!item) throw notFound('Upload', uploadId);
    const object = await this.options.storage.get(item.originalKey);
    if (!object) throw notFound('File', uploadId);
    const file = await intake(await readStream(object.stream), { accept: VERSION_TYPES, stripMetadata: true });
    if (file.kind === 'PRINT') throw notFound('Rendition', presetId);
    return this.render(file.bytes, file, preset).catch((error: unknown) => {
      throw fileRejected(reasonFromSharpError(error), `(the ${preset.id} rendition could not be made)`);
    });
  }

  /** Forgets a preview's renditions (once published or cancelled). */
  forgetPreview(uploadId: string): void {
    this.previews.delete(uploadId);
  }

  private keepPreview(uploadId: string, bodies: Map<string, Buffer>): void {
    const now = Date.now();
    for (const [id, kept] of this.previews) if (kept.expires <= now) this.previews.delete(id);
    // A handful of previews at most (a 4096 px PNG is a few MB): the oldest goes first.
    while (this.previews.size >= 4) this.previews.delete(this.previews.keys().next().value!);
    this.previews.set(uploadId, { expires: now + PREVIEW_KEPT_MS, bodies });
  }

  /** Every preset of a master, or none for a print master; the first that fails refuses the file. */
  private async renderAll(file: IntakeFile, asset: Pick<BrandAsset, 'kind' | 'colourway'>): Promise<Array<{ preset: RenditionPreset; body: Buffer }>> {
    if (file.kind === 'PRINT') return [];
    const renditions: Array<{ preset: RenditionPreset; body: Buffer }> = [];
    for (const preset of presetsForKind(asset.kind).map((p) => presetFor(p, asset.colourway))) {
      const body = await this.render(file.bytes, file, preset).catch((error: unknown) => {
        throw fileRejected(reasonFromSharpError(error), `(the ${preset.id} rendition could not be made)`);
      });
      renditions.push({ preset, body });
    }
    return renditions;
  }

  /** The master file of a version, as published. */
  async master(slug: string, version: number | 'latest', audience: Audience): Promise<DownloadableFile> {
    const asset = await this.getAsset(slug, audience);
    const found = await this.getVersion(asset, version);
    const object = await this.options.storage.get(found.storageKey);
    if (!object) throw notFound('File', found.storageKey);
    return { object, contentType: found.mimeType, fileName: downloadFileName(asset, `v${found.version}`, MASTER_EXTENSION[found.mimeType] ?? 'bin'), asset, version: found.version };
  }

  /** A rendition from the whitelist, rendered on first request and kept. */
  async rendition(slug: string, version: number | 'latest', presetId: string, audience: Audience): Promise<DownloadableFile> {
    const key = `${slug}@${version}:${presetId}`;
    const hit = version === 'latest' ? undefined : this.freshResolution(key);
    if (hit) {
      // The access rule is checked on every request, cached or not.
      if (!audience.levels.includes(hit.asset.access)) await this.getAsset(slug, audience);
      const bytes = this.bytesCache.get(hit.storageKey);
      const object = bytes ? inMemory(bytes) : await this.readAndKeep(hit.storageKey);
      if (object) return { object, contentType: hit.contentType, fileName: hit.fileName, asset: hit.asset, version: hit.version };
    }
    const file = await this.renderedFile(slug, version, presetId, audience);
    if (version !== 'latest') {
      if (this.resolved.size >= 2000) this.resolved.delete(this.resolved.keys().next().value!);
      this.resolved.set(key, { expires: Date.now() + 30_000, asset: file.asset, version: file.version, storageKey: file.storageKey, contentType: file.contentType, fileName: file.fileName });
    }
    return file;
  }

  /**
   * A public rendition already resolved and in memory, or null. Only this may be sent by the
   * HTTP fast path, which bypasses the framework: anything else (a partner's asset, a first
   * request, an expired resolution) takes the full route with its checks.
   */
  cachedPublicRendition(slug: string, version: number, presetId: string): DownloadableFile | null {
    const hit = this.freshResolution(`${slug}@${version}:${presetId}`);
    if (!hit || hit.asset.access !== 'PUBLIC') return null;
    const bytes = this.bytesCache.get(hit.storageKey);
    return bytes ? { object: inMemory(bytes), contentType: hit.contentType, fileName: hit.fileName, asset: hit.asset, version: hit.version } : null;
  }

  /** Which stored file a versioned rendition is, while that resolution is fresh. */
  private freshResolution(key: string) {
    const hit = this.resolved.get(key);
    return hit && hit.expires > Date.now() ? hit : undefined;
  }

  /** Reads a stored file; small ones are kept in memory for the next requests. */
  private async readAndKeep(storageKey: string): Promise<StoredObject | null> {
    const object = await this.options.storage.get(storageKey);
    if (!object || object.size > 1024 * 1024) return object;
    const bytes = await readStream(object.stream);
    while (this.bytesCached + bytes.length > 64 * 1024 * 1024 && this.bytesCache.size) {
      const [oldest, value] = this.bytesCache.entries().next().value!;
      this.bytesCache.delete(oldest);
      this.bytesCached -= value.length;
    }
    this.bytesCache.set(storageKey, bytes);
    this.bytesCached += bytes.length;
    return inMemory(bytes);
  }

  private async renderedFile(slug: string, version: number | 'latest', presetId: string, audience: Audience): Promise<DownloadableFile & { storageKey: string }> {
    const known = findRenditionPreset(presetId);
    if (!known) {
      throw badUserInput(`Unknown rendition "${presetId}". Available: ${RENDITION_PRESETS.map((p) => p.id).join(', ')}.`, [{ field: 'preset', message: 'Not a preset.' }]);
    }
    const asset = await this.getAsset(slug, audience);
    // CASE: favicons are the pictogram's; a logo's wordmark squeezed into 32 px is unreadable.
    if (!presetsForKind(asset.kind).includes(known)) throw badUserInput(`Favicons are made from the pictogram, not from a ${asset.kind.toLowerCase()}.`, [{ field: 'preset', message: 'Not available for this asset.' }]);
    const preset = presetFor(known, asset.colourway);
    const found = await this.getVersion(asset, version);
    if (PRINT_TYPES.has(found.mimeType)) throw badUserInput('Print masters have no renditions; download the master.', [{ field: 'preset', message: 'Not available.' }]);
    const rendition = await this.cachedRendition(found, preset);
    const object = await this.options.storage.get(rendition.storageKey);
    if (!object) throw notFound('File', rendition.storageKey);
    const extension = presetExtension(preset);
    return {
      object,
      storageKey: rendition.storageKey,
      contentType: rendition.mimeType,
      // The version in the name: a file saved months ago says which one it is.
      fileName: downloadFileName(asset, `${preset.id.startsWith('favicon') ? preset.id : String(preset.width)}_v${found.version}`, extension),
      asset,
      version: found.version,
    };
  }

  private cachedRendition(version: BrandAssetVersion, preset: RenditionPreset): Promise<BrandRendition> {
    const key = `${version.id}:${preset.id}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.findOrRender(version, preset).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async findOrRender(version: BrandAssetVersion, preset: RenditionPreset): Promise<BrandRendition> {
    const repository = this.options.dataSource.getRepository(BrandRendition);
    const cached = await repository.findOneBy({ versionId: version.id, preset: preset.id });
    if (cached) return cached;
    // Across API processes, one renders while the others wait on the lock, then read its row.
    return this.options.dataSource.transaction(async (db: EntityManager) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('rendition:' || $1))`, [`${version.id}:${preset.id}`]);
      const again = await db.getRepository(BrandRendition).findOneBy({ versionId: version.id, preset: preset.id });
      if (again) return again;
      const master = await this.options.storage.get(version.storageKey);
      if (!master) throw notFound('File', version.storageKey);
      const body = await this.render(await readStream(master.stream), version, preset);
      this.renderCount += 1;
      const extension = presetExtension(preset);
      const storageKey = `brand/renditions/${version.id}/${preset.id}.${extension}`;
      const mimeType = `image/${preset.format}`;
      await this.options.storage.put(storageKey, body, mimeType);
      return db.getRepository(BrandRendition).save(db.getRepository(BrandRendition).create({ versionId: version.id, preset: preset.id, storageKey, mimeType, byteSize: body.length }));
    });
  }

  /** Rasterises at the density that makes the SVG exactly as wide as the preset, for crisp edges. */
  private async render(master: Buffer, version: Pick<BrandAssetVersion, 'mimeType' | 'width' | 'height'>, preset: RenditionPreset): Promise<Buffer> {
    const isSvg = version.mimeType === 'image/svg+xml';
    const intrinsicWidth = Math.max(version.width ?? 1, version.height ?? 1);
    const density = isSvg ? Math.min(10_000, Math.max(1, (72 * preset.width * 1.05) / intrinsicWidth)) : undefined;
    // A damaged master fails here instead of yielding grey pixels; sharp keeps no metadata in what it writes.
    let image = sharp(master, { density, limitInputPixels: 100_000_000, failOn: 'truncated' }).timeout({ seconds: MEDIA_LIMITS.processingTimeoutSeconds });
    image = preset.square
      ? image.resize({ width: preset.width, height: preset.width, fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      : image.resize({ width: preset.width });
    if (preset.background) image = image.flatten({ background: preset.background });
    if (preset.format === 'png') return image.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
    if (preset.format === 'jpeg') return image.jpeg({ quality: 92, mozjpeg: true }).toBuffer();
    return image.webp({ quality: 90, alphaQuality: 100 }).toBuffer();
  }

  listSwatches(): Promise<ColourSwatch[]> {
    return this.options.dataSource.getRepository(ColourSwatch).find({ order: { sortOrder: 'ASC', slug: 'ASC' } });
  }

  /** Adds or updates a swatch, then rebuilds the kits so their palette files and LISEZMOI follow. */
  async saveSwatch(swatch: Pick<ColourSwatch, 'slug' | 'name' | 'hex' | 'cmyk' | 'pantone' | 'sortOrder'>): Promise<void> {
    await this.options.dataSource.query(
      `INSERT INTO colour_swatch (slug, name, hex, cmyk, pantone, sort_order) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, hex = EXCLUDED.hex, cmyk = EXCLUDED.cmyk, pantone = EXCLUDED.pantone, sort_order = EXCLUDED.sort_order`,
      [swatch.slug, JSON.stringify(swatch.name), swatch.hex, swatch.cmyk, swatch.pantone, swatch.sortOrder],
    );
    await this.rebuildKits();
  }

  /** Asks for both kits to be rebuilt: a job when the server has a queue, at once otherwise. */
  async rebuildKits(): Promise<void> {
    if (this.options.kitBuilds) return this.options.kitBuilds.request();
    await buildKit(this, 'PUBLIC');
    await buildKit(this, 'PARTNER');
  }

  async paletteFile(format: 'css' | 'scss' | 'ase'): Promise<{ body: Buffer; contentType: string; fileName: string }> {
    const swatches = await this.listSwatches();
    if (format === 'ase') return { body: paletteAse(swatches), contentType: 'application/octet-stream', fileName: 'nfc_palette.ase' };
    if (format === 'scss') return { body: Buffer.from(paletteScss(swatches)), contentType: 'text/x-scss; charset=utf-8', fileName: 'nfc_palette.scss' };
    return { body: Buffer.from(paletteCss(swatches)), contentType: 'text/css; charset=utf-8', fileName: 'nfc_palette.css' };
  }

  currentCharter(): Promise<BrandCharter | null> {
    return this.options.dataSource.getRepository(BrandCharter).findOne({ where: {}, order: { version: 'DESC' } });
  }

  /** The latest prebuilt kit for the widest level the audience reaches (public or partner). */
  async latestKit(audience: Audience): Promise<BrandKit | null> {
    const access: BrandAccessLevel = audience.levels.includes('PARTNER') ? 'PARTNER' : 'PUBLIC';
    return this.options.dataSource.getRepository(BrandKit).findOne({ where: { access }, order: { version: 'DESC' } });
  }

  async openKit(kit: BrandKit): Promise<StoredObject> {
    const object = await this.options.storage.get(kit.storageKey);
    if (!object) throw new AppError('NOT_FOUND', 'The kit is being rebuilt; retry shortly.');
    return object;
  }

  async partnerProfile(organisationId: string): Promise<PartnerProfile | null> {
    return this.options.dataSource.getRepository(PartnerProfile).findOneBy({ organisationId });
  }

  get storage(): MediaStorage {
    return this.options.storage;
  }

  get dataSource(): DataSource {
    return this.options.dataSource;
  }
}
