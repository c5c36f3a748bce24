import { createHash } from 'node:crypto';
import { IMAGE_VARIANT_FORMATS, IMAGE_VARIANT_WIDTHS, MEDIA_LIMITS, type ImageVariantFormat } from '@nfc/shared';
import exifr from 'exifr';
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import phash from 'sharp-phash';
import { getSharp } from './get-sharp';
import { intake, type IntakeFile } from './intake';
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
 * Checks and re-encodes a raster image: the checks are the intake's (media/intake.ts), the one
 * place that judges a file; then every variant is re-encoded from pixels, so no metadata (EXIF,
 * GPS, XMP, comments) and no appended payload reaches them.
 */
export async function processImage(input: Buffer, mimeType: string): Promise<ProcessedImage> {
  return processRaster(await intake(input, { accept: [mimeType] }));
}

/**
 * Re-encodes a raster that passed the intake: EXIF orientation is applied, then every variant
 * is made from the same decoded pixels. A file that fails to decode (damaged data the header
 * did not show) is CORRUPT_FILE.
 */
export async function processRaster(file: IntakeFile): Promise<ProcessedImage> {
  if (file.kind !== 'RASTER' || file.width === null || file.height === null) throw fileRejected('UNSUPPORTED_TYPE');
  const original = file.bytes;
  const upright = { width: file.width, height: file.height };
  try {
    // Decode once, upright, at the largest size any variant needs; every variant starts from these pixels.
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
