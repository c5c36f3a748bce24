import { artForCategories } from '@nfc/shared';
import { z } from 'astro/zod';

/** An event's image as the API gives it: web variants by format and width, no metadata. */
export const EventImage = z
  .object({
    alt: z.string().nullable(),
    credit: z.string().nullable(),
    variants: z.array(z.object({ format: z.string(), width: z.number(), height: z.number(), url: z.string() })),
  })
  .nullable();
export type EventImageData = z.infer<typeof EventImage>;

/** The GraphQL selection for EventImage (the query declares `$lang`). */
export const EVENT_IMAGE_FIELDS = 'image(lang: $lang) { alt credit variants { format width height url } }';

const MIME: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

export interface PictureSources {
  /** `<source>` elements, best format first. */
  sources: Array<{ type: string; srcset: string }>;
  /** The JPEG fallback of the `<img>`: the smallest variant at least `width` wide. */
  fallback: { src: string; srcset: string; width: number; height: number };
}

/** A `srcset` of one format's variants ("url 480w, url 960w"). */
export function srcset(images: ReadonlyArray<{ format: string; width: number; url: string }>, format: string): string {
  return images.filter((i) => i.format === format).map((i) => `${i.url} ${i.width}w`).join(', ');
}

/** The `<picture>` of an image: AVIF, then WebP, then JPEG, each with every width the API made. */
export function pictureSources(image: NonNullable<EventImageData>, width: number): PictureSources | null {
  const byFormat = (format: string) => image.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
  const jpegs = byFormat('jpeg');
  const chosen = jpegs.find((v) => v.width >= width) ?? jpegs.at(-1);
  if (!chosen) return null;
  return {
    sources: ['avif', 'webp'].filter((format) => byFormat(format).length).map((format) => ({ type: MIME[format]!, srcset: srcset(byFormat(format), format) })),
    fallback: { src: chosen.url, srcset: srcset(jpegs, 'jpeg'), width: chosen.width, height: chosen.height },
  };
}

/** The site's drawing for an event without a photograph (served by /illustrations/<id>.svg). */
export function placeholderFor(categoryIds: readonly string[]): string {
  return `/illustrations/${artForCategories(categoryIds)}.svg`;
}
