import { Router } from 'express';
import type { AuthService } from '../auth/auth.service';
import { hasScope } from '../auth/viewer';
import { AppError } from '../common/errors';
import { consume, type RateLimits } from '../common/rate-limits';
import type { Logger } from '../logger';
import { readUpload, sendUploadError } from '../media/media.routes';
import { ImportService } from './import.service';
import type { DataSource } from 'typeorm';

export interface ImportRoutesOptions {
  dataSource: DataSource;
  auth: AuthService;
  rateLimits: RateLimits;
  logger: Logger;
}

/**
 * POST /imports/sources/<id>/file: the file a source is read from (an export the office
 * downloaded), multipart with one file, through the same body reader and cap as every upload.
 * It is text in the source's format, so it is kept as the source's content rather than as media;
 * it is read (and refused item by item) at each run. Another office's source looks missing.
 */
export function createImportRouter({ dataSource, auth, rateLimits, logger }: ImportRoutesOptions): Router {
  const router = Router();
  router.post('/imports/sources/:id/file', async (req, res) => {
    try {
      const viewer = await auth.authenticate(req.headers.authorization);
      if (!viewer) throw new AppError('UNAUTHENTICATED', 'Authentication required to send a file.');
      if (!hasScope(viewer, 'agenda:write')) throw new AppError('FORBIDDEN', 'Import sources need the scope agenda:write.');
      await consume(rateLimits.uploads, viewer.kind === 'API_KEY' ? viewer.apiKeyId : viewer.kind === 'USER' ? viewer.userId : 'operator');
      const service = new ImportService({ dataSource, viewer, allowPrivate: false });
      // The source first (out of reach: NOT_FOUND before a byte of the body is read).
      await service.get(String(req.params.id));
      const bytes = await readUpload(req);
      const fileName = typeof req.query.name === 'string' ? req.query.name.slice(0, 200) : null;
      const source = await service.attachFile(String(req.params.id), bytes, fileName);
      res.status(200).json({ id: source.id, fileName: source.fileName, byteSize: bytes.length });
    } catch (error) {
      sendUploadError(req, res, error, logger, 'import file');
    }
  });
  return router;
}
