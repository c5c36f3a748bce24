/** The image a page shares (og:image): the BaseLayout's `image` prop. */
export interface ShareImage {
  url: string;
  alt: string;
  width?: number;
  height?: number;
}

/**
 * The variant to share of an event's image: a JPEG (every network reads it; AVIF and WebP not
 * all), the smallest at least 1200 px wide, else the largest. None without an image.
 */
export function shareImage(image: { alt: string | null; variants: Array<{ format: string; width: number; height: number; url: string }> } | null, fallbackAlt: string): ShareImage | undefined {
  const jpegs = (image?.variants ?? []).filter((variant) => variant.format === 'jpeg').sort((a, b) => a.width - b.width);
  const chosen = jpegs.find((variant) => variant.width >= 1200) ?? jpegs.at(-1);
  if (!chosen) return undefined;
  return { url: chosen.url, alt: image?.alt?.trim() || fallbackAlt, width: chosen.width, height: chosen.height };
}
