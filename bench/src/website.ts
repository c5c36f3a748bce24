// The website part of the bench (npm run bench -- --website): the built Astro server
// (web/dist/server/entry.mjs) in its own process, on the bench's API with a seeded agenda;
// autocannon on its pages beside a static file it serves and the bare node:http floor; then
// Lighthouse (mobile, simulated throttling) on every template of the site, and the home page's
// HTML + CSS + JS weight, gzip-compressed as the production proxy would send it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedDemoEventImages } from '@nfc/api/dist/agenda/seed-demo-images';
import { loadConfig } from '@nfc/api/dist/config';
import { createContestDeps } from '@nfc/api/dist/contest/contest-deps';
import { seedDemoContest } from '@nfc/api/dist/contest/seed-demo-contest';
import { seedDemoContestEntries } from '@nfc/api/dist/contest/seed-demo-entries';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { createLogger } from '@nfc/api/dist/logger';
import { MediaService } from '@nfc/api/dist/media/media.service';
import { LocalStorage } from '@nfc/api/dist/media/storage/local-storage';
import { median } from './fixtures';
import { BENCH_JWT_SECRET, BENCH_SITE_SECRET, child, load, spread, startApi, stop, track, type LoadFigures, type Seeded, type Spread, type StartedApi } from './processes';
import { auditPages, chromiumPath, type FailingAudit, type PageAudit } from './lighthouse-audit';

const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'web', 'dist', 'server', 'entry.mjs');
const CLIENT = join(ROOT, 'web', 'dist', 'client');

/** Every template of the public site, as a visitor reaches it (the event page's slug is found at run time). */
export const TEMPLATES = ['/', '/agenda', '/agenda?vue=carte', 'EVENT', '/territoire', '/territoire/200069052', '/concours', '/kit', '/design', '/mentions-legales', '/accessibilite', '/confidentialite', '/en', '/de'] as const;
/** --quick: the home page, the agenda and an event page only. */
const QUICK_TEMPLATES = ['/', '/agenda', 'EVENT'] as const;

export const TARGETS = { performance: 95, lcpMs: 2000, homeGzipKb: 100 } as const;

export interface WebsiteOptions {
  quick: boolean;
  /** Events seeded in the bench's agenda. */
  events: number;
  /** autocannon runs per line, seconds per run. */
  runs: number;
  duration: number;
  connections: number;
  /** Lighthouse runs per page (the median run is kept). */
  lighthouseRuns: number;
  /** Where to keep each page's full Lighthouse report (JSON, its median run), if anywhere. */
  lighthouseReports?: string;
}

export interface ThroughputLine {
  label: string;
  path: string;
  rps: Spread;
  p50: number;
  p99: number;
  /** Bytes of one answer. */
  bytes: number;
}

export interface PageWeight {
  html: { raw: number; gzip: number };
  css: Array<{ path: string; raw: number; gzip: number }>;
  js: Array<{ path: string; raw: number; gzip: number }>;
  raw: number;
  gzip: number;
}

export interface WebsiteResults {
  machine: string;
  date: string;
  node: string;
  options: WebsiteOptions;
  seeded: Seeded;
  demo: { images: number; events: number; entries: number };
  /** The API's public read cache, in ms (0: off), as the bench's API child configures it. */
  apiCacheMs: number;
  /** Load average (1 min) at the start, between the load runs and Lighthouse, and at the end. */
  loadAverage: [number, number, number];
  eventPath: string;
  staticFile: { path: string; bytes: number };
  lines: ThroughputLine[];
  /** The agenda page with the website reading an API whose public read cache is off. */
  uncachedAgenda: ThroughputLine;
  floor: ThroughputLine;
  weight: PageWeight;
  lighthouse: { skipped?: string; pages: PageAudit[]; runs?: number; version?: string; browser?: string; benchmarkIndex?: number; settings?: string };
}

export const machineLine = (): string => `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;

/** The API child's public read cache (api/src/config.ts: PUBLIC_QUERY_CACHE_SECONDS, 10 s in production). */
function apiCacheMs(): number {
  const raw = process.env.PUBLIC_QUERY_CACHE_SECONDS;
  const seconds = raw === undefined || raw === '' ? 10 : Number(raw);
  if (!Number.isInteger(seconds)) throw new Error(`PUBLIC_QUERY_CACHE_SECONDS must be an integer, got "${raw}"`);
  return seconds * 1000;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The API's public address, as browsers reach it: a loopback TCP forwarder listening before the API
 * starts (the bench's API listens on a port of its own choosing, but writes its public address into
 * every picture and brand file URL), then piped to it. Pages read the API directly (API_URL).
 */
async function publicAddress(): Promise<{ url: string; target(port: number): void; close(): Promise<void> }> {
  let port = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const upstream = connect(port, '127.0.0.1');
    sockets.add(upstream);
    const end = () => {
      socket.destroy();
      upstream.destroy();
      sockets.delete(socket);
      sockets.delete(upstream);
    };
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    target: (to) => (port = to),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a fresh \`npm start\` shows besides the agenda (api/src/main.ts): one illustration per category on
 * four events in five, and the demo contest with its gallery of illustrated entries; made with the
 * API's own seeding, on the bench API's database and media folder, so every page has its pictures.
 */
async function seedDemoContent(api: StartedApi): Promise<{ images: number; events: number; entries: number }> {
  const dataSource = createDataSource({ url: api.databaseUrl });
  await dataSource.initialize();
  try {
    const logger = createLogger('warn');
    const dataDir = dirname(api.mediaDir);
    // The API's own settings, as the bench's API child has them (its folder: mail goes to its outbox, if any).
    const config = loadConfig({ env: 'production', jwtSecret: BENCH_JWT_SECRET, dataDir, logLevel: 'warn', smtpUrl: undefined, outboxDir: join(dataDir, 'outbox') });
    const media = new MediaService({ dataSource, storage: new LocalStorage(api.mediaDir), logger });
    const { images, events } = await seedDemoEventImages(dataSource, media);
    const contest = createContestDeps({ config, dataSource, media, logger });
    await seedDemoContest(dataSource, contest);
    const { entries } = await seedDemoContestEntries(dataSource, contest);
    return { images, events, entries };
  } finally {
    await dataSource.destroy();
  }
}

export interface StartedWebsite {
  base: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The built website, as production runs it, in its own process, reading the API at `apiBase`
 * and sending browsers to it at `publicApi`.
 */
export async function startWebsite(apiBase: string, publicApi: string, chosenPort?: number, env: Record<string, string> = {}): Promise<StartedWebsite> {
  if (!existsSync(ENTRY)) throw new Error(`The website is not built (${relative(ROOT, ENTRY)} is missing): npm run bench builds it first (turbo run build).`);
  const port = chosenPort ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const site = track(
    spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), API_URL: apiBase, PUBLIC_API_URL: publicApi, PUBLIC_SITE_URL: base, SITE_PROXY_SECRET: BENCH_SITE_SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  site.stdout!.on('data', keep);
  site.stderr!.on('data', keep);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (site.exitCode !== null) throw new Error(`The website exited (${site.exitCode}) before answering:\n${output}`);
    try {
      const response = await fetch(`${base}/mentions-legales`, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The website did not answer 200 within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    process: site,
    stop: async () => {
      // Exited already (by itself, or by a signal: then exitCode stays null).
      if (site.exitCode !== null || site.signalCode !== null) return;
      const exited = new Promise((resolve) => site.once('exit', resolve));
      site.kill('SIGTERM');
      const timer = setTimeout(() => site.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A GET that must answer 200 (no redirect): the load runs count only what a visitor is meant to get. */
async function get200(url: string): Promise<{ body: Buffer; type: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}${response.headers.get('location') ? ` (to ${response.headers.get('location')})` : ''}: ${body.toString('utf8').slice(0, 300)}`);
  return { body, type: response.headers.get('content-type') ?? '' };
}

/** A file of dist/client that the website serves as is: a built stylesheet, else a script, else the favicon, else any. */
function pickStaticFile(): { path: string; file: string; bytes: number } {
  if (!existsSync(CLIENT)) throw new Error(`${relative(ROOT, CLIENT)} is missing: the website is not built`);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(relative(CLIENT, full).split(sep).join('/'));
    }
  };
  walk(CLIENT);
  const ranked = [(f: string) => f.startsWith('_astro/') && f.endsWith('.css'), (f: string) => f.startsWith('_astro/') && f.endsWith('.js'), (f: string) => f === 'favicon.svg', () => true];
  for (const test of ranked) {
    const found = files.filter(test).sort((a, b) => statSync(join(CLIENT, a)).size - statSync(join(CLIENT, b)).size);
    // The median-sized file of its kind: neither the tiniest chunk nor the largest.
    const chosen = found[Math.floor(found.length / 2)];
    if (chosen) return { path: `/${chosen}`, file: join(CLIENT, chosen), bytes: statSync(join(CLIENT, chosen)).size };
  }
  throw new Error(`${relative(ROOT, CLIENT)} holds no file to serve`);
}

/** The slug of the first upcoming event of the seeded agenda, read from the API as the website reads it. */
async function firstEventSlug(apiBase: string): Promise<string> {
  const response = await fetch(`${apiBase}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ events(first: 1) { nodes { event { slug } } } }' }) });
  const body = (await response.json()) as { data?: { events: { nodes: Array<{ event: { slug: string } }> } }; errors?: unknown };
  const slug = body.data?.events.nodes[0]?.event.slug;
  if (!slug) throw new Error(`No upcoming event in the seeded agenda: ${JSON.stringify(body).slice(0, 300)}`);
  return slug;
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) found[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').replaceAll('&amp;', '&');
  return found;
}

/**
 * The page's HTML and every same-origin stylesheet and script it loads (linked, module-preloaded,
 * or imported by those scripts), each gzip-compressed at level 6 on its own, as the proxy sends them.
 * Inline styles and scripts are part of the HTML. Fonts and images are not counted.
 */
export async function pageWeight(base: string, path: string, alsoLoaded: string[] = []): Promise<PageWeight> {
  const pageUrl = new URL(path, base);
  const { body: html } = await get200(pageUrl.href);
  const css = new Set<string>();
  const js = new Set<string>();
  const sameOrigin = (href: string, from: URL) => {
    const url = new URL(href, from);
    return url.origin === pageUrl.origin ? url.pathname + url.search : null;
  };
  const text = html.toString('utf8');
  for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(tag);
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    const target = a.href ? sameOrigin(a.href, pageUrl) : null;
    if (!target) continue;
    if (rel.includes('stylesheet') || (rel.includes('preload') && a.as === 'style')) css.add(target);
    if (rel.includes('modulepreload') || (rel.includes('preload') && a.as === 'script')) js.add(target);
  }
  for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) {
    const src = attributes(tag).src;
    const target = src ? sameOrigin(src, pageUrl) : null;
    if (target) js.add(target);
  }
  for (const loaded of alsoLoaded) {
    const target = sameOrigin(loaded, pageUrl);
    if (target && /\.css(\?|$)/.test(target)) css.add(target);
    else if (target) js.add(target);
  }
  const fetched = new Map<string, Buffer>();
  const queue = [...js];
  while (queue.length) {
    const script = queue.shift()!;
    if (fetched.has(script)) continue;
    const { body } = await get200(new URL(script, pageUrl).href);
    fetched.set(script, body);
    // Static and dynamic imports of other chunks.
    for (const m of body.toString('utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.m?js)["']/g)) {
      const target = sameOrigin(m[1]!, new URL(script, pageUrl));
      if (target && !js.has(target)) {
        js.add(target);
        queue.push(target);
      }
    }
  }
  const sized = async (list: Set<string>) =>
    Promise.all(
      [...list].sort().map(async (p) => {
        const body = fetched.get(p) ?? (await get200(new URL(p, pageUrl).href)).body;
        return { path: p, raw: body.length, gzip: gzipSync(body, { level: 6 }).length };
      }),
    );
  const cssSizes = await sized(css);
  const jsSizes = await sized(js);
  const htmlSize = { raw: html.length, gzip: gzipSync(html, { level: 6 }).length };
  const all = [htmlSize, ...cssSizes, ...jsSizes];
  return { html: htmlSize, css: cssSizes, js: jsSizes, raw: all.reduce((n, s) => n + s.raw, 0), gzip: all.reduce((n, s) => n + s.gzip, 0) };
}

interface Target {
  label: string;
  base: string;
  path: string;
}

/** One autocannon run on one target; a single answer that is not 2xx, an error or a timeout fails the bench. */
async function loadOnce(target: Target, options: WebsiteOptions): Promise<LoadFigures> {
  const figures = await load(target.base, { path: target.path, method: 'GET' }, options.connections, options.duration);
  if (figures.errors) {
    const status = await fetch(target.base + target.path, { redirect: 'manual' }).then(
      async (r) => {
        await r.arrayBuffer();
        return String(r.status);
      },
      (error: unknown) => String(error),
    );
    throw new Error(`${target.label} (${target.base}${target.path}): ${figures.errors} answers were not 2xx, or were errors or timeouts, in ${options.duration} s at ${options.connections} connections (a GET now answers ${status})`);
  }
  return figures;
}

/** Every target in turn, run after run, so that whatever else the machine does weighs on all of them alike. */
async function measureAll(targets: Target[], options: WebsiteOptions): Promise<ThroughputLine[]> {
  const sizes = await Promise.all(targets.map(async (t) => (await get200(t.base + t.path)).body.length));
  // Warm-up, not counted: a freshly started process runs its first seconds before the JIT has compiled its rendering.
  for (const target of targets) await loadOnce(target, { ...options, duration: options.quick ? 1 : 3 });
  const runs: LoadFigures[][] = targets.map(() => []);
  for (let run = 0; run < options.runs; run += 1) {
    for (const [index, target] of targets.entries()) runs[index]!.push(await loadOnce(target, options));
  }
  return targets.map((target, index) => {
    const figures = runs[index]!;
    const line = { label: target.label, path: target.path, rps: spread(figures.map((r) => r.rps)), p50: median(figures.map((r) => r.p50)), p99: median(figures.map((r) => r.p99)), bytes: sizes[index]! };
    console.log(`  ${line.label}: ${line.rps.median.toFixed(0)} req/s, p50 ${line.p50} ms, p99 ${line.p99} ms`);
    return line;
  });
}

/** The whole website part: one API, one website on it (and a second on the API's uncached server), then Lighthouse. */
export async function measureWebsite(options: WebsiteOptions): Promise<WebsiteResults> {
  const startLoad = loadavg()[0]!;
  console.log(`Website: the API with ${options.events.toLocaleString('en')} seeded events and the demo kit…`);
  // The API writes its public address (PUBLIC_API_URL) and the site's (PUBLIC_SITE_URL) into its answers: both known before it starts.
  const apiAddress = await publicAddress();
  const sitePort = await freePort();
  const saved = { api: process.env.PUBLIC_API_URL, site: process.env.PUBLIC_SITE_URL };
  process.env.PUBLIC_API_URL = apiAddress.url;
  process.env.PUBLIC_SITE_URL = `http://127.0.0.1:${sitePort}`;
  let api: StartedApi;
  try {
    api = await startApi([`--agenda=${options.events}`]);
  } catch (error) {
    await apiAddress.close();
    throw error;
  } finally {
    for (const [name, value] of [['PUBLIC_API_URL', saved.api], ['PUBLIC_SITE_URL', saved.site]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  apiAddress.target(Number(new URL(api.base).port));
  const sites: StartedWebsite[] = [];
  let floorProcess: ChildProcess | undefined;
  try {
    console.log('Website: the demo pictures and contest, as a fresh start has them…');
    const demo = await seedDemoContent(api);
    console.log(`  ${demo.images} illustrations on ${demo.events} events, ${demo.entries} contest entries`);
    const site = await startWebsite(api.base, apiAddress.url, sitePort);
    sites.push(site);
    const slug = await firstEventSlug(api.base);
    const eventPath = `/agenda/${encodeURIComponent(slug)}`;
    const staticFile = pickStaticFile();
    const served = await get200(site.base + staticFile.path);
    if (served.body.length !== staticFile.bytes) throw new Error(`${staticFile.path} is served with ${served.body.length} bytes, the file has ${staticFile.bytes}`);
    const { process: floorChild, message: { ready: floorUrl } } = await child<{ ready: string }>('static-child.js', [staticFile.file]);
    floorProcess = floorChild;

    const uncachedSite = await startWebsite(api.uncached, apiAddress.url);
    sites.push(uncachedSite);
    console.log(`Website throughput: ${options.connections} connections, ${options.runs} × ${options.duration} s per line…`);
    // Warm both caches (the API's and the website's own) once per page before measuring.
    for (const path of ['/', '/agenda', eventPath]) await get200(site.base + path);
    await get200(uncachedSite.base + '/agenda');
    const floorAddress = new URL(floorUrl);
    const measured = await measureAll(
      [
        { label: 'agenda page', base: site.base, path: '/agenda' },
        { label: 'event page', base: site.base, path: eventPath },
        { label: 'home page', base: site.base, path: '/' },
        { label: 'static file, served by the website', base: site.base, path: staticFile.path },
        { label: 'bare node:http, same file', base: floorAddress.origin, path: floorAddress.pathname },
        { label: 'agenda page, API cache off', base: uncachedSite.base, path: '/agenda' },
      ],
      options,
    );
    await uncachedSite.stop();
    const afterLoad = loadavg()[0]!;
    const lines = measured.slice(0, 4);
    const [floor, uncachedAgenda] = measured.slice(4) as [ThroughputLine, ThroughputLine];

    const templates = options.quick ? QUICK_TEMPLATES : TEMPLATES;
    const pages = templates.map((t) => (t === 'EVENT' ? eventPath : t));
    for (const page of pages) await get200(site.base + page);
    const chromium = chromiumPath();
    let lighthouse: WebsiteResults['lighthouse'];
    if (!chromium) {
      const why = 'no Chromium found (set CHROMIUM_PATH, or apt-get install -y chromium)';
      console.log(`Lighthouse: SKIPPED, ${why}.`);
      lighthouse = { skipped: why, pages: [] };
    } else {
      console.log(`Lighthouse (mobile, simulated throttling) on ${pages.length} pages with ${chromium}…`);
      lighthouse = await auditPages(site.base, apiAddress.url, pages, chromium, options.lighthouseRuns, options.lighthouseReports);
      if (options.lighthouseReports) console.log(`Lighthouse reports (JSON) in ${options.lighthouseReports}`);
    }
    const homeAudit = lighthouse.pages.find((p) => p.path === '/');
    const weight = await pageWeight(site.base, '/', homeAudit?.scriptsAndStyles ?? []);
    return {
      machine: machineLine(),
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      options,
      seeded: api.agenda!,
      demo,
      apiCacheMs: apiCacheMs(),
      loadAverage: [startLoad, afterLoad, loadavg()[0]!],
      eventPath,
      staticFile: { path: staticFile.path, bytes: staticFile.bytes },
      lines,
      uncachedAgenda,
      floor,
      weight,
      lighthouse,
    };
  } finally {
    for (const site of sites) await site.stop();
    if (floorProcess) await stop(floorProcess);
    await stop(api.process);
    await apiAddress.close();
  }
}

function describeAudit(f: FailingAudit): string {
  const culprits = f.culprits.length ? `; ${f.culprits.map((c) => `\`${c.replaceAll('`', "'")}\``).join(', ')}` : '';
  return `${f.category}: *${f.title}* (\`${f.id}\`${f.displayValue ? `, ${f.displayValue}` : ''}${f.score === null ? ', errored' : `, score ${f.score}`}${culprits})`;
}

/** " (min–max)" when the runs differ. */
const range = ([min, max]: [number, number], digits: number) => (min.toFixed(digits) === max.toFixed(digits) ? '' : ` (${min.toFixed(digits)}–${max.toFixed(digits)})`);
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export interface WebsiteTargets {
  /** The worst median run, and the worst single run with the pages it was on. */
  performance: { worst: number; worstRun: number; worstRunPages: string[]; ok: boolean } | null;
  /** The worst median run, and the worst single run. */
  lcp: { worst: number; worstRun: number; ok: boolean } | null;
  homeGzip: { kb: number; ok: boolean };
}

export function websiteTargets(r: WebsiteResults): WebsiteTargets {
  const pages = r.lighthouse.pages;
  const worstPerf = pages.length ? Math.min(...pages.map((p) => p.scores.performance)) : null;
  const worstLcp = pages.length ? Math.max(...pages.map((p) => p.lcpMs)) : null;
  return {
    performance:
      worstPerf === null
        ? null
        : (() => {
            const worstRun = Math.min(...pages.map((p) => p.performanceRange[0]));
            return { worst: worstPerf, worstRun, worstRunPages: pages.filter((p) => p.performanceRange[0] < TARGETS.performance).map((p) => p.path), ok: worstPerf >= TARGETS.performance };
          })(),
    lcp: worstLcp === null ? null : { worst: worstLcp, worstRun: Math.max(...pages.map((p) => p.lcpRange[1])), ok: worstLcp <= TARGETS.lcpMs },
    homeGzip: { kb: r.weight.gzip / 1024, ok: r.weight.gzip / 1024 <= TARGETS.homeGzipKb },
  };
}

export function websiteSection(r: WebsiteResults): string {
  const staticLine = r.lines.find((l) => l.path === r.staticFile.path)!;
  const ratio = (l: ThroughputLine) => (l.rps.median / staticLine.rps.median).toPrecision(2);
  const row = (l: ThroughputLine) => `| ${l.label} | \`${l.path}\` | ${kb(l.bytes)} | ${l.rps.median.toFixed(0)} (${l.rps.min.toFixed(0)}–${l.rps.max.toFixed(0)}) | ${l.p50} | ${l.p99} | ${ratio(l)}× |`;
  const cache = r.apiCacheMs ? `**on** (${r.apiCacheMs / 1000} s, production's default \`PUBLIC_QUERY_CACHE_SECONDS\`)` : '**off** (`PUBLIC_QUERY_CACHE_SECONDS=0`)';
  const targets = websiteTargets(r);
  const agendaLine = r.lines.find((l) => l.path === '/agenda')!;
  const uncachedRatio = r.uncachedAgenda.rps.median / agendaLine.rps.median;
  const uncachedVerdict =
    Math.abs(uncachedRatio - 1) <= 0.1
      ? `runs at about the same rate (${uncachedRatio.toFixed(2)}× the cached line's requests/s)`
      : `runs at ${uncachedRatio.toFixed(2)}× the cached line's requests/s (more than 10 % apart, with the runs interleaved: the API's cache shows here)`;
  const lh = r.lighthouse;
  const lighthouseBlock = lh.skipped
    ? `Lighthouse: **skipped**, ${lh.skipped}.`
    : `Lighthouse ${lh.version}, ${lh.settings}, in ${lh.browser} (headless), ${lh.runs === 1 ? 'one run per page' : `${lh.runs} runs per page, each figure their median, with the runs' range where they differ`}; the machine's Lighthouse benchmark index: ${lh.benchmarkIndex?.toFixed(0)}.
Simulated throttling computes the metrics from a trace recorded on this machine: a busy or slow machine lowers them. Scores out of 100.
Targets: performance ≥ ${TARGETS.performance} on every template, LCP ≤ ${TARGETS.lcpMs} ms.

| page | performance | accessibility | best practices | SEO | LCP (ms) | CLS | TBT (ms) | FCP (ms) | bytes loaded (KB, uncompressed) | perf ≥ ${TARGETS.performance} | LCP ≤ ${TARGETS.lcpMs} ms |
|---|---|---|---|---|---|---|---|---|---|---|---|
${lh.pages.map((p) => `| \`${p.path}\` | ${p.scores.performance}${range(p.performanceRange, 0)} | ${p.scores.accessibility} | ${p.scores.bestPractices} | ${p.scores.seo} | ${p.lcpMs.toFixed(0)}${range(p.lcpRange, 0)} | ${p.cls.toFixed(3)}${range(p.clsRange, 3)} | ${p.tbtMs.toFixed(0)} | ${p.fcpMs.toFixed(0)} | ${kb(p.totalBytes)} | ${mark(p.scores.performance >= TARGETS.performance)} | ${mark(p.lcpMs <= TARGETS.lcpMs)} |`).join('\n')}

Audits that did not pass (score below 0.9, or below 1 for a pass/fail audit), per page. Insights and diagnostics do not count in the score;
*Document request latency* fails on every page here because the node server does not compress (in production the proxy does).

${lh.pages.map((p) => `- \`${p.path}\`: ${p.failing.length ? p.failing.map(describeAudit).join('; ') : 'none'}${p.failingInOtherRuns.length ? `. **In ${p.failingInOtherRuns.length > 1 ? 'other runs' : 'another run'} only:** ${p.failingInOtherRuns.map((f) => `${describeAudit(f)} in ${f.runs} of ${p.runs} runs`).join('; ')}` : ''}`).join('\n')}`;
  const w = r.weight;
  return `<!-- website:start -->
## The website (\`npm run bench -- --website\`)

Measured${r.options.quick ? ' in quick mode (one short run per line, Lighthouse on three pages: not for comparison)' : ''} on ${r.date}, ${r.machine}, Node ${r.node}.
The built website (\`web/dist/server/entry.mjs\`, \`NODE_ENV=production\`) runs in its own process on the bench's API (its own process, the demo kit and
${r.seeded.events.toLocaleString('en')} seeded events, ${r.seeded.occurrences.toLocaleString('en')} occurrences; rate limits off), with \`SITE_PROXY_SECRET\` set as in production so that each
API call carries the visitor's address. As on a fresh \`npm start\`, ${r.demo.events.toLocaleString('en')} events show one of ${r.demo.images} demo illustrations (the others their
category's drawing) and the demo contest has ${r.demo.entries} illustrated entries; the API's own seeding made them. Everything shares the machine's ${cpus().length} cores with autocannon and PostgreSQL, on loopback.
Load average (1 min) at the start, after the load runs and at the end: ${r.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (above about 2, other work shared the cores).

### Throughput

autocannon, ${r.options.connections} connections, ${r.options.runs} run${r.options.runs > 1 ? 's' : ''} of ${r.options.duration} s per line, after a warm-up run of each, the lines taking turns
(requests/s: median with min–max; latencies in ms: median of the runs).
Every answer was 200 (a non-2xx answer, an error or a timeout fails the run). The static file is one of the website's built files
(\`dist/client\`), served by the same website process; the bare node:http floor streams the same file from disk in its own process.
The event page is \`${r.eventPath}\`, the first upcoming event. Pages are sent uncompressed (in production the proxy compresses them).

| what | path | answer (KB) | requests/s | p50 | p99 | ÷ static file |
|---|---|---|---|---|---|---|
${r.lines.map(row).join('\n')}
| bare node:http floor, same file | — | ${kb(r.floor.bytes)} | ${r.floor.rps.median.toFixed(0)} (${r.floor.rps.min.toFixed(0)}–${r.floor.rps.max.toFixed(0)}) | ${r.floor.p50} | ${r.floor.p99} | ${ratio(r.floor)}× |
| agenda page, the website reading the API's uncached server | \`/agenda\` | ${kb(r.uncachedAgenda.bytes)} | ${r.uncachedAgenda.rps.median.toFixed(0)} (${r.uncachedAgenda.rps.min.toFixed(0)}–${r.uncachedAgenda.rps.max.toFixed(0)}) | ${r.uncachedAgenda.p50} | ${r.uncachedAgenda.p99} | ${ratio(r.uncachedAgenda)}× |

The API's public read cache was ${cache} for the first lines. It matters less than it seems: the website keeps its own public reads in
memory for 30 s (\`web/src/lib/api.ts\`), so a page asked again and again reaches the API about once per 30 s per query, and these figures
are mostly the cost of rendering the page in Astro, not of the database. The last line checks it: the same page, with the website reading
the API's server whose cache is off, ${uncachedVerdict}. A visitor's first page after those 30 s, a filtered agenda or a search
(new queries) pays the API's own cost instead: see the shared agenda's figures in this file, cache on and off.

### Lighthouse (mobile)

${lighthouseBlock}

### Weight of the home page

The HTML of \`/\` (its styles are inlined) and every same-origin script it loads${lh.pages.some((p) => p.path === '/') ? ' (the ones Lighthouse saw loading included)' : ''}, each compressed with gzip at level 6
(the node server does not compress; the production proxy does). Fonts and images are not counted.

| what | files | uncompressed (KB) | gzip -6 (KB) |
|---|---|---|---|
| HTML (inline CSS and scripts included) | 1 | ${kb(w.html.raw)} | ${kb(w.html.gzip)} |
| CSS files | ${w.css.length} | ${kb(w.css.reduce((n, f) => n + f.raw, 0))} | ${kb(w.css.reduce((n, f) => n + f.gzip, 0))} |
| JS files | ${w.js.length} | ${kb(w.js.reduce((n, f) => n + f.raw, 0))} | ${kb(w.js.reduce((n, f) => n + f.gzip, 0))} |
| **total** | ${1 + w.css.length + w.js.length} | ${kb(w.raw)} | **${kb(w.gzip)}** |

### Targets

| what | target | measured | met |
|---|---|---|---|
| Lighthouse performance (mobile), every template | ≥ ${TARGETS.performance} | ${targets.performance ? `worst ${targets.performance.worst} (${lh.pages.filter((p) => p.scores.performance < TARGETS.performance).map((p) => `\`${p.path}\``).join(', ') || 'none below'})${targets.performance.worstRunPages.length ? `; a single run down to ${targets.performance.worstRun} (${targets.performance.worstRunPages.map((p) => `\`${p}\``).join(', ')})` : ''}` : 'not measured'} | ${targets.performance ? mark(targets.performance.ok) : 'n/a'} |
| Largest Contentful Paint (mobile, simulated), every template | ≤ ${TARGETS.lcpMs} ms | ${targets.lcp ? `worst ${targets.lcp.worst.toFixed(0)} ms${targets.lcp.worstRun > targets.lcp.worst ? ` (a single run: up to ${targets.lcp.worstRun.toFixed(0)} ms)` : ''}` : 'not measured'} | ${targets.lcp ? mark(targets.lcp.ok) : 'n/a'} |
| Home page HTML + CSS + JS, gzip -6 | ≤ ${TARGETS.homeGzipKb} KB | ${targets.homeGzip.kb.toFixed(1)} KB | ${mark(targets.homeGzip.ok)} |
<!-- website:end -->
`;
}
