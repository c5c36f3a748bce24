// Resilience runs: load held with writes mixed in, a PostgreSQL restart under load, and a
// graceful shutdown (SIGTERM) of the real API process during load and uploads.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { LIMITS } from '@nfc/shared';
import { findFreePort } from '@nfc/api/dist/database/embedded-postgres';
import { variantKey } from '@nfc/api/dist/media/media.service';
import { oursRequest, type LoadRequest, type ScenarioInputs } from './peers/scenarios';
import { SITE_PROXY_HEADERS } from '@nfc/shared';
import { BENCH_JWT_SECRET, BENCH_SITE_SECRET, ask, track, type StartedApi } from './processes';

export const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;

/** A new event each time (a unique title), in the coming months, in Belfort. */
export function newEvent(n: number) {
  const day = new Date(Date.now() + (10 + (n % 120)) * 86_400_000).toISOString().slice(0, 10);
  return {
    title: { fr: `Concert de charge n° ${n} ${randomUUID().slice(0, 8)}` },
    shortDescription: { fr: 'Un événement écrit pendant la mesure de charge.' },
    categories: ['concert'],
    isFree: true,
    place: { name: 'Maison du Peuple', communeInsee: '90010' },
    schedule: { allDay: false, dates: [{ start: `${day}T20:00`, end: `${day}T22:00` }] },
  };
}

export interface Sample {
  startedAt: number;
  endedAt: number;
  ok: boolean;
  write: boolean;
  code: string | null;
  eventId: string | null;
}

/** Sends one request; a GraphQL error or a non-2xx answer is a failure, with its code. */
export async function send(base: string, request: LoadRequest, write: boolean, timeoutMs: number): Promise<Sample> {
  const startedAt = performance.timeOrigin + performance.now();
  try {
    const response = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const endedAt = performance.timeOrigin + performance.now();
    let code: string | null = response.ok ? null : `HTTP_${response.status}`;
    let eventId: string | null = null;
    if (text.startsWith('{')) {
      const body = JSON.parse(text) as { data?: { createEvent?: { id: string } }; errors?: Array<{ extensions?: { code?: string } }> };
      if (body.errors?.length) code = body.errors[0]!.extensions?.code ?? 'UNKNOWN';
      eventId = body.data?.createEvent?.id ?? null;
    }
    return { startedAt, endedAt, ok: code === null, write, code, eventId };
  } catch (error) {
    const name = (error as Error).name;
    return { startedAt, endedAt: performance.timeOrigin + performance.now(), ok: false, write, code: name === 'TimeoutError' ? 'TIMEOUT' : 'CONNECTION', eventId: null };
  }
}

/** `clients` loops, each sending public reads with a share of writes by API key, until `until()` says stop. */
async function mixedLoad(base: string, key: string, inputs: ScenarioInputs, options: { clients: number; writeShare: number; until: () => boolean; timeoutMs?: number }): Promise<Sample[]> {
  const samples: Sample[] = [];
  const reads = (['agenda', 'filtered', 'search', 'event', 'ics'] as const).map((scenario) => oursRequest(scenario, inputs));
  let n = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (!options.until()) {
        n += 1;
        const write = Math.random() < options.writeShare;
        const request: LoadRequest = write
          ? { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: CREATE, variables: { i: newEvent(n) } }) }
          : reads[n % reads.length]!;
        const sample = await send(base, request, write, options.timeoutMs ?? 10_000);
        samples.push(sample);
        // A refused connection answers at once: a real client would back off rather than spin.
        if (sample.code === 'CONNECTION') await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  return samples;
}

export const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};

export function codes(samples: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) if (sample.code) counts[sample.code] = (counts[sample.code] ?? 0) + 1;
  return counts;
}

export interface LoadRun {
  clients: number;
  seconds: number;
  requests: number;
  writes: number;
  rps: number;
  errors: Record<string, number>;
  p50: number;
  p99: number;
  writeP99: number;
}

export async function heldLoad(api: StartedApi, inputs: ScenarioInputs, clients: number, seconds: number): Promise<LoadRun> {
  const end = Date.now() + seconds * 1000;
  const samples = await mixedLoad(api.base, api.key, inputs, { clients, writeShare: 0.05, until: () => Date.now() >= end });
  const latencies = samples.map((s) => s.endedAt - s.startedAt);
  return {
    clients,
    seconds,
    requests: samples.length,
    writes: samples.filter((s) => s.write).length,
    rps: samples.length / seconds,
    errors: codes(samples),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    writeP99: percentile(samples.filter((s) => s.write).map((s) => s.endedAt - s.startedAt), 0.99),
  };
}

export interface RestartRun {
  skipped?: string;
  outageMs?: number;
  recoveryMs?: number;
  acknowledgedWrites?: number;
  writesFoundAfter?: number;
  failedDuringOutage?: Record<string, number>;
  slowestFailureMs?: number;
  hangs?: number;
}

/** 20 clients (30 % writes) while the database stops for a second and starts again. */
export async function databaseRestart(api: StartedApi, inputs: ScenarioInputs, seconds: number): Promise<RestartRun> {
  if (!api.embedded) return { skipped: 'DATABASE_URL points at a server this benchmark does not own: no restart.' };
  let done = false;
  const running = mixedLoad(api.base, api.key, inputs, { clients: 20, writeShare: 0.3, until: () => done, timeoutMs: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const restartAt = Date.now();
  const restarted = await ask<{ restarted: boolean; outageMs: number; upAt: number; error?: string }>(api.process, { type: 'db-restart' }, 120_000);
  if (!restarted.restarted) {
    done = true;
    await running;
    throw new Error(`the database did not restart: ${restarted.error}`);
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  done = true;
  const samples = await running;
  // Recovery: from the database being up again to the first request that starts after it and succeeds.
  const firstOk = samples.filter((s) => s.ok && s.startedAt >= restarted.upAt).sort((a, b) => a.endedAt - b.endedAt)[0];
  const outage = samples.filter((s) => !s.ok);
  const acknowledged = samples.filter((s) => s.write && s.ok && s.eventId).map((s) => s.eventId!);
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM event WHERE id = ANY($1::uuid[])`, [acknowledged]);
  await client.end();
  return {
    outageMs: restarted.upAt - restartAt,
    recoveryMs: firstOk ? Math.round(Math.max(0, firstOk.endedAt - restarted.upAt)) : undefined,
    acknowledgedWrites: acknowledged.length,
    writesFoundAfter: rows[0].n,
    failedDuringOutage: codes(outage),
    slowestFailureMs: Math.round(Math.max(0, ...outage.map((s) => s.endedAt - s.startedAt))),
    hangs: outage.filter((s) => s.code === 'TIMEOUT').length,
  };
}

export interface ShutdownRun {
  inFlightAtSignal: number;
  inFlightCompleted: number;
  inFlightFailed: Record<string, number>;
  uploads: number[];
  exitCode: number | null;
  exitMs: number;
  filesOnDisk: number;
  orphanFiles: number;
  missingFiles: number;
  temporaryFiles: number;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) files.push(...(entry.isDirectory() ? await walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return files;
}

/**
 * The real product process (api/dist/main.js, production settings) on the bench database:
 * reads and four 24 MP uploads in flight, then SIGTERM. In-flight requests must finish,
 * and the media folder must match the database: no file without its row, no row without its files.
 */
export async function gracefulShutdown(api: StartedApi, inputs: ScenarioInputs, photo: Buffer, root: string): Promise<ShutdownRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nfc-bench-sigterm-'));
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const product = track(
    spawn(process.execPath, [join(root, 'api/dist/main.js')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', MAIL_OUTBOX: 'allow', DATABASE_URL: api.databaseUrl, JWT_SECRET: BENCH_JWT_SECRET, API_PORT: String(port), API_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_ANONYMOUS_PAGES_PER_SECOND: '100000000', RATE_LIMIT_API_KEY_PER_MINUTE: '100000000', RATE_LIMIT_UPLOADS_PER_MINUTE: '100000000' },
    }),
  );
  const exited = new Promise<number | null>((resolve) => product.once('exit', (code) => resolve(code)));
  for (let i = 0; ; i += 1) {
    if ((await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false))) break;
    if (i > 600) throw new Error('the API did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const inFlight = new Set<Promise<Sample>>();
  let stopping = false;
  const watch = (promise: Promise<Sample>) => {
    inFlight.add(promise);
    void promise.then(() => inFlight.delete(promise));
    return promise;
  };
  const uploadOnce = async (): Promise<Sample> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const startedAt = performance.timeOrigin + performance.now();
    const response = await fetch(`${base}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${api.key}` } }).catch(() => null);
    if (response) await response.arrayBuffer();
    return { startedAt, endedAt: performance.timeOrigin + performance.now(), ok: response?.status === 201, write: true, code: response ? (response.status === 201 ? null : `HTTP_${response.status}`) : 'CONNECTION', eventId: null };
  };
  const uploads = Array.from({ length: 4 }, () => watch(uploadOnce()));
  const readers = Array.from({ length: 20 }, async () => {
    const reads = (['agenda', 'event', 'search'] as const).map((scenario) => oursRequest(scenario, inputs));
    for (let n = 0; !stopping; n += 1) await watch(send(base, reads[n % reads.length]!, false, 15_000));
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const pending = [...inFlight];
  const signalAt = Date.now();
  product.kill('SIGTERM');
  stopping = true;
  const settled = await Promise.all(pending);
  const exitCode = await exited;
  const exitMs = Date.now() - signalAt;
  await Promise.all([...uploads, ...readers]);
  // The folder against the database: every key a row names, and nothing else.
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  const items = (await client.query(`SELECT original_key FROM media_item`)).rows.map((r: { original_key: string }) => r.original_key);
  const variants = (await client.query(`SELECT sha256, format FROM media_variant`)).rows.map((r: { sha256: string; format: 'jpeg' | 'webp' | 'avif' }) => variantKey(r.sha256, r.format));
  await client.end();
  const mediaDir = join(dataDir, 'media');
  const onDisk = (await walk(mediaDir)).map((file) => relative(mediaDir, file));
  const expected = new Set([...items, ...variants]);
  const disk = new Set(onDisk);
  return {
    inFlightAtSignal: pending.length,
    inFlightCompleted: settled.filter((s) => s.ok).length,
    inFlightFailed: codes(settled),
    uploads: await Promise.all(uploads).then((done) => done.map((s) => (s.ok ? 201 : Number(s.code?.replace('HTTP_', '')) || 0))),
    exitCode,
    exitMs,
    filesOnDisk: onDisk.length,
    orphanFiles: onDisk.filter((key) => !expected.has(key)).length,
    missingFiles: [...expected].filter((key) => !disk.has(key)).length,
    temporaryFiles: onDisk.filter((key) => key.includes('.tmp-')).length,
  };
}

// Parse cost: an anonymous client sends the costliest documents it can write, and /healthz must
// stay quick. The documents sit at the document budget's limits (api/src/http/document-budget.ts),
// just over them, and at the largest the 100 KB JSON body allows. Each starts with a comment of its
// own, so that neither Apollo's document cache nor the public query cache ever answers one twice.

export interface HostileDocument {
  name: string;
  /** Within every limit (the document budget, the page budget, the cost limit), or over one of them. */
  withinBudget: boolean;
  /** Runs agenda pages (SQL): what remains once the document itself costs nothing. */
  pages?: true;
  /** The JSON body of the n-th request. */
  body: (n: number) => string;
}

const TOKEN_LIST = (count: number) => '"x" '.repeat(count);
const nested = (levels: number, inner: string) => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;

/** Not hostile: the website's heaviest agenda query (a page of 50), each from its own instant so that no cache answers it. */
export function websiteAgendaQuery(): HostileDocument {
  const document = `query($f: EventFilter) { events(filter: $f, first: 50) { totalCount pageInfo { hasNextPage endCursor }
    nodes { startsAt endsAt event { id slug title status isFree priceMin categories { id label } image { credit variants { url width format } }
    place { name commune { name epci { name } } } } } } }`;
  return {
    name: "the website's heaviest agenda query",
    withinBudget: true,
    pages: true,
    body: (n) => JSON.stringify({ query: document, variables: { f: { from: new Date(Date.UTC(2026, 0, 1) + (n % 500_000) * 60_000).toISOString() } } }),
  };
}

export function hostileDocuments(): HostileDocument[] {
  const { maxTokens, maxQueryBytes, maxOperations, maxFragments, maxItemsPerRequest, maxPagesPerRequest, maxDirectives, maxInputDepth, maxVariableValues, maxAliases, maxJsonBodyBytes } = LIMITS;
  const tag = (n: number) => `#${n.toString(36)}\n`;
  const query = (document: (n: number) => string, variables?: unknown) => (n: number) => JSON.stringify({ query: tag(n) + document(n), ...(variables === undefined ? {} : { variables }) });
  // `{ events(filter: {categories: [ … ]}) { totalCount } }`: 16 tokens around the list.
  const categories = (tokens: number) => () => `{ events(filter: {categories: [${TOKEN_LIST(tokens - 16)}]}) { totalCount } }`;
  const directives = (count: number) => () => `{ territory { ${'name @include(if: true) '.repeat(count)}} }`;
  const operations = (count: number) => () => Array.from({ length: count }, (_, i) => `query q${i} { territory { name } }`).join(' ');
  const literal = (depth: number) => () => `{ events(filter: {categories: ${nested(depth - 1, '"x"')}}) { totalCount } }`;
  const byVariable = `query($f: EventFilter) { events(filter: $f) { totalCount } }`;
  // Pages of 100 occurrences under as many aliases as the cost limit lets through, each from its own instant.
  const from = (n: number, i: number) => new Date(Date.UTC(2026, 0, 1) + ((n * maxAliases + i) % 500_000) * 60_000).toISOString();
  const pages = (count: number, fields: string, first = 100) => (n: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: events(first: ${first}, filter: {from: "${from(n, i)}"}) { ${fields} }`).join(' ')} }`;
  const deepest = 'totalCount nodes { startsAt event { title place { name commune { name epci { name } } } } }';
  // Fragments spread side by side, chained, or inline: as many as the budget allows, and as the token limit would.
  const fan = (count: number) => () => `{ territory { ${Array.from({ length: count }, (_, i) => `...f${i}`).join(' ')} } } ${Array.from({ length: count }, (_, i) => `fragment f${i} on Territory { name }`).join(' ')}`;
  const chain = (count: number) => () => `{ territory { ...f0 } } ${Array.from({ length: count - 1 }, (_, i) => `fragment f${i} on Territory { name ...f${i + 1} }`).join(' ')} fragment f${count - 1} on Territory { name }`;
  const inline = (count: number) => () => `{ territory { ${'... on Territory { name } '.repeat(count)}} }`;
  const tokenFragments = Math.floor((maxTokens - 7) / 9);
  // Fill what the JSON body limit leaves, less the envelope.
  const fill = maxJsonBodyBytes - 200;
  const documents: HostileDocument[] = [
    { name: `${maxTokens} tokens: a filter of ${maxTokens - 16} categories`, withinBudget: true, body: query(categories(maxTokens)) },
    { name: `2 pages of 100 occurrences with event, place, commune and EPCI (as deep and costly as allowed), runs`, withinBudget: true, pages: true, body: query(pages(2, deepest)) },
    { name: `${maxPagesPerRequest} pages: count + ${Math.floor(maxItemsPerRequest / maxPagesPerRequest)} occurrences with their event, runs`, withinBudget: true, pages: true, body: query(pages(maxPagesPerRequest, 'totalCount nodes { startsAt event { title } }', Math.floor(maxItemsPerRequest / maxPagesPerRequest))) },
    { name: `${maxFragments} fragments side by side, runs`, withinBudget: true, body: query(fan(maxFragments)) },
    { name: `${maxFragments} fragments chained`, withinBudget: true, body: query(chain(maxFragments)) },
    { name: `${maxFragments} inline fragments, runs`, withinBudget: true, body: query(inline(maxFragments)) },
    { name: `one field repeated ${maxTokens - 5} times (graphql-js's overlap budget)`, withinBudget: true, body: query(() => `{ territory { ${'name '.repeat(maxTokens - 5)}} }`) },
    { name: `${maxDirectives} directives`, withinBudget: true, body: query(directives(maxDirectives)) },
    { name: `${maxOperations} operations`, withinBudget: true, body: query(operations(maxOperations)) },
    { name: `an argument literal ${maxInputDepth} levels deep`, withinBudget: true, body: query(literal(maxInputDepth)) },
    { name: `variables: ${maxVariableValues - 2} categories`, withinBudget: true, body: query(() => byVariable, { f: { categories: Array.from({ length: maxVariableValues - 2 }, () => 'x') } }) },
    { name: `variables ${maxInputDepth} levels deep`, withinBudget: true, body: query(() => byVariable, { f: { categories: JSON.parse(nested(maxInputDepth - 1, '"x"')) } }) },
    { name: `${maxQueryBytes + 1} bytes`, withinBudget: false, body: query(() => `{ territory { name } } #${'x'.repeat(maxQueryBytes - 23)}`) },
    { name: `${maxTokens + 1} tokens`, withinBudget: false, body: query(categories(maxTokens + 1)) },
    { name: `${maxOperations + 1} operations`, withinBudget: false, body: query(operations(maxOperations + 1)) },
    { name: `${maxFragments + 1} fragments side by side`, withinBudget: false, body: query(fan(maxFragments + 1)) },
    { name: `${tokenFragments} fragments side by side (as many as ${maxTokens} tokens hold)`, withinBudget: false, body: query(fan(tokenFragments)) },
    { name: `${tokenFragments} fragments chained`, withinBudget: false, body: query(chain(tokenFragments)) },
    { name: `${Math.floor((maxTokens - 5) / 6)} inline fragments`, withinBudget: false, body: query(inline(Math.floor((maxTokens - 5) / 6))) },
    { name: `${maxAliases} aliases × (count + ${Math.floor(maxItemsPerRequest / maxAliases)} occurrences) (over the page budget)`, withinBudget: false, body: query(pages(maxAliases, 'totalCount nodes { startsAt endsAt }', Math.floor(maxItemsPerRequest / maxAliases))) },
    { name: '9 aliases × 100 occurrences with their event (within the cost limit, over the page budget)', withinBudget: false, body: query(pages(9, 'totalCount nodes { startsAt event { title } }')) },
    { name: `3 pages of 100 occurrences with event, place, commune and EPCI (over the cost limit)`, withinBudget: false, body: query(pages(3, deepest)) },
    { name: `${maxDirectives + 1} directives`, withinBudget: false, body: query(directives(maxDirectives + 1)) },
    { name: `an argument literal ${maxInputDepth + 1} levels deep`, withinBudget: false, body: query(literal(maxInputDepth + 1)) },
    { name: `variables ${maxInputDepth + 1} levels deep`, withinBudget: false, body: query(() => byVariable, { f: { categories: JSON.parse(nested(maxInputDepth, '"x"')) } }) },
    { name: `variables: ${maxVariableValues} categories`, withinBudget: false, body: query(() => byVariable, { f: { categories: Array.from({ length: maxVariableValues }, () => 'x') } }) },
    { name: '100 KB body: one field repeated (~20,000 tokens)', withinBudget: false, body: query(() => `{ territory { ${'name '.repeat(Math.floor(fill / 5))}} }`) },
    { name: '100 KB body: tokens in a list (~17,000)', withinBudget: false, body: query(categories(Math.floor(fill / 6))) },
    { name: '100 KB body: directives (~4,000)', withinBudget: false, body: query(directives(Math.floor(fill / 24))) },
    { name: '100 KB body: an argument literal ~50,000 levels deep', withinBudget: false, body: query(literal(Math.floor(fill / 2))) },
    // Written by hand: JSON.stringify would overflow the stack on a value this deep.
    { name: '100 KB body: variables ~50,000 levels deep', withinBudget: false, body: (n) => `{"query": ${JSON.stringify(tag(n) + byVariable)}, "variables": {"f": {"categories": ${nested(Math.floor(fill / 2), '"x"')}}}}` },
  ];
  for (const document of documents) {
    const size = Buffer.byteLength(document.body(0));
    if (size > maxJsonBodyBytes) throw new Error(`hostile document "${document.name}" is ${size} bytes, over the JSON body limit`);
  }
  return documents;
}

export interface Probe {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
}

/** Waits until /healthz answers within 20 ms three times running (at most 30 s). */
async function settle(base: string): Promise<void> {
  for (let quick = 0, tries = 0; quick < 3 && tries < 300; tries += 1) {
    const started = performance.now();
    await fetch(`${base}/healthz`).then((response) => response.arrayBuffer()).catch(() => null);
    quick = performance.now() - started < 20 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** /healthz, one request at a time (keep-alive), until `until()` says stop. */
async function probeHealth(base: string, until: () => boolean): Promise<Probe> {
  const latencies: number[] = [];
  let failures = 0;
  // The first request opens the connection: not part of the figure.
  await fetch(`${base}/healthz`).then((response) => response.arrayBuffer()).catch(() => null);
  while (!until()) {
    const started = performance.now();
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) })
      .then(async (response) => (await response.arrayBuffer(), response.ok))
      .catch(() => false);
    latencies.push(performance.now() - started);
    if (!ok) failures += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { samples: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: Math.max(0, ...latencies), failures };
}

export interface HostileLoad {
  /** What was sent: the whole mix, or the costliest document alone. */
  sent: string;
  requests: number;
  rps: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  healthz: Probe;
}

/** autocannon on `connections`, the documents in turn, while a separate sequential prober times /healthz. */
async function hostileLoad(base: string, documents: HostileDocument[], connections: number, seconds: number, sent: string, visitor?: string): Promise<HostileLoad> {
  let n = 0;
  // `visitor`: one client at that address, as the website names it to the API (the site's channel).
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(visitor ? { [SITE_PROXY_HEADERS.clientIp]: visitor, [SITE_PROXY_HEADERS.secret]: BENCH_SITE_SECRET } : {}) };
  let done = false;
  const probing = probeHealth(base, () => done);
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 10,
    requests: documents.map((document) => ({ method: 'POST' as const, path: '/graphql', headers, setupRequest: (request: autocannon.Request) => ({ ...request, body: document.body((n += 1)) }) })),
  });
  done = true;
  const healthz = await probing;
  // autocannon stops at the deadline with requests still running on the server: let them finish.
  await settle(base);
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = stat?.count ?? 0;
  return { sent, requests: result.requests.total, rps: result.requests.average, statuses, errors: result.errors + result.timeouts, healthz };
}

export interface DocumentCost {
  name: string;
  withinBudget: boolean;
  bytes: number;
  /** Status and code of the answer, and the median time of `runs` sequential requests (ms), per server. */
  guarded: { answer: string; ms: number };
  unguarded: { answer: string; ms: number };
}

async function documentCost(base: string, document: HostileDocument, runs: number): Promise<{ answer: string; ms: number }> {
  const times: number[] = [];
  let answer = '';
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: document.body(1_000_000 + run), signal: AbortSignal.timeout(10_000) }).catch(() => null);
    const text = response ? await response.text() : '';
    times.push(performance.now() - started);
    let code: string;
    try {
      const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
      code = body.errors?.[0]?.extensions?.code ?? '';
    } catch {
      code = text ? 'not JSON' : '';
    }
    answer = response ? `${response.status}${code ? ` ${code}` : ''}` : 'no answer';
  }
  return { answer, ms: percentile(times, 0.5) };
}

export interface ParseCostRun {
  connections: number;
  seconds: number;
  /** Sequential requests per document, per server. */
  runs: number;
  /** The machine's 1-minute load average at the start and the end (other work skews every figure). */
  loadAverage: [number, number];
  idle: Probe;
  documents: DocumentCost[];
  unguarded: HostileLoad[];
  guarded: HostileLoad[];
  /** The same client against the API as deployed: every per-address budget on (requests, agenda pages). */
  deployed: HostileLoad[];
}

/**
 * The parse-cost run: each document alone (what it costs, what it gets, with and without the
 * budget), then 4 connections sending them all in turn, then the costliest alone, against the
 * server without the budget and the production one, while /healthz is probed.
 */
export async function parseCost(api: StartedApi, options: { connections: number; seconds: number; runs: number; costliestAlone: boolean }): Promise<ParseCostRun> {
  if (!api.unguarded) throw new Error('the parse-cost run needs the API child started with --unguarded');
  const documents = hostileDocuments();
  const loadAtStart = loadavg()[0]!;
  let idleDone = false;
  const idleEnd = Date.now() + Math.min(3, options.seconds) * 1000;
  const idle = await probeHealth(api.base, () => idleDone || Date.now() >= idleEnd);
  idleDone = true;
  const costs: DocumentCost[] = [];
  for (const document of documents) {
    costs.push({
      name: document.name,
      withinBudget: document.withinBudget,
      bytes: Buffer.byteLength(document.body(0)),
      unguarded: await documentCost(api.unguarded, document, options.runs),
      guarded: await documentCost(api.base, document, options.runs),
    });
  }
  const loads = async (base: string, side: 'guarded' | 'unguarded') => {
    const runs = [await hostileLoad(base, documents, options.connections, options.seconds, 'all documents in turn')];
    if (options.costliestAlone) {
      runs.push(await hostileLoad(base, documents.filter((d) => !d.pages), options.connections, options.seconds, 'all but the agenda pages (what the documents themselves cost)'));
      const costliest = [...costs].sort((a, b) => b[side].ms - a[side].ms)[0]!;
      runs.push(await hostileLoad(base, documents.filter((d) => d.name === costliest.name), options.connections, options.seconds, `the costliest alone: ${costliest.name}`));
      if (side === 'guarded') {
        // The floor: what 4 connections of the cheapest document do to /healthz on this machine.
        const cheapest: HostileDocument = { name: '{ __typename }', withinBudget: true, body: (n) => JSON.stringify({ query: `#${n.toString(36)}\n{ __typename }` }) };
        runs.push(await hostileLoad(base, [cheapest], options.connections, options.seconds, 'for reference, not hostile: `{ __typename }`, the cheapest document'));
        runs.push(await hostileLoad(base, [websiteAgendaQuery()], options.connections, options.seconds, "for reference, not hostile: the website's heaviest agenda query, no cache"));
      }
    }
    return runs;
  };
  const unguarded = await loads(api.unguarded, 'unguarded');
  const guarded = await loads(api.base, 'guarded');
  const deployed = api.deployed
    ? [
        await hostileLoad(api.deployed, documents, options.connections, options.seconds, 'all documents in turn, one visitor', '198.51.100.1'),
        await hostileLoad(api.deployed, documents.filter((d) => d.pages), options.connections, options.seconds, 'the agenda pages alone, another visitor', '198.51.100.2'),
      ]
    : [];
  return { connections: options.connections, seconds: options.seconds, runs: options.runs, loadAverage: [loadAtStart, loadavg()[0]!], idle, documents: costs, unguarded, guarded, deployed };
}
