import { MEDIA_LIMITS } from '@nfc/shared';
import sharp, { type Sharp } from 'sharp';

// No operation cache: every input is a one-off upload, and cached pixels only raise the
// process's peak memory. (Run with MALLOC_ARENA_MAX=2 on glibc, as sharp recommends.)
sharp.cache(false);

/**
 * The one way to open an image: the pixel cap is checked from the header before any
 * decoding, a truncated or corrupt file fails instead of yielding grey pixels, and no
 * pipeline runs longer than the timeout.
 */
export function getSharp(input: Buffer): Sharp {
  return sharp(input, { limitInputPixels: MEDIA_LIMITS.maxPixels, failOn: 'truncated', sequentialRead: true }).timeout({
    seconds: MEDIA_LIMITS.processingTimeoutSeconds,
  });
}

/** sharp's format names for the types we accept (AVIF is read as HEIF). */
export const SHARP_FORMAT_BY_MIME: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'heif',
};
