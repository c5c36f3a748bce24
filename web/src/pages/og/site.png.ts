import type { APIRoute } from 'astro';
import { getMapData } from '../../lib/api';
import { renderSiteCard } from '../../lib/site-card';

/**
 * The image shared with pages that have none of their own (og:image): drawn once, at the first
 * request, and kept in memory. A card drawn without the map (API unreachable) is drawn again
 * after five minutes.
 */
let card: { png: Promise<Buffer>; until: number } | undefined;

function siteCard(): Promise<Buffer> {
  if (card && card.until > Date.now()) return card.png;
  const entry: { until: number; png: Promise<Buffer> } = { until: Infinity, png: Promise.resolve(Buffer.alloc(0)) };
  entry.png = getMapData()
    .catch(() => {
      entry.until = Date.now() + 5 * 60_000;
      return null;
    })
    .then((map) => renderSiteCard(map));
  entry.png.catch(() => {
    if (card === entry) card = undefined;
  });
  card = entry;
  return entry.png;
}

export const GET: APIRoute = async () => {
  const png = await siteCard();
  return new Response(new Uint8Array(png), {
    headers: { 'content-type': 'image/png', 'content-length': String(png.length), 'cache-control': 'public, max-age=86400' },
  });
};
