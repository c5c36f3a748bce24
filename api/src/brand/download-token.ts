import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BrandAccessLevel, PartnerType } from '@nfc/shared';

/** Who a download is for: the access levels reached and, for counting, the partner. */
export interface Audience {
  levels: BrandAccessLevel[];
  organisationId: string | null;
  partnerType: PartnerType | null;
}

export const PUBLIC_AUDIENCE: Audience = { levels: ['PUBLIC'], organisationId: null, partnerType: null };

const TTL_SECONDS = 60 * 60;

/**
 * A short-lived signed token for download links, so that plain <a href> links work for
 * partners without putting their access token in a URL (where logs and Referer keep it).
 */
export function signDownloadToken(audience: Audience, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ l: audience.levels, o: audience.organisationId, p: audience.partnerType, e: Math.floor(now / 1000) + TTL_SECONDS })).toString('base64url');
  const signature = createHmac('sha256', `download:${secret}`).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

/** The audience of a valid, unexpired token; null otherwise. */
export function verifyDownloadToken(token: string, secret: string, now = Date.now()): Audience | null {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(createHmac('sha256', `download:${secret}`).update(payload).digest('base64url'));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { l: BrandAccessLevel[]; o: string | null; p: PartnerType | null; e: number };
    if (data.e * 1000 < now) return null;
    return { levels: data.l, organisationId: data.o, partnerType: data.p };
  } catch {
    return null;
  }
}
