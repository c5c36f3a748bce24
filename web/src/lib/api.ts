import { z } from 'astro/zod';
import { noteRateLimited, visitorHeaders } from './visitor';
import { EVENT_IMAGE_FIELDS, EventImage } from './event-image';
import type { Language } from '@nfc/shared';
import { shareImage, type ShareImage } from './share-image';

/** Where the website reads its data: the GraphQL API, on the server side only. */
export const API_URL = (process.env.API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 4000}`).replace(/\/+$/, '');

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: Array<{ field: string; message: string }> = [],
    /** With RATE_LIMITED: when the visitor may try again. */
    readonly retryAfterSeconds?: number,
    /** Why a file was refused (`extensions.reason`: UNSAFE_SVG, CORRUPT_FILE, UPLOAD_IN_USE…). */
    readonly reason?: string,
    /** The refusal's other extensions (a limit, the current rules version), for a message in the page's language. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const cache = new Map<string, { expires: number; value: Promise<unknown> }>();

/** Runs a query and validates its data against `schema`; public reads are cached briefly in memory. */
export async function query<T>(schema: z.ZodType<T>, document: string, variables: Record<string, unknown> = {}, ttlMs = 30_000): Promise<T> {
  const key = JSON.stringify([document, variables]);
  const hit = cache.get(key);
  // A read shared with another visitor who was over budget is fetched again on this one's own budget.
  if (hit && hit.expires > Date.now()) return (hit.value as Promise<T>).catch((error: unknown) => (error instanceof ApiError && error.code === 'RATE_LIMITED' ? fetchData(schema, document, variables) : Promise.reject(error)));
  const value = fetchData(schema, document, variables);
  cache.set(key, { expires: Date.now() + ttlMs, value });
  // A failed request is not cached.
  value.catch(() => cache.delete(key));
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  return value;
}

/** Forgets the cached public reads, after a change made through this server (an admin's, say) must show at once. */
export function forgetCachedReads(): void {
  cache.clear();
}

/** A query or mutation on behalf of a logged-in person: never cached. */
export function queryAs<T>(token: string | undefined, schema: z.ZodType<T>, document: string, variables: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
  return fetchData(schema, document, variables, token, timeoutMs);
}

async function fetchData<T>(schema: z.ZodType<T>, document: string, variables: Record<string, unknown>, token?: string, timeoutMs = 10_000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_URL}/graphql`, {
      method: 'POST',
      // Each visitor spends their own per-address budget (see lib/visitor.ts).
      headers: { 'content-type': 'application/json', accept: 'application/json', ...visitorHeaders(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new ApiError('The API cannot be reached.', 'SERVICE_UNAVAILABLE');
  }
  const body = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; retryAfterSeconds?: number } }> };
  if (body.errors?.length) {
    const [first] = body.errors;
    const code = first!.extensions?.code ?? (response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL');
    const retryAfterSeconds = code === 'RATE_LIMITED' ? retryAfter(first!.extensions?.retryAfterSeconds, response.headers.get('retry-after')) : undefined;
    if (retryAfterSeconds !== undefined) noteRateLimited(retryAfterSeconds);
    const extensions = first!.extensions as ({ fields?: Array<{ field: string; message: string }>; reason?: unknown } & Record<string, unknown>) | undefined;
    throw new ApiError(first!.message, code, extensions?.fields ?? [], retryAfterSeconds, typeof extensions?.reason === 'string' ? extensions.reason : undefined, extensions ?? {});
  }
  return schema.parse(body.data);
}

/** Seconds until a spent budget refills, from the error's extension or the Retry-After header (60 if neither says). */
export function retryAfter(extension: unknown, header: string | null): number {
  const seconds = typeof extension === 'number' ? extension : Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
}

const Point = z.object({ lat: z.number(), lon: z.number() });
const Geometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) }),
]);
export type Geometry = z.infer<typeof Geometry>;

const EpciSummary = z.object({
  siren: z.string(),
  name: z.string(),
  kind: z.enum(['CA', 'CC']),
  population: z.number(),
  communeCount: z.number(),
});
export type EpciSummary = z.infer<typeof EpciSummary>;

const TerritoryData = z.object({
  territory: z.object({
    name: z.string(),
    population: z.number(),
    communeCount: z.number(),
    boundariesCredit: z.string(),
    epcis: z.array(EpciSummary),
  }),
});

const MapData = z.object({
  epcis: z.array(z.object({ siren: z.string(), name: z.string(), communes: z.array(z.object({ inseeCode: z.string(), name: z.string(), geometry: Geometry })) })),
});
export type MapData = z.infer<typeof MapData>;

const CommuneRow = z.object({
  inseeCode: z.string(),
  name: z.string(),
  postalCodes: z.array(z.string()),
  population: z.number(),
  centroid: Point,
});
export type CommuneRow = z.infer<typeof CommuneRow>;

const EpciPage = z.object({
  epci: EpciSummary,
  communes: z.object({ totalCount: z.number(), nodes: z.array(CommuneRow) }),
});

export function getTerritory() {
  return query(TerritoryData, `{ territory { name population communeCount boundariesCredit epcis { siren name kind population communeCount } } }`).then((d) => d.territory);
}

/** The filtered agenda counted by commune, for its map (same filter as getAgenda). */
export function getCommuneCounts(filter: AgendaFilter) {
  return query(
    z.object({ eventCountsByCommune: z.array(z.object({ inseeCode: z.string(), name: z.string(), lat: z.number(), lon: z.number(), dates: z.number(), events: z.number() })) }),
    `query Counts($f: EventFilter) { eventCountsByCommune(filter: $f) { inseeCode name lat lon dates events } }`,
    { f: filter },
  ).then((d) => d.eventCountsByCommune);
}

/** The communes' names by EPCI, for the agenda's "where" (no boundaries: a light read). */
export function getCommuneNames() {
  return query(z.object({ epcis: z.array(z.object({ siren: z.string(), name: z.string(), communes: z.array(z.object({ inseeCode: z.string(), name: z.string() })) })) }), `{ epcis { siren name communes { inseeCode name } } }`, {}, 10 * 60_000).then((d) => d.epcis);
}

/** Commune boundaries grouped by EPCI, for the maps; they change once a year at most. */
export function getMapData() {
  return query(MapData, `{ epcis { siren name communes { inseeCode name geometry } } }`, {}, 10 * 60_000);
}

/** An EPCI and its communes matching `search` (all of them fit on one page: the largest EPCI has 73). */
export function getEpciPage(siren: string, search: string) {
  return query(
    EpciPage,
    `query Epci($siren: String!, $filter: CommuneFilter) {
      epci(siren: $siren) { siren name kind population communeCount }
      communes(filter: $filter, first: 100) { totalCount nodes { inseeCode name postalCodes population centroid { lat lon } } }
    }`,
    { siren, filter: { epci: siren, ...(search ? { search } : {}) } },
  );
}

const BrandAssetData = z.object({
  slug: z.string(),
  kind: z.string(),
  access: z.enum(['PUBLIC', 'PARTNER', 'INTERNAL']),
  layout: z.enum(['HORIZONTAL', 'VERTICAL']).nullable(),
  colourway: z.enum(['COLOUR', 'MONO', 'WHITE']).nullable(),
  name: z.string(),
  previewUrl: z.string().nullable(),
  downloads: z.array(z.object({ preset: z.string(), format: z.string(), width: z.number().nullable(), url: z.string() })),
});
export type BrandAssetData = z.infer<typeof BrandAssetData>;

const Swatch = z.object({
  slug: z.string(),
  name: z.string(),
  hex: z.string(),
  rgb: z.array(z.number()),
  cmyk: z.string().nullable(),
  pantone: z.string().nullable(),
  contrastOnWhite: z.number(),
  contrastOnBlack: z.number(),
  verdictOnWhite: z.string(),
  verdictOnBlack: z.string(),
});
export type Swatch = z.infer<typeof Swatch>;

const KitData = z.object({
  brandAssets: z.array(BrandAssetData),
  colourPalette: z.array(Swatch),
  brandKit: z.object({ version: z.number(), access: z.string(), byteSize: z.number(), url: z.string() }).nullable(),
  brandCharter: z.object({ version: z.number(), text: z.string() }).nullable(),
  partnerDirectory: z.array(z.object({ name: z.string(), partnerType: z.string(), epciName: z.string().nullable(), website: z.string().nullable() })),
});
export type KitData = z.infer<typeof KitData>;

const KIT_QUERY = `query Kit($lang: Language) {
  brandAssets(lang: $lang) { slug kind access layout colourway name previewUrl downloads { preset format width url } }
  colourPalette(lang: $lang) { slug name hex rgb cmyk pantone contrastOnWhite contrastOnBlack verdictOnWhite verdictOnBlack }
  brandKit { version access byteSize url }
  brandCharter(lang: $lang) { version text }
  partnerDirectory { name partnerType epciName website }
}`;

/** The kit as a visitor (cached) or as a logged-in partner (never cached: links carry their token). */
export function getKit(language: string, token?: string) {
  return token ? queryAs(token, KitData, KIT_QUERY, { lang: language }) : query(KitData, KIT_QUERY, { lang: language });
}

const Partnership = z.object({
  me: z.object({ organisation: z.object({ name: z.string(), kind: z.string() }), user: z.object({ displayName: z.string() }).nullable() }).nullable(),
  myPartnership: z
    .object({
      status: z.string(),
      acceptedCharterVersion: z.number().nullable(),
      currentCharterVersion: z.number().nullable(),
      canDownloadPartnerAssets: z.boolean(),
      decisionReason: z.string().nullable(),
      emailVerified: z.boolean(),
      website: z.string().nullable(),
      epciSiren: z.string().nullable(),
      listed: z.boolean(),
    })
    .nullable(),
});
export type PartnershipData = z.infer<typeof Partnership>;

export function getPartnership(token: string) {
  return queryAs(token, Partnership, `{ me { organisation { name kind } user { displayName } } myPartnership { status acceptedCharterVersion currentCharterVersion canDownloadPartnerAssets decisionReason emailVerified website epciSiren listed } }`);
}

export function registerPartner(input: Record<string, unknown>) {
  return queryAs(undefined, z.object({ registerPartner: z.object({ token: z.string() }) }), `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token } }`, { i: input }).then((d) => d.registerPartner.token);
}

export function login(email: string, password: string) {
  return queryAs(undefined, z.object({ login: z.object({ token: z.string() }) }), `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password }).then((d) => d.login.token);
}

export function acceptCharter(token: string, version: number) {
  return queryAs(token, z.object({ acceptBrandCharter: z.object({ status: z.string() }) }), `mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version });
}

const AgendaEvent = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: z.string(),
  isFree: z.boolean(),
  priceMin: z.number().nullable(),
  currency: z.string().nullable(),
  categories: z.array(z.object({ id: z.string(), label: z.string() })),
  place: z.object({ name: z.string().nullable(), commune: z.object({ name: z.string() }) }),
  image: EventImage,
});
const AgendaPage = z.object({
  events: z.object({
    totalCount: z.number().optional(),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), event: AgendaEvent })),
  }),
});
export type AgendaPageData = z.infer<typeof AgendaPage>;

export interface AgendaFilter {
  /** A preset range the API resolves in Paris time when it answers (stable, so cacheable). */
  when?: 'TODAY' | 'THIS_WEEKEND' | 'NEXT_7_DAYS';
  from?: string;
  to?: string;
  epci?: string;
  commune?: string;
  age?: number;
  near?: { lat: number; lon: number; km: number };
  categories?: string[];
  free?: boolean;
  accessibility?: string[];
  text?: string;
  /** The language of the text search (the API's default is French). */
  language?: Language;
}

/** A page of the agenda; cached 30 s, so a newly published event shows within a minute. */
export function getAgenda(language: string, filter: AgendaFilter, after?: string) {
  // An exact total visits every matching occurrence: asked for only when the view is filtered.
  const withCount = Object.keys(filter).some((key) => key !== 'from');
  return query(
    AgendaPage,
    `query Agenda($lang: Language, $f: EventFilter, $after: String, $withCount: Boolean!) {
      events(filter: $f, first: 30, after: $after) {
        totalCount @include(if: $withCount) pageInfo { hasNextPage endCursor }
        nodes { id startsAt endsAt event { id slug title(lang: $lang) status isFree priceMin currency categories(lang: $lang) { id label } place { name commune { name } } ${EVENT_IMAGE_FIELDS} } }
      }
    }`,
    { lang: language, f: filter, after, withCount },
  );
}

const EventPage = z.object({
  eventBySlug: z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    shortDescription: z.string().nullable(),
    longDescription: z.string().nullable(),
    /** Rendered and sanitised by the API (allow-listed elements, http/https/mailto/tel links): inserted as it is. */
    longDescriptionHtml: z.string().nullable(),
    machineTranslated: z.array(z.string()),
    status: z.string(),
    isFree: z.boolean(),
    priceMin: z.number().nullable(),
    priceMax: z.number().nullable(),
    currency: z.string().nullable(),
    bookingUrl: z.string().nullable(),
    organiserName: z.string().nullable(),
    organiserContact: z.string().nullable(),
    registrationContact: z.string().nullable(),
    minAge: z.number().nullable(),
    maxAge: z.number().nullable(),
    accessibility: z.array(z.string()),
    previousStartDate: z.string().nullable(),
    allDay: z.boolean(),
    categories: z.array(z.object({ id: z.string(), label: z.string() })),
    place: z.object({ name: z.string().nullable(), streetAddress: z.string().nullable(), postalCode: z.string().nullable(), lat: z.number(), lon: z.number(), approximate: z.boolean(), commune: z.object({ inseeCode: z.string(), name: z.string(), epci: z.object({ name: z.string(), siren: z.string() }) }) }),
    occurrences: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
    jsonLd: z.record(z.string(), z.unknown()),
    image: EventImage,
  }),
});
/** An event page's data; `shareImage` is what the page shares (og:image): `<BaseLayout image={event.shareImage}>`. */
export type EventPageData = z.infer<typeof EventPage>['eventBySlug'] & { shareImage: ShareImage | undefined };

export function getEvent(language: string, slug: string) {
  return query(
    EventPage,
    `query Event($lang: Language, $slug: String!) {
      eventBySlug(slug: $slug) {
        id slug title(lang: $lang) shortDescription(lang: $lang) longDescription(lang: $lang) longDescriptionHtml(lang: $lang) machineTranslated status isFree priceMin priceMax currency
        bookingUrl organiserName organiserContact registrationContact minAge maxAge accessibility previousStartDate allDay categories(lang: $lang) { id label }
        place { name streetAddress postalCode lat lon approximate commune { inseeCode name epci { name siren } } }
        occurrences { startsAt endsAt } jsonLd(lang: $lang) ${EVENT_IMAGE_FIELDS}
      }
    }`,
    { lang: language, slug },
  ).then((data): EventPageData => ({ ...data.eventBySlug, shareImage: shareImage(data.eventBySlug.image, data.eventBySlug.title) }));
}

/** Where the API is, as the browser reaches it (for feed links). */
export function publicApiOrigin(): string {
  return (process.env.PUBLIC_API_URL ?? API_URL).replace(/\/+$/, '');
}

/** Makes an upload (purpose PARTNER_LOGO) the partner's logo for its co-branded lockups. */
export const ATTACH_PARTNER_LOGO = `mutation($u: ID!) { attachPartnerLogo(uploadId: $u) { version } }`;
