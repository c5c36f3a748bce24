// Resilience runs: load held with writes mixed in, a PostgreSQL restart under load, and a
// graceful shutdown (SIGTERM) of the real API process during load and uploads.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { findFreePort } from '@nfc/api/dist/database/embedded-postgres';
import { variantKey } from '@nfc/api/dist/media/media.service';
import { oursRequest, type LoadRequest, type ScenarioInputs } from './peers/scenarios';
import { BENCH_JWT_SECRET, ask, track, type StartedApi } from './processes';

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;

/** A new event each time (a unique title), in the coming months, in Belfort. */
function newEvent(n: number) {
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

interface Sample {
  startedAt: number;
  endedAt: number;
  ok: boolean;
  write: boolean;
  code: string | null;
  eventId: string | null;
}

/** Sends one request; a GraphQL error or a non-2xx answer is a failure, with its code. */
async function send(base: string, request: LoadRequest, write: boolean, timeoutMs: number): Promise<Sample> {
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

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};

function codes(samples: Sample[]): Record<string, number> {
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
      env: { ...process.env, NODE_ENV: 'production', MAIL_OUTBOX: 'allow', DATABASE_URL: api.databaseUrl, JWT_SECRET: BENCH_JWT_SECRET, API_PORT: String(port), API_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_API_KEY_PER_MINUTE: '100000000', RATE_LIMIT_UPLOADS_PER_MINUTE: '100000000' },
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
