import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { AuthService } from '../auth/auth.service';
import { AppError } from '../common/errors';
import { sendError } from '../common/http-errors';
import type { Logger } from '../logger';
import { readUpload, sendUploadError } from '../media/media.routes';
import type { BrandService, DownloadableFile } from './brand.service';
import { KIT_SLUG, LOCKUP_SLUG, PUBLIC_AUDIENCE, previewSlug, verifyDownloadToken, type Audience } from './download-token';
import type { LockupService } from './lockup.service';
import { LOCKUP_FORMATS, LOCKUP_GROUNDS, LOCKUP_LAYOUTS, type LockupFormat, type LockupGround, type LockupLayout } from '@nfc/shared';

export interface BrandRoutesOptions {
  brand: BrandService;
  /** Absent: no lockup route (a router built for the kit alone). */
  lockups?: LockupService;
  /** What a new version sets off (announce-version.ts), as GraphQL's publication does. */
  onVersionPublished?: (assetId: string, version: number) => Promise<void>;
  auth: AuthService;
  downloadSecret: string;
  logger: Logger;
}

/** RFC 6266 with an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The headers of a downloaded brand file. */
function fileHeaders(file: DownloadableFile, cacheControl: string): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.object.size),
    'Content-Disposition': contentDisposition(file.fileName),
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    // SVG masters included: nothing in a served file may run.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

const VERSIONED_RENDITION = /^\/brand\/assets\/([a-z0-9-]{1,80})\/v\/([1-9][0-9]{0,8})\/([a-z0-9-]{1,40})$/;

/**
 * Sends a public, versioned rendition that is already in memory straight from node:http, before
 * Express and its request log, with the security headers helmet would have set (given here): partners' sites embed the logo, and each of those
 * requests would otherwise spend most of its time in middleware. Returns false for anything
 * else (a query string, credentials, a partner's asset, a first request), which then takes the
 * full route. The download is counted the same way.
 */
export function createCachedRenditionFastPath(brand: BrandService, securityHeaders: Record<string, string>): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.authorization) return false;
    const match = VERSIONED_RENDITION.exec(req.url ?? '');
    if (!match || match[3] === 'master') return false;
    const [, slug, version, preset] = match;
    const file = brand.cachedPublicRendition(slug!, Number(version), preset!);
    if (!file) return false;
    // Sent once counted (download-counter.ts): the response goes out when the count is written.
    void brand.downloads.record({ assetId: file.asset.id, version: file.version, format: preset!, organisationId: PUBLIC_AUDIENCE.organisationId, partnerType: PUBLIC_AUDIENCE.partnerType }).then(() => {
      // The file's own headers win over the site-wide ones (its CSP, its cross-origin policy), as on the full route.
      res.writeHead(200, { ...securityHeaders, ...fileHeaders(file, 'public, max-age=31536000, immutable') });
      res.end(req.method === 'HEAD' ? undefined : file.object.bytes);
    });
    return true;
  };
}

/**
 * Brand files: every route applies the same access rules as GraphQL, from a signed
 * download token (?token=) or an Authorization header; otherwise the caller is public.
 */
export function createBrandRouter({ brand, lockups, onVersionPublished, auth, downloadSecret, logger }: BrandRoutesOptions): Router {
  const router = Router();

  /**
   * The caller's audience for one file (`target`: the asset's slug and version, or the kit's).
   * A signed link opens only the file it was signed for, and only while its organisation still
   * reaches that level; without one, the Authorization header decides, or the caller is public.
   */
  async function audienceOf(req: Request, target: { slug: string; version: number } | null): Promise<Audience> {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token) {
      const grant = verifyDownloadToken(token, downloadSecret);
      if (!grant || !target || grant.slug !== target.slug || grant.version !== target.version) {
        throw new AppError('UNAUTHENTICATED', 'This download link has expired or is for another file; reload the page for a fresh one.');
      }
      return brand.stillReached(grant.audience);
    }
    return req.headers.authorization ? brand.audienceOf(await auth.authenticate(req.headers.authorization)) : PUBLIC_AUDIENCE;
  }

  const fail = (res: Response, error: unknown) => sendError(res, error, logger, 'brand download');

  /** Counts a download before its file is sent (download-counter.ts: durable, grouped writes). */
  function record(audience: Audience, file: { assetId: string | null; version: number | null; format: string }): Promise<void> {
    // Counted without cookies or addresses: what was downloaded, and for partners, by which kind of partner.
    return brand.downloads.record({ ...file, organisationId: audience.organisationId, partnerType: audience.partnerType });
  }

  async function send(res: Response, file: DownloadableFile, cacheControl: string): Promise<void> {
    for (const [name, value] of Object.entries(fileHeaders(file, cacheControl))) res.setHeader(name, value);
    // A small rendition is usually in memory: one write, no stream to set up and tear down.
    if (file.object.bytes) res.end(file.object.bytes);
    else await pipeline(file.object.stream, res);
  }

  router.get('/brand/assets/:slug/latest/:preset', async (req, res) => {
    try {
      // CASE: signed links name one version, and a token never travels in a Location header.
      if (req.query.token !== undefined) throw new AppError('BAD_USER_INPUT', 'Signed links name a version: use the link the kit page gives.');
      const audience = await audienceOf(req, null);
      const asset = await brand.getAsset(req.params.slug!, audience);
      const version = await brand.getVersion(asset, 'latest');
      // The alias moves when a new version is published: cached briefly, unlike the versioned URLs.
      res.setHeader('Cache-Control', asset.access === 'PUBLIC' ? 'public, max-age=300' : 'private, max-age=300');
      res.redirect(302, `/brand/assets/${asset.slug}/v/${version.version}/${encodeURIComponent(req.params.preset!)}`);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/brand/assets/:slug/v/:version/:preset', async (req, res) => {
    try {
      const version = Number(req.params.version);
      if (!Number.isInteger(version) || version < 1) throw new AppError('BAD_USER_INPUT', 'The version must be a positive integer.');
      const audience = await audienceOf(req, { slug: req.params.slug!, version });
      const preset = req.params.preset!;
      const file = preset === 'master' ? await brand.master(req.params.slug!, version, audience) : await brand.rendition(req.params.slug!, version, preset, audience);
      await record(audience, { assetId: file.asset.id, version: file.version, format: preset });
      await send(res, file, `${file.asset.access === 'PUBLIC' ? 'public' : 'private'}, max-age=31536000, immutable`);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/brand/kit.zip', async (req, res) => {
    try {
      const token = typeof req.query.token === 'string' ? verifyDownloadToken(req.query.token, downloadSecret) : null;
      const audience = await audienceOf(req, token?.slug === KIT_SLUG ? { slug: KIT_SLUG, version: token.version } : null);
      const kit = await brand.latestKit(audience);
      if (!kit) throw new AppError('NOT_FOUND', 'No kit has been built yet.');
      // CASE: a kit link is signed for one kit; after a rebuild, the page gives a fresh one.
      if (token && kit.version !== token.version) throw new AppError('UNAUTHENTICATED', 'This download link has expired; reload the page for a fresh one.');
      // CASE: the organisation lost the level the link was signed for (a partner refused): no kit, not even the public one.
      if (token && audience.levels.length < token.audience.levels.length) throw new AppError('FORBIDDEN', 'This organisation no longer has access to the partner kit.');
      const object = await brand.openKit(kit);
      await record(audience, { assetId: null, version: kit.version, format: 'kit' });
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Length', String(object.size));
      res.setHeader('Content-Disposition', contentDisposition(`kit_nord_franche_comté_v${kit.version}.zip`));
      res.setHeader('Cache-Control', kit.access === 'PUBLIC' ? 'public, max-age=300' : 'private, max-age=300');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await pipeline(object.stream, res);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/brand/palette.:format', async (req, res) => {
    try {
      const format = req.params.format;
      if (format !== 'css' && format !== 'scss' && format !== 'ase') throw new AppError('NOT_FOUND', 'Palette formats: css, scss, ase.');
      const file = await brand.paletteFile(format);
      await record(PUBLIC_AUDIENCE, { assetId: null, version: null, format: `palette-${format}` });
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', contentDisposition(file.fileName));
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.body);
    } catch (error) {
      fail(res, error);
    }
  });

  /**
   * A rendition of an upload not yet published (previewBrandAssetVersion signs the link, for
   * the Pôle, 15 minutes): rendered as publication would render it, never stored, never cached.
   */
  router.get('/brand/previews/:uploadId/:preset', async (req, res) => {
    try {
      const uploadId = req.params.uploadId!;
      const grant = typeof req.query.token === 'string' ? verifyDownloadToken(req.query.token, downloadSecret) : null;
      if (!grant || grant.slug !== previewSlug(uploadId) || !grant.audience.levels.includes('INTERNAL')) {
        throw new AppError('UNAUTHENTICATED', 'This preview link has expired or is for another file; preview the upload again.');
      }
      const body = await brand.previewRendition(uploadId, req.params.preset!);
      const preset = req.params.preset!;
      res.setHeader('Content-Type', `image/${preset.startsWith('jpg') ? 'jpeg' : preset.startsWith('webp') ? 'webp' : 'png'}`);
      res.setHeader('Content-Length', String(body.length));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'");
      // The preview page is on the website's origin.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.end(body);
    } catch (error) {
      fail(res, error);
    }
  });

  /**
   * A partner's co-branded lockup (myPartnerLogo signs the links): the link names the partner
   * and its logo's version, and opens only while the partner is approved and bound by the
   * current charter. Drawn on request from the latest territory logo; private, never shared.
   */
  router.get('/brand/lockups/v/:version/:file', async (req, res) => {
    try {
      const match = /^([a-z]+)-([a-z]+)\.([a-z]+)$/.exec(req.params.file ?? '');
      const layout = match?.[1]?.toUpperCase() as LockupLayout | undefined;
      const ground = match?.[2]?.toUpperCase() as LockupGround | undefined;
      const format = match?.[3] as LockupFormat | undefined;
      if (!lockups || !layout || !ground || !format || !LOCKUP_LAYOUTS.includes(layout) || !LOCKUP_GROUNDS.includes(ground) || !LOCKUP_FORMATS.includes(format)) {
        throw new AppError('NOT_FOUND', 'No such lockup: horizontal or vertical, light or dark, png, svg or pdf.');
      }
      const version = Number(req.params.version);
      const grant = typeof req.query.token === 'string' ? verifyDownloadToken(req.query.token, downloadSecret) : null;
      if (!grant || grant.slug !== LOCKUP_SLUG || grant.version !== version || !grant.audience.organisationId) {
        throw new AppError('UNAUTHENTICATED', 'This download link has expired or is for another file; reload the page for a fresh one.');
      }
      const audience = await brand.stillReached(grant.audience);
      if (!audience.levels.includes('PARTNER')) throw new AppError('FORBIDDEN', 'This organisation no longer has access to partner files.');
      const file = await lockups.render(grant.audience.organisationId, version, layout, ground, format);
      // The partner area's previews (?apercu=1) are not downloads.
      if (req.query.apercu !== '1') await record(audience, { assetId: null, version, format: `lockup-${format}` });
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Length', String(file.bytes.length));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.end(file.bytes);
    } catch (error) {
      fail(res, error);
    }
  });

  /** A new version of an asset's master (Pôle): multipart, one file; the kits are rebuilt. */
  router.post('/brand/assets/:slug/versions', async (req, res) => {
    try {
      const viewer = await auth.authenticate(req.headers.authorization);
      if (!viewer) throw new AppError('UNAUTHENTICATED', 'Authentication required.');
      if (!viewer.scopes.includes('brand:write')) throw new AppError('FORBIDDEN', 'Requires the scope brand:write.');
      // The same body rules as /uploads: a declared length over the cap is refused unread.
      const bytes = await readUpload(req);
      const version = await brand.publishVersion({ slug: req.params.slug!, bytes, viewer });
      await brand.rebuildKits();
      // Partners who downloaded an earlier version, and the public's subscribers, are told as after GraphQL's publication.
      await onVersionPublished?.(version.assetId, version.version).catch((error: unknown) => logger.warn({ err: error }, 'new version not announced'));
      res.status(201).json({ slug: req.params.slug, version: version.version, mimeType: version.mimeType, byteSize: version.byteSize });
    } catch (error) {
      // A refused upload closes the connection after its answer, as /uploads does.
      sendUploadError(req, res, error, logger, 'brand version');
    }
  });

  return router;
}
