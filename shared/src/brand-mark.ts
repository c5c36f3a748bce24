/**
 * The kit's pictogram: two points (Belfort, Montbéliard) joined by a river. The demonstration
 * logos of the kit (api/src/brand/demo-brand.ts) and the website's header draw it from here, so
 * the site wears the mark partners download. It is a demonstration drawing, not the Pôle's real
 * logo: when the real files are published to the kit, this drawing is replaced by their pictogram.
 */
export interface BrandMarkInks {
  /** The disc. */
  mark: string;
  /** The river and its two points. */
  detail: string;
}

/** The pictogram's own box: a 140 × 140 square. */
export const BRAND_MARK_SIZE = 140;

/** The pictogram's shapes, without an <svg> around them (placed by the caller). */
export function brandMarkShapes(inks: BrandMarkInks): string {
  return `<circle cx="70" cy="70" r="70" fill="${inks.mark}"/>
    <path d="M30 98 C 55 60, 85 110, 110 42" fill="none" stroke="${inks.detail}" stroke-width="9" stroke-linecap="round"/>
    <circle cx="110" cy="42" r="13" fill="${inks.detail}"/>
    <circle cx="30" cy="98" r="13" fill="${inks.detail}"/>`;
}
