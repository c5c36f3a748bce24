/** Image presets and upload limits, shared so the site can check files before sending them. */
export const IMAGE_VARIANT_WIDTHS = [480, 960, 1600, 2400] as const;
export const IMAGE_VARIANT_FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type ImageVariantFormat = (typeof IMAGE_VARIANT_FORMATS)[number];

// In the order of the database enum (values are appended by migrations).
export const MEDIA_PURPOSES = ['PHOTO', 'EVENT_IMAGE', 'BRAND_MASTER', 'PRINT_MASTER', 'PEOPLE_RELEASE', 'PARTNER_LOGO'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

/**
 * Who may upload for each purpose: the scope the row that will hold the file needs, or a
 * contest entrant's session for contest photos and the releases of the people in them.
 * Checked before a byte is processed.
 */
export const UPLOADER_BY_PURPOSE = {
  EVENT_IMAGE: 'agenda:write',
  PHOTO: 'contest entrant',
  BRAND_MASTER: 'brand:write',
  PRINT_MASTER: 'brand:write',
  PEOPLE_RELEASE: 'contest entrant',
  /** A partner's own logo, for its co-branded lockups (attached only by an approved partner). */
  PARTNER_LOGO: 'brand:read',
} as const satisfies Record<MediaPurpose, string>;

export const RASTER_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const;

/** What each purpose accepts, judged from the bytes, never from the name or the declared type. */
export const ALLOWED_TYPES_BY_PURPOSE: Record<MediaPurpose, readonly string[]> = {
  PHOTO: RASTER_IMAGE_TYPES,
  EVENT_IMAGE: RASTER_IMAGE_TYPES,
  BRAND_MASTER: ['image/svg+xml', ...RASTER_IMAGE_TYPES],
  PRINT_MASTER: ['application/pdf', 'application/postscript'],
  /** A signed release of the people recognisable in a contest photo: a PDF or a scan/photo of the paper. */
  PEOPLE_RELEASE: ['application/pdf', ...RASTER_IMAGE_TYPES],
  PARTNER_LOGO: ['image/svg+xml', 'image/png', 'image/webp', 'image/jpeg'],
};

export const MEDIA_LIMITS = {
  /** Largest upload (25 MB, as photo contests commonly allow). */
  maxUploadBytes: 25 * 1024 * 1024,
  /** Largest image, in pixels (50 MP), checked from the header before decoding. */
  maxPixels: 50_000_000,
  /** Seconds one image may take to process. */
  processingTimeoutSeconds: 30,
} as const;
