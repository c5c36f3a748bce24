import { LANGUAGES, localizedPath, type Language } from '../i18n/i18n';

/**
 * The sitemap's XML (sitemaps.org 0.9, with xhtml:link alternates per language), apart from
 * the reading of its pages (lib/sitemap.ts), so that it can be tested on its own.
 */

/** A page of the site, by its language-neutral path; listed once per language. */
export interface SitemapResource {
  path: string;
  /** W3C datetime of the last change, when known (events). */
  lastmod?: string;
}

/** sitemaps.org allows 50,000 URLs per file; the site stays under with a margin. */
export const DEFAULT_URLS_PER_FILE = 45_000;

/** URLs per sitemap file: SITEMAP_URLS_PER_FILE (a whole number of pages' three languages), else 45,000. */
export function urlsPerFile(): number {
  const configured = Number(process.env.SITEMAP_URLS_PER_FILE);
  return Number.isInteger(configured) && configured >= LANGUAGES.length && configured <= 50_000 ? configured : DEFAULT_URLS_PER_FILE;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The files of the sitemap: each keeps a page's languages together, none holds more than `perFile` URLs. */
export function paginate(resources: SitemapResource[], perFile: number): SitemapResource[][] {
  const perPage = Math.max(1, Math.floor(perFile / LANGUAGES.length));
  const files: SitemapResource[][] = [];
  for (let i = 0; i < resources.length; i += perPage) files.push(resources.slice(i, i + perPage));
  return files.length ? files : [[]];
}

const absolute = (origin: string, path: string) => new URL(path, `${origin}/`).href;

/** A <urlset>: each page in each language, with its alternates in every language and x-default (French). */
export function renderUrlset(resources: SitemapResource[], origin: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'];
  for (const resource of resources) {
    const href = (language: Language) => escapeXml(absolute(origin, localizedPath(language, resource.path)));
    const alternates = [
      ...LANGUAGES.map((language) => `    <xhtml:link rel="alternate" hreflang="${language}" href="${href(language)}"/>`),
      `    <xhtml:link rel="alternate" hreflang="x-default" href="${href('fr')}"/>`,
    ];
    for (const language of LANGUAGES) {
      lines.push('  <url>', `    <loc>${href(language)}</loc>`);
      if (resource.lastmod) lines.push(`    <lastmod>${escapeXml(resource.lastmod)}</lastmod>`);
      lines.push(...alternates, '  </url>');
    }
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

/** A <sitemapindex> of the files /sitemap/1.xml … /sitemap/<count>.xml. */
export function renderIndex(count: number, origin: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (let n = 1; n <= count; n += 1) lines.push('  <sitemap>', `    <loc>${escapeXml(absolute(origin, `/sitemap/${n}.xml`))}</loc>`, '  </sitemap>');
  lines.push('</sitemapindex>', '');
  return lines.join('\n');
}
