import { createHash } from 'node:crypto';
import { IMAGE_VARIANT_FORMATS, IMAGE_VARIANT_WIDTHS, MEDIA_LIMITS, type ImageVariantFormat } from '@nfc/shared';
import exifr from 'exifr';
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import phash from 'sharp-phash';
import { getSharp, SHARP_FORMAT_BY_MIME } from './get-sharp';
import { imageEnd } from './image-end';
import { fileRejected, reasonFromSharpError } from './media-errors';
import { AppError } from '../common/errors';

export interface EncodedVariant {
  format: ImageVariantFormat;
  width: number;
  height: number;
  body: Buffer;
  sha256: string;
}

export interface ProcessedImage {
  /** The image's own bytes: anything appended after its end is cut off. */
  original: Buffer;
  sha256: string;
  width: number;
  height: number;
  perceptualHash: string;
  capturedAt: Date | null;
  gps: { lat: number; lon: number } | null;
  variants: EncodedVariant[];
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The preset widths below the image's width, never upscaling; a small image keeps its own. */
export function variantWidths(width: number): number[] {
  const smaller = IMAGE_VARIANT_WIDTHS.filter((preset) => preset < width);
  return smaller.length ? [...smaller] : [width];
}

const ENCODERS: Record<ImageVariantFormat, (image: Sharp) => Sharp> = {
  // effort 2 keeps AVIF at a few hundred ms for 2400 px on two cores.
  avif: (image) => image.avif({ quality: 50, effort: 2 }),
  webp: (image) => image.webp({ quality: 78, effort: 3 }),
  jpeg: (image) => image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true, progressive: true }),
};

async function readExif(original: Buffer): Promise<Pick<ProcessedImage, 'capturedAt' | 'gps'>> {
  try {
    const tags = (await exifr.parse(original, { gps: true, tiff: true, exif: true, pick: ['DateTimeOriginal', 'CreateDate', 'latitude', 'longitude', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'] })) as
      | { DateTimeOriginal?: Date; CreateDate?: Date; latitude?: number; longitude?: number }
      | undefined;
    const captured = tags?.DateTimeOriginal ?? tags?.CreateDate;
    const lat = tags?.latitude;
    const lon = tags?.longitude;
    return {
      capturedAt: captured instanceof Date && !Number.isNaN(captured.getTime()) ? captured : null,
      gps: typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && (lat !== 0 || lon !== 0) ? { lat, lon } : null,
    };
  } catch {
    // Damaged EXIF is common and never a reason to refuse a photo.
    return { capturedAt: null, gps: null };
  }
}

/**
 * Checks and re-encodes a raster image: the type found in the bytes must be what sharp
 * decodes; EXIF orientation is applied, then every variant is re-encoded from pixels,
 * so no metadata (EXIF, GPS, XMP, comments) and no appended payload reaches them.
 */
export async function processImage(input: Buffer, mimeType: string): Promise<ProcessedImage> {
  const end = imageEnd(input, mimeType);
  if (end === null) throw fileRejected('CORRUPT_FILE');
  const original = end === input.length ? input : Buffer.from(input.subarray(0, end));
  try {
    const metadata = await getSharp(original).metadata();
    if (metadata.format !== SHARP_FORMAT_BY_MIME[mimeType]) throw fileRejected('TYPE_MISMATCH');
    if (!metadata.width || !metadata.height) throw fileRejected('CORRUPT_FILE');
    if (metadata.width * metadata.height > MEDIA_LIMITS.maxPixels) throw fileRejected('TOO_MANY_PIXELS');

    // Decode once, upright, at the largest size any variant needs; every variant starts from these pixels.
    const upright = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
    const widths = variantWidths(upright.width);
    const { data, info } = await getSharp(original)
      .rotate()
      .resize({ width: Math.max(...widths), withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };

    const variants: EncodedVariant[] = [];
    for (const width of widths) {
      for (const format of IMAGE_VARIANT_FORMATS) {
        const { data: body, info: encoded } = await ENCODERS[format](sharp(data, raw).resize({ width, withoutEnlargement: true }))
          .timeout({ seconds: MEDIA_LIMITS.processingTimeoutSeconds })
          .toBuffer({ resolveWithObject: true });
        variants.push({ format, width: encoded.width, height: encoded.height, body, sha256: sha256(body) });
      }
    }
    const smallestJpeg = variants.find((variant) => variant.format === 'jpeg')!.body;
    const bits: string = await phash(smallestJpeg);
    return {
      original,
      sha256: sha256(original),
      width: upright.width,
      height: upright.height,
      perceptualHash: BigInt(`0b${bits}`).toString(16).padStart(16, '0'),
      ...(await readExif(original)),
      variants,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileRejected(reasonFromSharpError(error));
  }
}
