// The shared agenda measured side by side: our API (cache on, as in production, and off),
// PostGraphile v5 and the raw floor, on the same database and rows, one after another.
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { presetRange } from '@nfc/api/dist/agenda/event.reader';
import { PEER_SCHEMA_SQL, SCENARIOS, SCENARIO_LABELS, floorRequest, oursRequest, postgraphileRequest, type LoadRequest, type Scenario, type ScenarioInputs } from './peers/scenarios';
import { ask, child, load, spread, stop, type LoadFigures, type Seeded, type Spread, type StartedApi } from './processes';

export const PEERS = ['ours', 'oursUncached', 'postgraphile', 'floor'] as const;
export type Peer = (typeof PEERS)[number];
export const PEER_LABELS: Record<Peer, string> = {
  ours: 'ours (production: public query cache on)',
  oursUncached: 'ours, cache off',
  postgraphile: 'PostGraphile v5',
  floor: 'raw floor (node:http + 1 SQL)',
};

export interface Peers {
  base: Record<Peer, string>;
  /** The database every peer reads. */
  databaseUrl: string;
  request(peer: Peer, scenario: Scenario): LoadRequest | null;
  stop(): Promise<void>;
}

export async function startPeers(api: StartedApi, inputs: ScenarioInputs): Promise<Peers> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  await client.query(PEER_SCHEMA_SQL);
  await client.end();
  // The same session settings as our API's pool (JIT off), so that no peer pays for a compile the others skip.
  const peerUrl = new URL(api.databaseUrl);
  peerUrl.searchParams.set('options', '-c jit=off');
  const postgraphile = await child<{ ready: string }>('peers/postgraphile-child.js', [peerUrl.toString()]);
  const floor = await child<{ ready: string }>('peers/floor-child.js', [peerUrl.toString()]);
  return {
    base: { ours: api.base, oursUncached: api.uncached, postgraphile: postgraphile.message.ready, floor: floor.message.ready },
    databaseUrl: api.databaseUrl,
    request: (peer, scenario) => (peer === 'postgraphile' ? postgraphileRequest(scenario, inputs) : peer === 'floor' ? floorRequest(scenario, inputs) : oursRequest(scenario, inputs)),
    stop: async () => {
      await stop(postgraphile.process);
      await stop(floor.process);
    },
  };
}

/** The inputs every peer gets: one EPCI, a category, this weekend (Paris), a search, a slug. */
export async function scenarioInputs(api: StartedApi): Promise<ScenarioInputs> {
  const weekend = presetRange('THIS_WEEKEND', DateTime.now());
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  // A busy event page: the first upcoming weekly market.
  const { rows } = await client.query(
    `SELECT e.slug FROM event e JOIN event_occurrence o ON o.event_id = e.id WHERE e.categories @> ARRAY['market'] AND o.ends_at >= now() ORDER BY o.starts_at, o.id LIMIT 1`,
  );
  await client.end();
  return { epci: '200069052', category: 'market', weekend: { from: weekend.from.toISOString(), to: weekend.to.toISOString() }, text: 'marché producteurs', slug: rows[0].slug };
}

/** How many items an answer holds: the same work is asked of every peer. */
export async function answerSize(base: string, request: LoadRequest): Promise<number> {
  const response = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${base}${request.path} answered ${response.status}: ${text.slice(0, 300)}`);
  if (text.startsWith('BEGIN:VCALENDAR')) return text.split('BEGIN:VEVENT').length - 1;
  const body = JSON.parse(text) as unknown;
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object' && Array.isArray((body as { occurrences?: unknown[] }).occurrences)) return (body as { occurrences: unknown[] }).occurrences.length;
  const data = (body as { data?: Record<string, unknown>; errors?: unknown }).data;
  if (!data) throw new Error(`${base} answered errors: ${JSON.stringify((body as { errors?: unknown }).errors)}`);
  const root = Object.values(data)[0] as { nodes?: unknown[]; occurrences?: unknown[]; eventOccurrencesByEventId?: { nodes: unknown[] } } | null;
  return root?.nodes?.length ?? root?.occurrences?.length ?? root?.eventOccurrencesByEventId?.nodes.length ?? 0;
}

export interface ScenarioRow {
  scenario: Scenario;
  peer: Peer;
  connections: number;
  items: number;
  rps: Spread;
  p50: Spread;
  p99: Spread;
  errors: number;
}

export async function compareScenarios(peers: Peers, { runs, duration, connections }: { runs: number; duration: number; connections: number[] }): Promise<ScenarioRow[]> {
  const rows: ScenarioRow[] = [];
  for (const scenario of SCENARIOS) {
    for (const peer of PEERS) {
      const request = peers.request(peer, scenario);
      if (!request) continue;
      const items = await answerSize(peers.base[peer], request);
      for (const conns of connections) {
        const results: LoadFigures[] = [];
        for (let run = 0; run < runs; run += 1) {
          results.push(await load(peers.base[peer], request, conns, duration));
          await settleDatabase(peers.databaseUrl);
        }
        rows.push({
          scenario,
          peer,
          connections: conns,
          items,
          rps: spread(results.map((r) => r.rps)),
          p50: spread(results.map((r) => r.p50)),
          p99: spread(results.map((r) => r.p99)),
          errors: results.reduce((n, r) => n + r.errors, 0),
        });
        console.log(`  ${scenario} · ${peer} · ${conns} conn: ${rows.at(-1)!.rps.median.toFixed(0)} req/s, p99 ${rows.at(-1)!.p99.median} ms`);
      }
    }
  }
  return rows;
}

/** One request at a time, timed one by one: exact percentiles (cache off: each search is new work). */
export async function timedSequence(base: string, request: LoadRequest, count: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
    const json = (await response.json()) as { errors?: unknown };
    if (json.errors) throw new Error(`query failed: ${JSON.stringify(json.errors)}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

export interface GrowthRow {
  seeded: Seeded;
  figures: Partial<Record<Peer, LoadFigures>>;
  search: { p50: number; p95: number };
}

/** The agenda page at 32 connections on the uncached API, PostGraphile and the floor, at the current size. */
export async function growthPoint(peers: Peers, seeded: Seeded, duration: number): Promise<GrowthRow> {
  const figures: GrowthRow['figures'] = {};
  for (const peer of ['oursUncached', 'postgraphile', 'floor'] as const) {
    figures[peer] = await load(peers.base[peer], peers.request(peer, 'agenda')!, 32, duration);
    await settleDatabase(peers.databaseUrl);
  }
  const search = await timedSequence(peers.base.oursUncached, peers.request('oursUncached', 'search')!, 100);
  return { seeded, figures, search };
}

export async function grow(api: StartedApi, events: number): Promise<Seeded> {
  return (await ask<{ seeded: Seeded }>(api.process, { type: 'seed', events })).seeded;
}

/** EXPLAIN ANALYZE of the statements our agenda page and search run. */
export async function explainAgenda(databaseUrl: string, text: string): Promise<{ page: string; search: string }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const base = `SELECT o.id, o.event_id, o.starts_at, o.ends_at FROM event_occurrence o JOIN event e ON e.id = o.event_id
  WHERE e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= now()`;
  const plan = async (sql: string, params: unknown[] = []) =>
    (await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${sql}`, params)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  const page = await plan(`${base} ORDER BY o.starts_at, o.id LIMIT 51`);
  const search = await plan(
    `${base} AND e.search_vector @@ websearch_to_tsquery('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, $1)) ORDER BY o.starts_at, o.id LIMIT 51`,
    [text],
  );
  await client.end();
  return { page, search };
}

export function scenarioTable(rows: ScenarioRow[], fmt: (s: Spread, digits?: number) => string): string {
  const lines = ['| scenario | peer | connections | items | requests/s | p50 (ms) | p99 (ms) | errors |', '|---|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.scenario} | ${PEER_LABELS[row.peer]} | ${row.connections} | ${row.items} | ${fmt(row.rps)} | ${row.p50.median} | ${fmt(row.p99)} | ${row.errors} |`);
  }
  return lines.join('\n');
}

export function ratioTable(rows: ScenarioRow[]): string {
  const find = (scenario: Scenario, peer: Peer, connections: number) => rows.find((r) => r.scenario === scenario && r.peer === peer && r.connections === connections);
  const ratio = (a?: ScenarioRow, b?: ScenarioRow) => (a && b ? `${(a.rps.median / b.rps.median).toFixed(2)}×` : 'n/a');
  const connections = [...new Set(rows.map((r) => r.connections))];
  const lines = ['| scenario | connections | ours / PostGraphile | ours / floor | ours with cache off / PostGraphile | ours with cache off / floor |', '|---|---|---|---|---|---|'];
  for (const scenario of SCENARIOS) {
    for (const c of connections) {
      const ours = find(scenario, 'ours', c);
      const uncached = find(scenario, 'oursUncached', c);
      lines.push(`| ${scenario} | ${c} | ${ratio(ours, find(scenario, 'postgraphile', c))} | ${ratio(ours, find(scenario, 'floor', c))} | ${ratio(uncached, find(scenario, 'postgraphile', c))} | ${ratio(uncached, find(scenario, 'floor', c))} |`);
    }
  }
  return lines.join('\n');
}

export { SCENARIO_LABELS };

/**
 * After a load run: the statements its abandoned requests left running are cancelled, then the
 * run waits until no statement of the bench's database is active. A peer whose requests time out
 * (PostGraphile's filtered list, 2 s a statement) otherwise leaves ten backends busy for seconds, and
 * the next line of the table measures them instead of its own peer.
 */
export async function settleDatabase(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const others = `datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'`;
    await client.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE ${others} AND query_start < now() - interval '200 milliseconds'`);
    for (let tries = 0; tries < 100; tries += 1) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${others}`);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}
