import { LOCKUP_FILE_WORDS, LOCKUP_FORMATS, LOCKUP_GROUNDS, LOCKUP_LAYOUTS, LOCKUP_RULES, type LockupFormat, type LockupGround, type LockupLayout } from '@nfc/shared';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { AppError, assertUuid, conflict, forbidden, notFound } from '../common/errors';
import type { Logger } from '../logger';
import { intake } from '../media/intake';
import type { MediaService } from '../media/media.service';
import { readStream, type MediaStorage } from '../media/storage/media-storage';
import { slugify } from '../organisations/slugify';
import type { BrandService } from './brand.service';
import { PartnerLogo } from './brand.entities';
import { lockupGeometry, lockupMinimumWidth, renderLockup, type RenderedLockup } from './lockup';

export interface LockupServiceOptions {
  dataSource: DataSource;
  storage: MediaStorage;
  brand: BrandService;
  media: MediaService;
  logger: Logger;
}

/** The partner's logo and what its lockups will be, for the partner area. */
export interface PartnerLogoView {
  version: number;
  mimeType: string;
  width: number | null;
  height: number | null;
  uploadedAt: Date;
  lockups: Array<{ layout: LockupLayout; ground: LockupGround; format: LockupFormat; fileName: string; minimumWidthPx: number; minimumWidthMm: number }>;
}

/** Which territory logo each lockup uses: the colour one on light grounds, the white one on the slate. */
const TERRITORY_LOGO: Record<LockupLayout, Record<LockupGround, { layout: LockupLayout; colourway: 'COLOUR' | 'WHITE' }>> = {
  HORIZONTAL: { LIGHT: { layout: 'HORIZONTAL', colourway: 'COLOUR' }, DARK: { layout: 'HORIZONTAL', colourway: 'WHITE' } },
  VERTICAL: { LIGHT: { layout: 'VERTICAL', colourway: 'COLOUR' }, DARK: { layout: 'VERTICAL', colourway: 'WHITE' } },
};

/** What an approved partner uploads for its lockups (the intake judges the bytes). */
const PARTNER_LOGO_TYPES = ['image/svg+xml', 'image/png', 'image/webp', 'image/jpeg'];

/**
 * Co-branded lockups (issue 18, kit ★): an approved partner bound by the current charter
 * gives its logo once, through the upload intake (purpose PARTNER_LOGO), and downloads its
 * logo beside the territory's, horizontal and vertical, for light and dark grounds, as PNG,
 * SVG and PDF. Lockups are drawn on request from the latest territory logos, so a new version
 * of the territory logo shows in every partner's next download; nothing is stored but the
 * partner's logo.
 */
export class LockupService {
  /**
   * Lockups drawn lately, by partner logo version, territory logo version and file: the partner
   * area shows four previews on every visit, and drawing one costs librsvg and sharp a few hundred
   * milliseconds. A new version of either logo is a new key; at most 64 MB, ten minutes.
   */
  private readonly drawn = new LRUCache<string, RenderedLockup & { fileName: string }>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (file) => file.bytes.length, ttl: 10 * 60 * 1000 });

  constructor(private readonly options: LockupServiceOptions) {}

  /** The organisation a viewer acts for, if it is an approved partner bound by the current charter; FORBIDDEN otherwise. */
  private async approvedPartner(viewer: Viewer | null): Promise<{ organisationId: string; name: string }> {
    if (!viewer || viewer.kind !== 'USER') throw forbidden('Lockups are for approved partners, signed in.');
    const audience = await this.options.brand.audienceOf(viewer);
    if (viewer.organisationKind !== 'PARTNER' || !audience.levels.includes('PARTNER')) {
      throw forbidden('Lockups are for approved partners bound by the current charter: accept it first if a new one is in force.');
    }
    const [row] = await this.options.dataSource.query(`SELECT name FROM organisation WHERE id = $1`, [viewer.organisationId]);
    return { organisationId: viewer.organisationId, name: row?.name ?? '' };
  }

  /** The partner's logo and its lockups' names and minimum sizes; null before any logo is given. */
  async view(viewer: Viewer | null): Promise<PartnerLogoView | null> {
    const partner = await this.approvedPartner(viewer);
    const [row]: Array<{ version: number; created_at: Date; mime_type: string; width: number | null; height: number | null }> = await this.options.dataSource.query(
      `SELECT l.version, l.created_at, m.mime_type, m.width, m.height FROM partner_logo l JOIN media_item m ON m.id = l.media_id WHERE l.organisation_id = $1`,
      [partner.organisationId],
    );
    if (!row) return null;
    const aspect = row.width && row.height ? row.width / row.height : 1;
    const territory = await this.territorySizes();
    return {
      version: row.version,
      mimeType: row.mime_type,
      width: row.width,
      height: row.height,
      uploadedAt: row.created_at,
      lockups: LOCKUP_LAYOUTS.flatMap((layout) =>
        LOCKUP_GROUNDS.flatMap((ground) => {
          const size = territory.get(`${layout}:${TERRITORY_LOGO[layout][ground].colourway}`);
          const minimum = size ? lockupMinimumWidth(lockupGeometry(layout, ground, size, aspect)) : { px: 0, mm: 0 };
          return LOCKUP_FORMATS.map((format) => ({ layout, ground, format, fileName: lockupFileName(partner.name, layout, ground, format, row.version), minimumWidthPx: minimum.px, minimumWidthMm: minimum.mm }));
        }),
      ),
    };
  }

  /**
   * Makes an upload (purpose PARTNER_LOGO, the viewer's organisation's) the partner's logo,
   * replacing the previous one: the new one is held and the old one released in one
   * transaction, the old file deleted after it (or by the sweeper if that fails). A raster
   * logo too small to print well is refused (BAD_USER_INPUT, reason LOGO_TOO_SMALL) and its
   * upload discarded: nothing is left behind.
   */
  async attach(uploadId: string, viewer: Viewer | null): Promise<PartnerLogoView> {
    assertUuid(uploadId, 'uploadId');
    const partner = await this.approvedPartner(viewer);
    const { item, bytes } = await this.options.media.readOriginal(uploadId, viewer!);
    if (item.purpose !== 'PARTNER_LOGO' || item.attachedAt) throw notFound('Upload', uploadId);
    const file = await intake(bytes, { accept: PARTNER_LOGO_TYPES });
    if (file.kind === 'RASTER' && Math.max(file.width ?? 0, file.height ?? 0) < LOCKUP_RULES.minimumPartnerLogoPx) {
      await this.options.media.discardUnattached(uploadId);
      throw new AppError('BAD_USER_INPUT', `The logo is too small to print well: give one at least ${LOCKUP_RULES.minimumPartnerLogoPx} px on its longer side, or an SVG.`, { reason: 'LOGO_TOO_SMALL', fields: [{ field: 'uploadId', message: 'Too small.' }] });
    }
    const previous = await this.options.dataSource.transaction(async (db) => {
      // One logo change at a time per partner (two tabs' first logos would otherwise both insert).
      await db.query(`SELECT 1 FROM organisation WHERE id = $1 FOR NO KEY UPDATE`, [partner.organisationId]);
      // CASE: attached meanwhile (a second click): the first one won.
      const [, held]: [unknown, number] = await db.query(`UPDATE media_item SET attached_at = now() WHERE id = $1 AND attached_at IS NULL`, [uploadId]);
      if (!held) throw conflict('This upload is already attached.');
      const [old]: Array<{ media_id: string; version: number }> = await db.query(`SELECT media_id, version FROM partner_logo WHERE organisation_id = $1 FOR UPDATE`, [partner.organisationId]);
      if (old) {
        await db.query(`UPDATE partner_logo SET media_id = $2, version = version + 1, created_at = now() WHERE organisation_id = $1`, [partner.organisationId, uploadId]);
        await db.query(`UPDATE media_item SET attached_at = NULL WHERE id = $1`, [old.media_id]);
      } else {
        await db.getRepository(PartnerLogo).insert({ organisationId: partner.organisationId, mediaId: uploadId, version: 1 });
      }
      return old?.media_id ?? null;
    });
    if (previous) {
      await this.options.media.discardUnattached(previous).catch((error: unknown) => this.options.logger.warn({ err: error }, 'previous partner logo left for the sweeper'));
    }
    return (await this.view(viewer))!;
  }

  /** Removes the partner's logo (and its file): its lockups are gone with it. */
  async remove(viewer: Viewer | null): Promise<boolean> {
    const partner = await this.approvedPartner(viewer);
    const mediaId = await this.options.dataSource.transaction(async (db) => {
      await db.query(`SELECT 1 FROM organisation WHERE id = $1 FOR NO KEY UPDATE`, [partner.organisationId]);
      const [rows]: [Array<{ media_id: string }>, number] = await db.query(`DELETE FROM partner_logo WHERE organisation_id = $1 RETURNING media_id`, [partner.organisationId]);
      const id = rows[0]?.media_id;
      if (id) await db.query(`UPDATE media_item SET attached_at = NULL WHERE id = $1`, [id]);
      return id ?? null;
    });
    if (!mediaId) return false;
    await this.options.media.discardUnattached(mediaId).catch((error: unknown) => this.options.logger.warn({ err: error }, 'removed partner logo left for the sweeper'));
    return true;
  }

  /**
   * One lockup of an organisation's logo at the version a signed link names (an older
   * version's link opens nothing: the logo it was drawn from is gone). The caller has checked
   * that the organisation still reaches the partner level.
   */
  async render(organisationId: string, logoVersion: number, layout: LockupLayout, ground: LockupGround, format: LockupFormat): Promise<RenderedLockup & { fileName: string }> {
    const [row]: Array<{ name: string; media_id: string; version: number; original_key: string; mime_type: string; width: number | null; height: number | null }> = await this.options.dataSource.query(
      `SELECT o.name, l.media_id, l.version, m.original_key, m.mime_type, m.width, m.height
       FROM partner_logo l JOIN organisation o ON o.id = l.organisation_id JOIN media_item m ON m.id = l.media_id
       WHERE l.organisation_id = $1 AND l.version = $2`,
      [organisationId, logoVersion],
    );
    if (!row || !row.width || !row.height) throw notFound('Lockup', `${layout}-${ground}`);
    const territory = await this.territoryMaster(TERRITORY_LOGO[layout][ground]);
    const key = `${row.media_id}:${territory.key}:${layout}:${ground}:${format}:${row.name}`;
    const hit = this.drawn.get(key);
    if (hit) return hit;
    const object = await this.options.storage.get(row.original_key);
    if (!object) throw notFound('File', row.media_id);
    const rendered = await renderLockup(
      { layout, ground, territory, partner: { bytes: await readStream(object.stream), mimeType: row.mime_type, width: row.width, height: row.height }, partnerName: row.name },
      format,
    );
    const file = { ...rendered, fileName: lockupFileName(row.name, layout, ground, format, row.version) };
    this.drawn.set(key, file);
    return file;
  }

  /** The latest master of the territory logo a lockup needs (partner level: lockups are a partner's). */
  private async territoryMaster(which: { layout: LockupLayout; colourway: 'COLOUR' | 'WHITE' }): Promise<{ key: string; bytes: Buffer; mimeType: string; width: number; height: number }> {
    const [asset] = await this.options.dataSource.query(
      `SELECT a.slug FROM brand_asset a WHERE a.kind = 'LOGO' AND a.layout = $1 AND a.colourway = $2 AND a.access IN ('PUBLIC', 'PARTNER') ORDER BY a.sort_order, a.slug LIMIT 1`,
      [which.layout, which.colourway],
    );
    if (!asset) throw notFound('Territory logo', `${which.layout} ${which.colourway}`);
    const master = await this.options.brand.master(asset.slug, 'latest', { levels: ['PUBLIC', 'PARTNER'], organisationId: null, partnerType: null });
    const version = await this.options.brand.getVersion(master.asset, master.version);
    if (!version.width || !version.height || !/svg|png|webp|jpeg/.test(version.mimeType)) throw notFound('Territory logo', asset.slug);
    return { key: version.id, bytes: await readStream(master.object.stream), mimeType: version.mimeType, width: version.width, height: version.height };
  }

  /** The size of each territory logo's latest version, keyed "LAYOUT:COLOURWAY": one statement. */
  private async territorySizes(): Promise<Map<string, { width: number; height: number }>> {
    const rows: Array<{ layout: LockupLayout; colourway: string; width: number | null; height: number | null }> = await this.options.dataSource.query(
      `SELECT DISTINCT ON (a.layout, a.colourway) a.layout, a.colourway, v.width, v.height
       FROM brand_asset a JOIN brand_asset_version v ON v.asset_id = a.id
       WHERE a.kind = 'LOGO' AND a.access IN ('PUBLIC', 'PARTNER') AND a.layout IS NOT NULL
       ORDER BY a.layout, a.colourway, a.sort_order, a.slug, v.version DESC`,
    );
    return new Map(rows.filter((r) => r.width && r.height).map((r) => [`${r.layout}:${r.colourway}`, { width: r.width!, height: r.height! }]));
  }
}

/** nfc_<partner>_horizontal_clair_v2.png: the partner's name and the logo version in the name. */
export function lockupFileName(partnerName: string, layout: LockupLayout, ground: LockupGround, format: LockupFormat, version: number): string {
  const partner = slugify(partnerName).replace(/-/g, '_').slice(0, 40) || 'partenaire';
  return `nfc_${partner}_${LOCKUP_FILE_WORDS[layout]}_${LOCKUP_FILE_WORDS[ground]}_v${version}.${format}`;
}
