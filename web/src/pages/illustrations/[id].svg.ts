import { categoryArtSvg, isArtId } from '@nfc/shared';
import type { APIRoute } from 'astro';

/** The drawings shown where an event has no photograph: constants only, cached for a day by browsers and proxies. */
export const GET: APIRoute = ({ params }) => {
  const id = params.id ?? '';
  if (!isArtId(id)) return new Response(null, { status: 404 });
  return new Response(categoryArtSvg(id), {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400, stale-while-revalidate=604800', 'x-content-type-options': 'nosniff' },
  });
};
