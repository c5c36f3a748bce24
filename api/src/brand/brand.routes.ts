import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { AuthService } from '../auth/auth.service';
import { AppError } from '../common/errors';
import { sendError } from '../common/http-errors';
import type { Logger } from '../logger';
import { readSingleFile } from '../media/media.routes';
import type { BrandService, DownloadableFile } from './brand.service';
import { buildKit } from './build-kit';
import { PUBLIC_AUDIENCE, verifyDownloadToken, type Audience } from './download-token';

export interface BrandRoutesOptions {
  brand: BrandService;
  auth: AuthService;
  downloadSecret: string;
  logger: Logger;
}

/** RFC 6266 with an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Brand files: every route applies the same access rules as GraphQL, from a signed
 * download token (?token=) or an Authorization header; otherwise the caller is public.
 */
export function createBrandRouter({ brand, auth, downloadSecret, logger }: BrandRoutesOptions): Router {
  const router = Router();

  async function audienceOf(req: Request): Promise<Audience> {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token) {
      const audience = verifyDownloadToken(token, downloadSecret);
      if (!audience) throw new AppError('UNAUTHENTICATED', 'This download link has expired; reload the page for a fresh one.');
      return audience;
    }
    return req.headers.authorization ? brand.audienceOf(await auth.authenticate(req.headers.authorization)) : PUBLIC_AUDIENCE;
  }

  const fail = (res: Response, error: unknown) => sendError(res, error, logger, 'brand download');

  function record(audience: Audience, file: { assetId: string | null; version: number | null; format: string }): void {
    // Counted without cookies or addresses: what was downloaded, and for partners, by which kind of partner.
    brand.downloads.record({ ...file, organisationId: audience.organisationId, partnerType: audience.partnerType });
  }

  async function send(res: Response, file: DownloadableFile, cacheControl: string): Promise<void> {
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.object.size));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // SVG masters included: nothing in a served file may run.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    await pipeline(file.object.stream, res);
  }

  router.get('/brand/assets/:slug/latest/:preset', async (req, res) => {
    try {
      const audience = await audienceOf(req);
      const asset = await brand.getAsset(req.params.slug!, audience);
      const version = await brand.getVersion(asset, 'latest');
      const query = typeof req.query.token === 'string' ? `?token=${encodeURIComponent(req.query.token)}` : '';
      // The alias moves when a new version is published: cached briefly, unlike the versioned URLs.
      res.setHeader('Cache-Control', asset.access === 'PUBLIC' ? 'public, max-age=300' : 'private, max-age=300');
      res.redirect(302, `/brand/assets/${asset.slug}/v/${version.version}/${encodeURIComponent(req.params.preset!)}${query}`);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/brand/assets/:slug/v/:version/:preset', async (req, res) => {
    try {
      const version = Number(req.params.version);
      if (!Number.isInteger(version) || version < 1) throw new AppError('BAD_USER_INPUT', 'The version must be a positive integer.');
      const audience = await audienceOf(req);
      const preset = req.params.preset!;
      const file = preset === 'master' ? await brand.master(req.params.slug!, version, audience) : await brand.rendition(req.params.slug!, version, preset, audience);
      record(audience, { assetId: file.asset.id, version: file.version, format: preset });
      await send(res, file, `${file.asset.access === 'PUBLIC' ? 'public' : 'private'}, max-age=31536000, immutable`);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/brand/kit.zip', async (req, res) => {
    try {
      const audience = await audienceOf(req);
      const kit = await brand.latestKit(audience);
      if (!kit) throw new AppError('NOT_FOUND', 'No kit has been built yet.');
      const object = await brand.openKit(kit);
      record(audience, { assetId: null, version: kit.version, format: 'kit' });
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
      record(PUBLIC_AUDIENCE, { assetId: null, version: null, format: `palette-${format}` });
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', contentDisposition(file.fileName));
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.body);
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
      const bytes = await readSingleFile(req);
      const version = await brand.publishVersion({ slug: req.params.slug!, bytes, viewer });
      await buildKit(brand, 'PUBLIC');
      await buildKit(brand, 'PARTNER');
      res.status(201).json({ slug: req.params.slug, version: version.version, mimeType: version.mimeType, byteSize: version.byteSize });
    } catch (error) {
      fail(res, error);
    }
  });

  return router;
}
