import type { APIRoute } from 'astro';
import { sitemapResources } from '../../lib/sitemap';
import { paginate, renderUrlset, urlsPerFile } from '../../lib/sitemap-xml';
import { siteOrigin } from '../../lib/site-url';

/** One file of the sitemap index (/sitemap.xml lists them when the site has more URLs than a file holds). */
export const GET: APIRoute = async ({ params, url }) => {
  const n = /^[1-9]\d{0,5}$/.test(params.page ?? '') ? Number(params.page) : 0;
  const files = paginate(await sitemapResources(), urlsPerFile());
  const file = files[n - 1];
  if (!file) return new Response(null, { status: 404, headers: { 'cache-control': 'public, max-age=600' } });
  return new Response(renderUrlset(file, siteOrigin(url)), { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' } });
};
