// The five agenda scenarios, as each peer is asked for them: our GraphQL API, PostGraphile v5
// over the same tables, and the floor (bare node:http, one hand-written SQL statement).
// Every peer returns the same fields: occurrence dates, event title, place, commune, EPCI
// and categories (ours adds the categories' labels, which are constants in code).

export const SCENARIOS = ['agenda', 'filtered', 'search', 'event', 'ics'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<Scenario, string> = {
  agenda: 'agenda page: 50 upcoming occurrences with event, place, commune, EPCI, categories',
  filtered: 'filtered: one EPCI + one category + this weekend',
  search: 'French text search "marché producteurs", first 50 by date',
  event: 'event page by slug, with its occurrences',
  ics: 'ICS feed of one EPCI (100 upcoming occurrences)',
};

/** The inputs shared by every peer, fixed once per run. */
export interface ScenarioInputs {
  epci: string;
  category: string;
  weekend: { from: string; to: string };
  text: string;
  slug: string;
}

/** An HTTP request as autocannon sends it. */
export interface LoadRequest {
  path: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const graphql = (query: string, variables: Record<string, unknown>): LoadRequest => ({ path: '/graphql', method: 'POST', headers: json, body: JSON.stringify({ query, variables }) });

const OURS_OCCURRENCE = `startsAt endsAt event { id slug title status isFree priceMin categories { id label } place { name commune { name epci { name } } } }`;

/** Our text search in a language (the search scenario's page, with filter.language). */
export function oursSearchRequest(text: string, language: 'fr' | 'en' | 'de'): LoadRequest {
  return graphql(`query Search($f: EventFilter) { events(filter: $f, first: 50) { pageInfo { hasNextPage endCursor } nodes { ${OURS_OCCURRENCE} } } }`, { f: { text, language } });
}

export function oursRequest(scenario: Scenario, inputs: ScenarioInputs): LoadRequest {
  const page = (filter: Record<string, unknown>) => graphql(`query Agenda($f: EventFilter) { events(filter: $f, first: 50) { pageInfo { hasNextPage endCursor } nodes { ${OURS_OCCURRENCE} } } }`, { f: filter });
  switch (scenario) {
    case 'agenda':
      return page({});
    case 'filtered':
      return page({ epci: inputs.epci, categories: [inputs.category], from: inputs.weekend.from, to: inputs.weekend.to });
    case 'search':
      return page({ text: inputs.text });
    case 'event':
      return graphql(
        `query Event($slug: String!) { eventBySlug(slug: $slug) { id title shortDescription status isFree categories { id label } place { name postalCode lat lon commune { name epci { name } } } occurrences { startsAt endsAt } } }`,
        { slug: inputs.slug },
      );
    case 'ics':
      return { path: `/feeds/agenda.ics?epci=${inputs.epci}`, method: 'GET' };
  }
}

const PGL_OCCURRENCE = `startsAt endsAt eventByEventId { rowId slug title status isFree priceMin categories placeName communeByCommuneInsee { name epciByEpciSiren { name } } }`;

/** PostGraphile has no ICS; the other four are its generated GraphQL over the same rows. */
export function postgraphileRequest(scenario: Scenario, inputs: ScenarioInputs): LoadRequest | null {
  switch (scenario) {
    case 'agenda':
      return graphql(`query { benchPeerUpcomingOccurrences(first: 50) { pageInfo { hasNextPage endCursor } nodes { ${PGL_OCCURRENCE} } } }`, {});
    case 'filtered':
      return graphql(`query($epci: String!, $category: String!, $from: Datetime!, $to: Datetime!) { benchPeerFilteredOccurrences(epci: $epci, category: $category, fromAt: $from, toAt: $to, first: 50) { pageInfo { hasNextPage endCursor } nodes { ${PGL_OCCURRENCE} } } }`, {
        epci: inputs.epci,
        category: inputs.category,
        from: inputs.weekend.from,
        to: inputs.weekend.to,
      });
    case 'search':
      return graphql(`query($q: String!) { benchPeerSearchOccurrences(q: $q, first: 50) { pageInfo { hasNextPage endCursor } nodes { ${PGL_OCCURRENCE} } } }`, { q: inputs.text });
    case 'event':
      return graphql(
        `query($slug: String!) { eventBySlug(slug: $slug) { rowId title shortDescription status isFree categories placeName postalCode lat lon communeByCommuneInsee { name epciByEpciSiren { name } } eventOccurrencesByEventId(orderBy: STARTS_AT_ASC) { nodes { startsAt endsAt } } } }`,
        { slug: inputs.slug },
      );
    case 'ics':
      return null;
  }
}

export function floorRequest(scenario: Scenario, inputs: ScenarioInputs): LoadRequest {
  const q = new URLSearchParams();
  if (scenario === 'filtered') {
    q.set('epci', inputs.epci);
    q.set('category', inputs.category);
    q.set('from', inputs.weekend.from);
    q.set('to', inputs.weekend.to);
  }
  if (scenario === 'search') q.set('q', inputs.text);
  if (scenario === 'event') q.set('slug', inputs.slug);
  if (scenario === 'ics') q.set('epci', inputs.epci);
  return { path: `/${scenario}?${q}`, method: 'GET' };
}

/**
 * What PostGraphile is given beyond its automatic schema: its documentation's way to offer a
 * custom list is a STABLE SQL function (PostgreSQL inlines it, so LIMIT reaches the index).
 * They live in their own schema, created by the bench only, never by our migrations.
 */
export const PEER_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS bench_peer;
CREATE OR REPLACE FUNCTION bench_peer.upcoming_occurrences() RETURNS SETOF public.event_occurrence LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.event_occurrence o JOIN public.event e ON e.id = o.event_id
  WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= now()
  ORDER BY o.starts_at, o.id $$;
CREATE OR REPLACE FUNCTION bench_peer.filtered_occurrences(epci text, category text, from_at timestamptz, to_at timestamptz) RETURNS SETOF public.event_occurrence LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.event_occurrence o JOIN public.event e ON e.id = o.event_id
  WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= from_at AND o.starts_at < to_at
    AND e.commune_insee IN (SELECT insee_code FROM public.commune WHERE epci_siren = epci) AND e.categories && ARRAY[category]
  ORDER BY o.starts_at, o.id $$;
CREATE OR REPLACE FUNCTION bench_peer.search_occurrences(q text) RETURNS SETOF public.event_occurrence LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.event_occurrence o JOIN public.event e ON e.id = o.event_id
  WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= now()
    AND e.search_vector @@ websearch_to_tsquery('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, q))
  ORDER BY o.starts_at, o.id $$;
`;

const FLOOR_PAGE = (where: string) => `
SELECT coalesce(json_agg(row_to_json(x)), '[]'::json) AS body FROM (
  SELECT o.starts_at AS "startsAt", o.ends_at AS "endsAt",
         json_build_object('id', e.id, 'slug', e.slug, 'title', e.title->>'fr', 'status', e.status, 'isFree', e.is_free, 'priceMin', e.price_min, 'categories', e.categories,
           'place', json_build_object('name', e.place_name, 'commune', json_build_object('name', c.name, 'epci', json_build_object('name', ep.name)))) AS event
  FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN commune c ON c.insee_code = e.commune_insee JOIN epci ep ON ep.siren = c.epci_siren
  WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND ${where}
  ORDER BY o.starts_at, o.id LIMIT 50) x`;

/** The floor's one statement per scenario, with its parameters from the query string. */
export const FLOOR_SQL: Record<Scenario, { sql: string; params: string[] }> = {
  agenda: { sql: FLOOR_PAGE('o.ends_at >= now()'), params: [] },
  filtered: {
    sql: FLOOR_PAGE(`o.ends_at >= $3::timestamptz AND o.starts_at < $4::timestamptz AND e.commune_insee IN (SELECT insee_code FROM commune WHERE epci_siren = $1) AND e.categories && ARRAY[$2::text]`),
    params: ['epci', 'category', 'from', 'to'],
  },
  search: {
    sql: FLOOR_PAGE(`o.ends_at >= now() AND e.search_vector @@ websearch_to_tsquery('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, $1))`),
    params: ['q'],
  },
  event: {
    sql: `SELECT json_build_object('id', e.id, 'title', e.title->>'fr', 'shortDescription', e.short_description->>'fr', 'status', e.status, 'isFree', e.is_free, 'categories', e.categories,
            'place', json_build_object('name', e.place_name, 'postalCode', e.postal_code, 'lat', e.lat, 'lon', e.lon, 'commune', json_build_object('name', c.name, 'epci', json_build_object('name', ep.name))),
            'occurrences', (SELECT coalesce(json_agg(json_build_object('startsAt', o.starts_at, 'endsAt', o.ends_at) ORDER BY o.starts_at), '[]'::json) FROM event_occurrence o WHERE o.event_id = e.id)) AS body
          FROM event e JOIN commune c ON c.insee_code = e.commune_insee JOIN epci ep ON ep.siren = c.epci_siren
          WHERE e.slug = $1 AND e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL`,
    params: ['slug'],
  },
  ics: {
    sql: `SELECT 'BEGIN:VCALENDAR' || chr(13) || chr(10) || 'VERSION:2.0' || chr(13) || chr(10) || 'PRODID:-//bench//floor//FR' || chr(13) || chr(10)
            || coalesce(string_agg('BEGIN:VEVENT' || chr(13) || chr(10) || 'UID:' || x.id || '@floor' || chr(13) || chr(10)
               || 'DTSTAMP:' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') || chr(13) || chr(10)
               || 'DTSTART:' || to_char(x.starts_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') || chr(13) || chr(10)
               || 'DTEND:' || to_char(x.ends_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') || chr(13) || chr(10)
               || 'SUMMARY:' || replace(replace(x.title, ',', '\\,'), ';', '\\;') || chr(13) || chr(10)
               || 'LOCATION:' || replace(coalesce(x.place_name || '\\, ', '') || x.commune, ';', '\\;') || chr(13) || chr(10)
               || 'END:VEVENT' || chr(13) || chr(10), '' ORDER BY x.starts_at, x.id), '')
            || 'END:VCALENDAR' || chr(13) || chr(10) AS body
          FROM (SELECT o.id, o.starts_at, o.ends_at, e.title->>'fr' AS title, e.place_name, c.name AS commune
                FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN commune c ON c.insee_code = e.commune_insee
                WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= now() AND c.epci_siren = $1
                ORDER BY o.starts_at, o.id LIMIT 100) x`,
    params: ['epci'],
  },
};
