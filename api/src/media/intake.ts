import { MEDIA_LIMITS, RASTER_IMAGE_TYPES } from '@nfc/shared';
import { AppError } from '../common/errors';
import { checkSvg } from '../brand/check-svg';
import { getSharp, SHARP_FORMAT_BY_MIME } from './get-sharp';
import { imageEnd } from './image-end';
import { fileRejected, reasonFromSharpError } from './media-errors';

/**
 * The one door every file comes through, whatever the route (`POST /uploads`, a new logo
 * version, a master attached from an upload): the type is read from the bytes and must be
 * one the caller accepts; a file that stops before its own end is refused; whatever follows
 * that end (a polyglot payload, a camera trailer) is cut off; and, for a raster that will be
 * served as it is (a brand master), every metadata segment is removed without touching a
 * pixel. What comes out is the only version of the bytes anything may store.
 */
export interface IntakeFile {
  kind: 'RASTER' | 'SVG' | 'PRINT';
  /** Detected from the bytes, e.g. "image/png", "image/svg+xml", "application/pdf". */
  mimeType: string;
  /** The bytes to keep: trailing data cut off, metadata stripped when asked. */
  bytes: Buffer;
  /** Intrinsic size (rasters: pixels; SVG: CSS pixels of the viewBox); null for print files. */
  width: number | null;
  height: number | null;
}

export interface IntakeOptions {
  /** The types this route takes ("image/svg+xml" for SVG, "application/pdf", …). */
  accept: readonly string[];
  /**
   * Remove EXIF, XMP, IPTC, ICC profiles and comments from a JPEG or PNG, losslessly. For
   * files served as they are; private originals keep theirs (the contest reads capture date
   * and GPS from them), and their web variants are re-encoded from pixels anyway.
   */
  stripMetadata?: boolean;
}

const SVG = 'image/svg+xml';
const PRINT_TYPES = new Set(['application/pdf', 'application/postscript', 'application/eps']);

/** Detects the type from the first bytes: the name and the declared type are never trusted. */
export async function detectMimeType(bytes: Buffer): Promise<string | undefined> {
  // file-type is ESM-only; the native import() loads it from CommonJS.
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(bytes))?.mime;
}

export async function intake(input: Buffer, { accept, stripMetadata = false }: IntakeOptions): Promise<IntakeFile> {
  if (input.length === 0) throw fileRejected('NO_FILE');
  if (input.length > MEDIA_LIMITS.maxUploadBytes) throw fileRejected('FILE_TOO_LARGE');
  const detected = await detectMimeType(input);
  // file-type reports no type (or generic XML) for SVG: the SVG checker decides.
  const mimeType = !detected || detected === 'application/xml' ? SVG : detected === 'application/eps' ? 'application/postscript' : detected;
  const accepted = accept.includes(mimeType) || (mimeType === 'application/postscript' && accept.includes('application/eps'));
  if (!accepted) throw fileRejected('UNSUPPORTED_TYPE', detected ? `(${detected})` : undefined);

  if (mimeType === SVG) {
    const bytes = svgEnd(input);
    const svg = checkSvg(bytes);
    return { kind: 'SVG', mimeType, bytes, width: svg.width, height: svg.height };
  }
  if (PRINT_TYPES.has(mimeType)) {
    const end = mimeType === 'application/pdf' ? pdfEnd(input) : epsEnd(input);
    if (end === null) throw fileRejected('CORRUPT_FILE', mimeType === 'application/pdf' ? '(not a complete PDF)' : '(not a complete EPS file)');
    return { kind: 'PRINT', mimeType, bytes: end === input.length ? input : Buffer.from(input.subarray(0, end)), width: null, height: null };
  }
  if (!(RASTER_IMAGE_TYPES as readonly string[]).includes(mimeType)) throw fileRejected('UNSUPPORTED_TYPE', `(${mimeType})`);

  const end = imageEnd(input, mimeType);
  if (end === null) throw fileRejected('CORRUPT_FILE');
  let bytes = end === input.length ? input : Buffer.from(input.subarray(0, end));
  if (stripMetadata) bytes = stripRasterMetadata(bytes, mimeType);
  try {
    const metadata = await getSharp(bytes).metadata();
    if (metadata.format !== SHARP_FORMAT_BY_MIME[mimeType]) throw fileRejected('TYPE_MISMATCH');
    if (!metadata.width || !metadata.height) throw fileRejected('CORRUPT_FILE');
    if (metadata.width * metadata.height > MEDIA_LIMITS.maxPixels) throw fileRejected('TOO_MANY_PIXELS');
    const upright = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
    return { kind: 'RASTER', mimeType, bytes, width: upright.width, height: upright.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileRejected(reasonFromSharpError(error));
  }
}

/** An SVG ends with its root element: anything after the last </svg> is not part of it. */
function svgEnd(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const close = /<\/svg\s*>/gi;
  let end = -1;
  for (let match = close.exec(text); match; match = close.exec(text)) end = match.index + match[0].length;
  if (end < 0 || !/\S/.test(text.slice(end))) return bytes;
  return Buffer.from(bytes.subarray(0, end));
}

/**
 * A PDF is read from its end: a header, then `startxref <offset>` and `%%EOF`, with the
 * cross-reference section (or stream) at that offset. A file cut short has no such end and
 * cannot be opened; bytes after the last `%%EOF` are not part of the document.
 */
export function pdfEnd(bytes: Buffer): number | null {
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return null;
  const text = bytes.toString('latin1');
  const eof = text.lastIndexOf('%%EOF');
  if (eof < 0) return null;
  let end = eof + 5;
  if (text[end] === '\r') end += 1;
  if (text[end] === '\n') end += 1;
  const start = text.lastIndexOf('startxref', eof);
  const match = start < 0 ? null : /^startxref\s+(\d+)\s*$/.exec(text.slice(start, eof));
  if (!match) return null;
  const offset = Number(match[1]);
  if (offset <= 0 || offset >= start) return null;
  if (!/^\s*(?:xref\b|\d+\s+\d+\s+obj\b)/.test(text.slice(offset, offset + 64))) return null;
  if (!/\/Root\s+\d+\s+\d+\s+R/.test(text)) return null;
  return end;
}

/**
 * EPS: a DSC header with a bounding box and an `%%EOF` end, or the DOS binary wrapper whose
 * table says where each part lies (all of them inside the file).
 */
export function epsEnd(bytes: Buffer): number | null {
  if (bytes.length >= 30 && bytes.readUInt32BE(0) === 0xc5d0d3c6) {
    const [psStart, psLength, wmfStart, wmfLength, tiffStart, tiffLength] = [4, 8, 12, 16, 20, 24].map((at) => bytes.readUInt32LE(at)) as [number, number, number, number, number, number];
    let end = psStart + psLength;
    if (psStart < 30 || !psLength || end > bytes.length) return null;
    for (const [start, length] of [[wmfStart, wmfLength], [tiffStart, tiffLength]] as const) {
      if (!length) continue;
      if (start < 30 || start + length > bytes.length) return null;
      end = Math.max(end, start + length);
    }
    const postscript = bytes.subarray(psStart, psStart + psLength);
    return epsEnd(Buffer.from(postscript)) === null ? null : end;
  }
  const text = bytes.toString('latin1');
  if (!text.startsWith('%!PS-Adobe-')) return null;
  if (!/^%%BoundingBox:\s*-?\d+(?:\.\d+)?\s+-?\d+(?:\.\d+)?\s+-?\d+(?:\.\d+)?\s+-?\d+(?:\.\d+)?\s*$/m.test(text.slice(0, 64 * 1024))) return null;
  const eof = text.lastIndexOf('%%EOF');
  if (eof < 0) return null;
  let end = eof + 5;
  if (text[end] === '\r') end += 1;
  if (text[end] === '\n') end += 1;
  return end;
}

/** JPEG segments kept: JFIF (APP0) and Adobe (APP14, colour transform); every other APPn and COM goes. */
function keepJpegSegment(marker: number, bytes: Buffer, at: number): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker >= 0xe0 && marker <= 0xef) {
    const id = bytes.subarray(at + 4, at + 9).toString('latin1');
    return (marker === 0xe0 && id === 'JFIF\0') || (marker === 0xee && id.startsWith('Adobe'));
  }
  return true;
}

/** PNG chunks kept: the image and how to show it; text, EXIF, ICC, time and private chunks go. */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT']);

/**
 * Removes metadata from a JPEG or PNG by dropping whole segments or chunks: no pixel is
 * re-encoded, so a logo master stays exactly as drawn. The input ends at its image's end.
 */
export function stripRasterMetadata(bytes: Buffer, mimeType: string): Buffer {
  if (mimeType === 'image/png') {
    const parts: Buffer[] = [bytes.subarray(0, 8)];
    let at = 8;
    while (at + 12 <= bytes.length) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.subarray(at + 4, at + 8).toString('latin1');
      const next = at + 12 + length;
      if (PNG_KEPT.has(type)) parts.push(bytes.subarray(at, next));
      at = next;
      if (type === 'IEND') break;
    }
    return Buffer.concat(parts);
  }
  if (mimeType === 'image/jpeg') {
    const parts: Buffer[] = [bytes.subarray(0, 2)];
    let at = 2;
    while (at < bytes.length) {
      const start = at;
      while (bytes[at] === 0xff && bytes[at + 1] === 0xff) at += 1; // fill bytes
      const marker = bytes[at + 1]!;
      if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        parts.push(bytes.subarray(start, at + 2));
        at += 2;
        if (marker === 0xd9) break;
        continue;
      }
      let next = at + 2 + bytes.readUInt16BE(at + 2);
      if (marker === 0xda) {
        // The scan runs to the next marker that is not a stuffed byte or a restart.
        while (next + 1 < bytes.length && !(bytes[next] === 0xff && bytes[next + 1] !== 0x00 && !(bytes[next + 1]! >= 0xd0 && bytes[next + 1]! <= 0xd7) && bytes[next + 1] !== 0xff)) next += 1;
      }
      if (keepJpegSegment(marker, bytes, at)) parts.push(bytes.subarray(start, next));
      at = next;
    }
    return Buffer.concat(parts);
  }
  return bytes;
}
