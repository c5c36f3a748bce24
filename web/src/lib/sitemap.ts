import { z } from 'astro/zod';
import { queryAs, getTerritory } from './api';
import { contestEditions } from './contest';
import { withVisitor } from './visitor';
import type { SitemapResource } from './sitemap-xml';

/**
 * The sitemap (sitemaps.org 0.9, with xhtml:link alternates per language): every reading page of
 * the site in French, English and German, and the page of every published upcoming event.
 * Pages for signed-in people and personal links are left out (robots.txt disallows them).
 */

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
  const [territory, editions, { events, complete }] = await Promise.all([getTerritory(), contestEditions('fr'), upcomingEvents()]);
  if (!complete) console.warn(`sitemap: more than ${MAX_EVENT_PAGES * EVENT_PAGE_SIZE} upcoming dates; the events of the later ones are left out`);
  return [
    ...FIXED_PAGES.map((path) => ({ path })),
    ...territory.epcis.map((epci) => ({ path: `/territoire/${epci.siren}` })),
    // Each edition's home and results; its forms and personal pages are not listed.
    ...(editions.length ? [{ path: '/concours' }] : []),
    ...editions.flatMap((edition) => ['', '/resultats'].map((page) => ({ path: `/concours/${encodeURIComponent(edition.slug)}${page}` }))),
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
