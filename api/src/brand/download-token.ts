import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BrandAccessLevel, PartnerType } from '@nfc/shared';

/** Who a download is for: the access levels reached and, for counting, the partner. */
export interface Audience {
  levels: BrandAccessLevel[];
  organisationId: string | null;
  partnerType: PartnerType | null;
}

export const PUBLIC_AUDIENCE: Audience = { levels: ['PUBLIC'], organisationId: null, partnerType: null };

/** What a signed link opens: one version of one asset (or of the kit, `KIT_SLUG`), for one audience. */
export interface DownloadGrant {
  slug: string;
  version: number;
  audience: Audience;
}

/** The slug a kit link is signed for (no asset can take it: asset slugs are lower-case words). */
export const KIT_SLUG = '@kit';

/** The slug a lockup link is signed for; its version is the partner logo's, its audience names the partner. */
export const LOCKUP_SLUG = '@lockup';

/** The slug a preview link is signed for: one upload, before it is a version (kit, pro-kit). */
export function previewSlug(uploadId: string): string {
  return `@preview:${uploadId}`;
}

/** Long enough to click through a kit page, short enough that a leaked link soon dies. */
export const DOWNLOAD_LINK_TTL_SECONDS = 15 * 60;

/**
 * A short-lived signed token for one file's download link, so that plain <a href> links work
 * for partners without putting their access token in a URL. It names the asset and version,
 * so it opens nothing else; the route checks again that the organisation still reaches the
 * level (a refused or removed partner's links stop working at once).
 */
export function signDownloadToken(grant: DownloadGrant, secret: string, now = Date.now()): string {
  const { audience } = grant;
  const payload = Buffer.from(JSON.stringify({ s: grant.slug, v: grant.version, l: audience.levels, o: audience.organisationId, p: audience.partnerType, e: Math.floor(now / 1000) + DOWNLOAD_LINK_TTL_SECONDS })).toString('base64url');
  const signature = createHmac('sha256', `download:${secret}`).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

/** The grant of a valid, unexpired token; null otherwise. */
export function verifyDownloadToken(token: string, secret: string, now = Date.now()): DownloadGrant | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(createHmac('sha256', `download:${secret}`).update(payload).digest('base64url'));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: string; v: number; l: BrandAccessLevel[]; o: string | null; p: PartnerType | null; e: number };
    if (typeof data.s !== 'string' || !Number.isInteger(data.v) || !Array.isArray(data.l) || data.e * 1000 < now) return null;
    return { slug: data.s, version: data.v, audience: { levels: data.l, organisationId: data.o, partnerType: data.p } };
  } catch {
    return null;
  }
}
