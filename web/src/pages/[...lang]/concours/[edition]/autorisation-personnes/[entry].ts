import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { ALLOWED_TYPES_BY_PURPOSE } from '@nfc/shared';
import { ApiError, queryAs } from '../../../../../lib/api';
import { proViewer } from '../../../../../lib/pro/viewer';

const NOT_FOUND = () => new Response(null, { status: 404, headers: { 'cache-control': 'private, no-store' } });

/**
 * GET /concours/<slug>/autorisation-personnes/<entry>: the signed release of the people in an
 * entry's photo, for the Pôle's moderators signed in to the espace pro. Anyone else, an entry
 * without one and an unknown entry all find nothing here. Handed over as a download, in the
 * type the API's intake detected (one of the release types), never sniffed.
 */
export const GET: APIRoute = async ({ params, cookies }) => {
  const viewer = await proViewer(cookies);
  if (!viewer?.can.moderate || !/^[0-9a-f-]{36}$/i.test(params.entry ?? '')) return NOT_FOUND();
  const release = await queryAs(
    viewer.token,
    z.object({ contestEntryRelease: z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() }) }),
    `query($e: ID!) { contestEntryRelease(entryId: $e) { filename mimeType base64 } }`,
    { e: params.entry },
    60_000,
  ).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  if (!release) return NOT_FOUND();
  const { filename, mimeType, base64 } = release.contestEntryRelease;
  const type = ALLOWED_TYPES_BY_PURPOSE.PEOPLE_RELEASE.includes(mimeType) ? mimeType : 'application/octet-stream';
  return new Response(Buffer.from(base64, 'base64'), {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    },
  });
};
