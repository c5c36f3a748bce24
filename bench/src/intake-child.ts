// Forked by run.ts: times one way of turning a photo into its variants, in a fresh
// process so that peak memory (maxRSS) belongs to that way alone.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { IMAGE_VARIANT_FORMATS } from '@nfc/shared';
import { processImage, variantWidths } from '@nfc/api/dist/media/process-image';
import sharp from 'sharp';
import phash from 'sharp-phash';

/** The same sharp operations as the pipeline, without its checks, hashing and EXIF reading. */
async function bare(input: Buffer): Promise<void> {
  const metadata = await sharp(input).metadata();
  const widths = variantWidths(metadata.autoOrient?.width ?? metadata.width!);
  const { data, info } = await sharp(input).rotate().resize({ width: Math.max(...widths) }).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  let smallestJpeg: Buffer | undefined;
  for (const width of widths) {
    for (const format of IMAGE_VARIANT_FORMATS) {
      const image = sharp(data, raw).resize({ width });
      const out =
        format === 'avif' ? await image.avif({ quality: 50, effort: 2 }).toBuffer()
        : format === 'webp' ? await image.webp({ quality: 78, effort: 3 }).toBuffer()
        : await image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true, progressive: true }).toBuffer();
      if (format === 'jpeg') smallestJpeg ??= out;
    }
  }
  await phash(smallestJpeg!);
}

async function main(): Promise<void> {
  const [mode, file, runs] = process.argv.slice(2);
  const input = readFileSync(file!);
  const times: number[] = [];
  for (let i = 0; i < Number(runs); i += 1) {
    const start = performance.now();
    if (mode === 'pipeline') await processImage(input, 'image/jpeg');
    else await bare(input);
    times.push(performance.now() - start);
  }
  process.send!({ times, maxRssKb: process.resourceUsage().maxRSS });
}

void main();
