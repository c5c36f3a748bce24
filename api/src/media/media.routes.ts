import { pipeline } from 'node:stream/promises';
import { MEDIA_LIMITS, MEDIA_PURPOSES, UPLOADER_BY_PURPOSE, type MediaPurpose } from '@nfc/shared';
import busboy from 'busboy';
import type { Socket } from 'node:net';
import { Router, type Request, type Response } from 'express';
import type { AuthService } from '../auth/auth.service';
import { AppError } from '../common/errors';
import { httpStatusOf, sendError } from '../common/http-errors';
import { consume, type RateLimits } from '../common/rate-limits';
import type { Logger } from '../logger';
import { fileRejected } from './media-errors';
import { readContestPrincipal } from '../contest/contest-access';
import { CONTENT_TYPE_BY_FORMAT, FORMAT_BY_EXTENSION, type IngestOptions, type MediaService } from './media.service';

export interface MediaRoutesOptions {
  media: MediaService;
  auth: AuthService;
  rateLimits: RateLimits;
  logger: Logger;
  /** Verifies contest sessions: an entrant uploads photos and releases (PHOTO, PEOPLE_RELEASE) without an account. */
  contestSecret: string;
}

const VARIANT_FILE = /^([0-9a-f]{64})\.(avif|webp|jpg)$/;
/** Multipart overhead allowed above the file cap in Content-Length. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * Reads the one file of a multipart request into memory, refusing it as soon as it
 * passes the cap: the rest of the body is never read.
 */
export function readSingleFile(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: MEDIA_LIMITS.maxUploadBytes, fields: 0 } });
    } catch {
      reject(new AppError('BAD_USER_INPUT', 'Send the file as multipart/form-data, in a field named "file".', { reason: 'NO_FILE' }));
      return;
    }
    let received: Buffer | undefined;
    let failed = false;
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      reject(error);
    };
    parser.on('file', (field, stream) => {
      if (field !== 'file') {
        stream.resume();
        return fail(new AppError('BAD_USER_INPUT', 'The file must be sent in a field named "file".', { reason: 'NO_FILE' }));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(fileRejected('FILE_TOO_LARGE')));
      stream.on('end', () => {
        if (!failed) received = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => fail(new AppError('BAD_USER_INPUT', 'Send one file per request.', { reason: 'NO_FILE' })));
    parser.on('fieldsLimit', () => fail(new AppError('BAD_USER_INPUT', 'Send the file alone, without other fields.', { reason: 'NO_FILE' })));
    parser.on('error', () => fail(fileRejected('CORRUPT_FILE', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (failed) return;
      if (received) resolve(received);
      else fail(fileRejected('NO_FILE'));
    });
    req.pipe(parser);
  });
}

/**
 * The body of an upload route, whatever the route: a declared length over the cap is refused
 * before a byte is read; otherwise the one file is streamed in and refused as soon as it
 * passes the cap.
 */
export async function readUpload(req: Request): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MEDIA_LIMITS.maxUploadBytes + MULTIPART_SLACK) throw fileRejected('FILE_TOO_LARGE');
  return readSingleFile(req);
}

/**
 * After refusing an upload, how long and how much the server keeps reading and discarding, at
 * most: enough for what a client has in flight when the answer reaches it, not the whole body.
 */
const LINGER_MS = 10_000;
const LINGER_BYTES = 4 * 1024 * 1024;

/**
 * Ends the connection after this answer, cleanly. Node ends a `Connection: close` answer with
 * `socket.destroySoon()`: the socket closes as soon as the answer is written, and the bytes the
 * client is still sending then meet a closed socket, which the kernel answers with a reset;
 * the client may lose the answer before reading it (ECONNRESET). Instead, the server
 * half-closes (FIN after the answer) and reads and discards what still arrives, until the
 * client closes its side, LINGER_BYTES have been discarded, or LINGER_MS passes.
 */
export function closeAfterAnswer(req: Request, res: Response): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket as Socket;
  socket.destroySoon = function lingerThenDestroy(this: Socket): void {
    if (this.destroyed) return;
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    let discarded = 0;
    const count = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) this.destroy();
    };
    this.on('data', count);
    this.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
    req.resume();
    this.resume();
    // node:http pauses an unread request's socket at the handle (readStop), which resume() does
    // not undo once the response is detached: restart it as node:http's own onSocketResume does,
    // so the rest of the body is read and discarded (the parser has no request left to give it to).
    const handle = (this as Socket & { _handle?: { reading?: boolean; readStart?: () => number } | null })._handle;
    if (handle && !handle.reading && typeof handle.readStart === 'function') {
      handle.reading = true;
      handle.readStart();
    }
  };
}

/** The error answer of an upload route: a refusal that leaves body unread closes the connection after it. */
export function sendUploadError(req: Request, res: Response, error: unknown, logger: Logger, what: string): void {
  if ((error instanceof AppError && httpStatusOf(error) === 413) || !req.complete) closeAfterAnswer(req, res);
  sendError(res, error, logger, what);
}

/** Upload (POST /uploads) and public variants (GET /media/<sha256>.<ext>). */
export function createMediaRouter({ media, auth, rateLimits, logger, contestSecret }: MediaRoutesOptions): Router {
  const router = Router();

  router.post('/uploads', async (req, res) => {
    try {
      const purpose = String(req.query.purpose ?? 'EVENT_IMAGE') as MediaPurpose;
      if (!MEDIA_PURPOSES.includes(purpose)) throw new AppError('BAD_USER_INPUT', `purpose must be one of ${MEDIA_PURPOSES.join(', ')}.`, { fields: [{ field: 'purpose', message: 'Unknown purpose.' }] });
      const entrant = readContestPrincipal(req.headers.authorization, contestSecret);
      if (entrant && (entrant.role !== 'ENTRANT' || UPLOADER_BY_PURPOSE[purpose] !== 'contest entrant')) throw new AppError('FORBIDDEN', 'A contest session uploads contest photos and people releases only (purpose=PHOTO or PEOPLE_RELEASE).');
      const viewer: IngestOptions['viewer'] | null = entrant ? { kind: 'ENTRANT', entrantId: entrant.id } : await auth.authenticate(req.headers.authorization);
      if (!viewer) throw new AppError('UNAUTHENTICATED', 'Authentication required to upload.');
      await consume(rateLimits.uploads, viewer.kind === 'API_KEY' ? viewer.apiKeyId : viewer.kind === 'USER' ? viewer.userId : viewer.kind === 'ENTRANT' ? viewer.entrantId : 'operator');
      // CASE: a declared length over the cap is refused before a byte of the body is read.
      const bytes = await readUpload(req);
      const item = await media.ingest({ bytes, purpose, viewer });
      const variants = await media.variantsOf([item.id]);
      res.status(201).json({
        id: item.id,
        purpose: item.purpose,
        mimeType: item.mimeType,
        byteSize: item.byteSize,
        width: item.width,
        height: item.height,
        variants: variants.map((v) => ({ format: v.format, width: v.width, height: v.height, byteSize: v.byteSize })),
      });
    } catch (error) {
      // Stop the upload here: answer, then close the connection rather than read the rest.
      sendUploadError(req, res, error, logger, 'upload');
    }
  });

  router.get('/media/:file', async (req, res) => {
    const match = VARIANT_FILE.exec(req.params.file ?? '');
    const format = match ? FORMAT_BY_EXTENSION[match[2]!] : undefined;
    const object = match && format ? await media.openPublicVariant(match[1]!, format) : null;
    if (!object || !format) return sendError(res, new AppError('NOT_FOUND', 'No such file.'), logger, 'media');
    const etag = `"${match![1]}"`;
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    // Partners' sites embed these images.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.headers['if-none-match'] === etag) {
      object.stream.destroy();
      return res.status(304).end();
    }
    res.setHeader('Content-Type', CONTENT_TYPE_BY_FORMAT[format]);
    res.setHeader('Content-Length', String(object.size));
    await pipeline(object.stream, res).catch((error: unknown) => {
      // A browser that leaves the page mid-picture closes the stream: routine, not a warning.
      const gone = res.destroyed || (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (gone) logger.debug('variant stream closed by the client');
      else logger.warn({ err: error }, 'variant stream interrupted');
    });
  });

  return router;
}
