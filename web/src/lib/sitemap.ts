import { z } from 'astro/zod';
import { LANGUAGES, localizedPath, type Language } from '../i18n/i18n';
import { queryAs, getTerritory } from './api';
import { currentContest } from './contest';
import { withVisitor } from './visitor';

/**
 * The sitemap (sitemaps.org 0.9, with xhtml:link alternates per language): every reading page of
 * the site in French, English and German, and the page of every published upcoming event.
 * Pages for signed-in people and personal links are left out (robots.txt disallows them).
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

/** The reading pages that always exist. */
const FIXED_PAGES = ['/', '/agenda', '/territoire', '/kit', '/donnees', '/widget', '/mentions-legales', '/accessibilite', '/confidentialite'];

/** 100 is the most `events` gives at once; 200 pages bound a rebuild to 20,000 dates (and 200 requests). */
export const EVENT_PAGE_SIZE = 100;
export const MAX_EVENT_PAGES = 200;
/** Requests per second while paging: under the API's anonymous budget of 10 pages a second. */
const PAGES_PER_SECOND = 8;

const EventPage = z.object({
  events: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(z.object({ event: z.object({ slug: z.string(), updatedAt: z.string() }) })),
  }),
});

/**
 * The published events with a date to come, by slug, each once (the agenda lists dates: a weekly
 * market comes many times). `events` holds only published events, so drafts and events awaiting
 * review never appear.
 */
export async function upcomingEvents(): Promise<{ events: SitemapResource[]; complete: boolean }> {
  const seen = new Map<string, string>();
  let after: string | null = null;
  for (let page = 0; page < MAX_EVENT_PAGES; page += 1) {
    const started = Date.now();
    const data: z.infer<typeof EventPage> = await queryAs(
      undefined,
      EventPage,
      `query SitemapEvents($first: Int!, $after: String) { events(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { event { slug updatedAt } } } }`,
      { first: EVENT_PAGE_SIZE, after },
    );
    for (const { event } of data.events.nodes) if (!seen.has(event.slug)) seen.set(event.slug, event.updatedAt);
    if (!data.events.pageInfo.hasNextPage || !data.events.pageInfo.endCursor) {
      return { events: [...seen].map(([slug, lastmod]) => ({ path: `/agenda/${encodeURIComponent(slug)}`, lastmod })), complete: true };
    }
    after = data.events.pageInfo.endCursor;
    const wait = 1000 / PAGES_PER_SECOND - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return { events: [...seen].map(([slug, lastmod]) => ({ path: `/agenda/${encodeURIComponent(slug)}`, lastmod })), complete: false };
}

async function buildResources(): Promise<SitemapResource[]> {
  const [territory, contest, { events, complete }] = await Promise.all([getTerritory(), currentContest('fr'), upcomingEvents()]);
  if (!complete) console.warn(`sitemap: more than ${MAX_EVENT_PAGES * EVENT_PAGE_SIZE} upcoming dates; the events of the later ones are left out`);
  return [
    ...FIXED_PAGES.map((path) => ({ path })),
    ...territory.epcis.map((epci) => ({ path: `/territoire/${epci.siren}` })),
    // The contest's pages exist while there is a contest; its forms and personal pages are not listed.
    ...(contest ? ['/concours', '/concours/resultats'].map((path) => ({ path })) : []),
    ...events,
  ];
}

/** Kept ten minutes, and as long as a rebuild fails (then the last good list is served). */
const TTL_MS = 10 * 60_000;
let cached: { resources: SitemapResource[]; at: number } | undefined;
let building: Promise<SitemapResource[]> | undefined;

/**
 * Every page of the sitemap. Built by the site for everyone rather than on a visitor's behalf, so
 * it is read outside the visitor's context: a crawler asking for the sitemap spends none of its
 * own API budget, and one rebuild serves every request of the next ten minutes.
 */
export function sitemapResources(): Promise<SitemapResource[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return Promise.resolve(cached.resources);
  building ??= withVisitor({ address: undefined }, buildResources)
    .then((resources) => {
      cached = { resources, at: Date.now() };
      return resources;
    })
    .catch((error: unknown) => {
      if (cached) return cached.resources;
      throw error;
    })
    .finally(() => {
      building = undefined;
    });
  return building;
}
