import type { APIRoute } from 'astro';
import { sitemapResources } from '../lib/sitemap';
import { paginate, renderIndex, renderUrlset, urlsPerFile } from '../lib/sitemap-xml';
import { siteOrigin } from '../lib/site-url';

/**
 * The sitemap: one <urlset> while the site's URLs fit in a file (45,000), otherwise a
 * <sitemapindex> of /sitemap/1.xml, /sitemap/2.xml…  The list is rebuilt every ten minutes.
 */
export const GET: APIRoute = async ({ url }) => {
  const origin = siteOrigin(url);
  const files = paginate(await sitemapResources(), urlsPerFile());
  const body = files.length === 1 ? renderUrlset(files[0]!, origin) : renderIndex(files.length, origin);
  return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' } });
};
