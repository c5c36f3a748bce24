import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { AppError } from '../common/errors';
import { sendError } from '../common/http-errors';
import type { Logger } from '../logger';
import { CONTENT_TYPE_BY_FORMAT, FORMAT_BY_EXTENSION, variantKey } from '../media/media.service';
import type { MediaStorage } from '../media/storage/media-storage';
import { previewSignatureValid } from './contest-access';

export interface ContestRoutesOptions {
  storage: MediaStorage;
  secret: string;
  logger: Logger;
}

const VARIANT_FILE = /^([0-9a-f]{64})\.(avif|webp|jpg)$/;

/**
 * GET /media/private/<sha256>.<ext>?expires=…&signature=… — a variant of a photo that is
 * not public (yet), for the moderators, jurors or entrant the API signed the link for.
 * Variants carry no EXIF; the link expires within two hours and is never cached publicly.
 */
export function createContestRouter({ storage, secret, logger }: ContestRoutesOptions): Router {
  const router = Router();
  router.get('/media/private/:file', async (req, res) => {
    const file = req.params.file ?? '';
    const match = VARIANT_FILE.exec(file);
    const format = match ? FORMAT_BY_EXTENSION[match[2]!] : undefined;
    const valid = match && format && previewSignatureValid(file, String(req.query.expires ?? ''), String(req.query.signature ?? ''), secret);
    if (!valid) return sendError(res, new AppError('FORBIDDEN', 'This preview link is invalid or has expired.'), logger, 'preview');
    const object = await storage.get(variantKey(match[1]!, format));
    if (!object) return sendError(res, new AppError('NOT_FOUND', 'No such file.'), logger, 'preview');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Type', CONTENT_TYPE_BY_FORMAT[format]);
    res.setHeader('Content-Length', String(object.size));
    await pipeline(object.stream, res).catch((error: unknown) => logger.warn({ err: error }, 'preview stream interrupted'));
  });
  return router;
}
