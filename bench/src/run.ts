// npm run bench [-- --quick] [-- --events N] [-- --resilience]: measures the media pipeline,
// the brand kit and the shared agenda (ours beside PostGraphile v5 and a raw floor, and as the
// data grows), then the resilience runs, on this machine, on loopback only, and writes
// BENCHMARKS.md. --resilience runs only the resilience part and rewrites that section;
// --parse-cost runs only the parse-cost run (hostile documents against /healthz) and rewrites its part;
// --search runs only the text search in each language (fr, en, de) and rewrites its part;
// --website runs only the website (throughput of its pages, Lighthouse on every template, the home
// page's weight) and rewrites its section (with --quick: shorter, Lighthouse on three pages).
// Every process it starts, it stops.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PEER_LABELS, SCENARIO_LABELS, answerSize, compareScenarios, explainAgenda, grow, growthPoint, ratioTable, scenarioInputs, scenarioTable, settleDatabase, startPeers, timedSequence, type GrowthRow, type Peers, type ScenarioRow } from './agenda-suite';
import { median, photo24mp } from './fixtures';
import { SCENARIOS, oursSearchRequest, type Scenario } from './peers/scenarios';
import { profileTable, type ProfileSummary } from './cpu-profile';
import { measureStack, stackSection } from './stack';
import { ask, child, fmt, killAll, load as loadRequest, spread, startApi, stop, type Seeded, type StartedApi } from './processes';
import { measureQueue, openSyndicationDatabase, syndicationSection, type SyndicationResults } from './syndication';
import { importsSection, measureImports } from './imports-bench';
import { measureWebsite, websiteSection, websiteTargets, type WebsiteResults } from './website';
import { databaseRestart, gracefulShutdown, heldLoad, parseCost, type LoadRun, type ParseCostRun, type RestartRun, type ShutdownRun } from './resilience';

const quick = process.argv.includes('--quick');
const resilienceOnly = process.argv.includes('--resilience');
const parseCostOnly = process.argv.includes('--parse-cost');
const syndicationOnly = process.argv.includes('--syndication');
// --search: only the text search in each language, on the main agenda size, cache off.
const searchOnly = process.argv.includes('--search');
// --imports [--import-events N]: only the import throughput (a generated Apidae export).
const importsOnly = process.argv.includes('--imports');
// --website: only the website part (the built web/dist beside the bench's API, then Lighthouse).
const websiteOnly = process.argv.includes('--website');
// --read-path: only the read path's targets (cache off, beside PostGraphile and the floor in one run) and the API's CPU profiles.
const readPathOnly = process.argv.includes('--read-path');
// --stack: only the whole stack as compose runs it (two API processes, worker, website, nginx) and its checks.
const stackOnly = process.argv.includes('--stack');
const importEventsArg = process.argv.indexOf('--import-events');
const IMPORT_EVENTS = importEventsArg > 0 ? Number(process.argv[importEventsArg + 1]) : quick ? 500 : 10_000;
const eventsArg = process.argv.indexOf('--events');
const RUNS = quick ? 1 : 5;
const INTAKE_RUNS_PER_PROCESS = quick ? 1 : 3;
const DURATION = quick ? 2 : 10;
const ROOT = join(__dirname, '..', '..');
const MAIN_EVENTS = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : quick ? 3_000 : 100_000;
const GROWTH = quick ? [1_000, MAIN_EVENTS] : [10_000, MAIN_EVENTS, 1_000_000];
const AGENDA_RUNS = quick ? 1 : 3;
const AGENDA_DURATION = quick ? 1 : 3;

// --lighthouse-reports DIR keeps each page's full Lighthouse report (JSON, its median run) there.
const reportsArg = process.argv.indexOf('--lighthouse-reports');
/** The website part: some thousands of events, 32 connections, 3 Lighthouse runs a page; quick: one short run per line, Lighthouse once on three pages. */
const WEBSITE = { quick, events: quick ? 1_000 : 5_000, runs: quick ? 1 : 3, duration: DURATION, connections: 32, lighthouseRuns: quick ? 1 : 3, lighthouseReports: reportsArg > 0 ? process.argv[reportsArg + 1] : undefined };

/** Replaces a section of BENCHMARKS.md between its markers (or appends it), leaving the rest of the file as it is. */
function replaceBlock(target: string, block: RegExp, section: string): void {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmarks\n';
  writeFileSync(target, block.test(current) ? current.replace(block, () => section) : `${current}\n${section}`);
}

const load = (url: string, connections: number) => loadRequest(url, { path: '', method: 'GET' }, connections, DURATION);

async function intake(file: string) {
  const results: Record<'pipeline' | 'bare', { times: number[]; rss: number[] }> = { pipeline: { times: [], rss: [] }, bare: { times: [], rss: [] } };
  for (let run = 0; run < RUNS; run += 1) {
    for (const mode of ['bare', 'pipeline'] as const) {
      const { message: { times, maxRssKb }, process: done } = await child<{ times: number[]; maxRssKb: number }>('intake-child.js', [mode, file, String(INTAKE_RUNS_PER_PROCESS)]);
      done.kill(); // its figures are in; its peak memory must not overlap the next run's
      results[mode].times.push(median(times));
      results[mode].rss.push(maxRssKb / 1024);
    }
  }
  return results;
}

async function concurrentUploads(photo: Buffer) {
  const peaks: number[] = [];
  const idles: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run += 1) {
    const api = await startApi(['--no-brand']);
    const { key } = api;
    const idle = (await ask<{ rssKb: number }>(api.process, { type: 'reset' })).rssKb / 1024;
    idles.push(idle);
    const start = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
        const response = await fetch(`${api.base}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    wall.push(Date.now() - start);
    if (statuses.some((status) => status !== 201)) throw new Error(`uploads answered ${statuses.join(', ')}`);
    peaks.push((await ask<{ maxRssKb: number }>(api.process, { type: 'report' })).maxRssKb / 1024);
    await stop(api.process);
  }
  return { peak: spread(peaks), idle: spread(idles), wall: spread(wall) };
}

async function renditions() {
  const api = await startApi();
  const path = '/brand/assets/logo-horizontal-colour/v/1/png-512';
  const first = await fetch(api.base + path);
  const bytes = Buffer.from(await first.arrayBuffer());
  const file = join(mkdtempSync(join(tmpdir(), 'nfc-static-')), 'logo.png');
  writeFileSync(file, bytes);
  // The floor: a bare node:http server streaming the same file with the same headers, in its own process.
  const { process: staticServer, message: { ready: staticUrl } } = await child<{ ready: string }>('static-child.js', [file]);
  const ours: Array<Awaited<ReturnType<typeof load>>> = [];
  const floor: Array<Awaited<ReturnType<typeof load>>> = [];
  for (let run = 0; run < (quick ? 1 : 3); run += 1) {
    ours.push(await load(api.base + path, 32));
    floor.push(await load(staticUrl, 32));
  }
  await stop(staticServer);
  await stop(api.process);
  return { ours, floor, bytes: bytes.length };
}

interface AgendaResults {
  inputs: Awaited<ReturnType<typeof scenarioInputs>>;
  seeded: Seeded;
  rows: ScenarioRow[];
  search: { p50: number; p95: number };
  growth: GrowthRow[];
  explain: { page: string; search: string };
  postgresVersion: string;
}

interface ResilienceResults {
  events: number;
  held: LoadRun;
  restart: RestartRun;
  shutdown: ShutdownRun;
  parseCost: ParseCostRun;
}

/** Hostile documents on 4 connections, /healthz probed; quick: the mix only, one second each side. */
const PARSE_COST = { connections: 4, seconds: quick ? 1 : 10, runs: quick ? 1 : 5, costliestAlone: !quick };

async function resilienceRuns(api: Awaited<ReturnType<typeof startApi>>, inputs: AgendaResults['inputs'], photo: Buffer, events: number): Promise<ResilienceResults> {
  console.log(`Resilience: hostile documents on ${PARSE_COST.connections} connections, /healthz probed…`);
  const parse = await parseCost(api, PARSE_COST);
  console.log(`Resilience: 200 clients for ${quick ? 5 : 60} s, 5 % writes…`);
  const held = await heldLoad(api, inputs, 200, quick ? 5 : 60);
  console.log('Resilience: database restart under load…');
  const restart = await databaseRestart(api, inputs, quick ? 5 : 10);
  console.log('Resilience: SIGTERM during load and uploads…');
  const shutdown = await gracefulShutdown(api, inputs, photo, ROOT);
  return { events, held, restart, shutdown, parseCost: parse };
}

/** A growth point at each size, the agenda grown between them; `atSize` runs what else a size needs, on the grown agenda. */
async function measureGrowth(api: StartedApi, peers: Peers, sizes: readonly number[], atSize: (size: number) => Promise<void> = async () => undefined): Promise<GrowthRow[]> {
  const growth: GrowthRow[] = [];
  let seeded = api.agenda!;
  for (const size of sizes) {
    if (size !== sizes[0]) {
      console.log(`Growing the agenda to ${size.toLocaleString('en')} events…`);
      seeded = await grow(api, size);
    }
    console.log(`Agenda at ${size.toLocaleString('en')} events: growth point…`);
    growth.push(await growthPoint(peers, seeded, AGENDA_DURATION));
    await atSize(size);
  }
  return growth;
}

/** Grows the agenda step by step; at the main size, the peers side by side and the resilience runs. */
async function agendaAndResilience(photo: Buffer, withAgenda: boolean): Promise<{ agenda?: AgendaResults; resilience: ResilienceResults }> {
  const api = await startApi(['--no-brand', '--unguarded', `--agenda=${withAgenda ? GROWTH[0] : MAIN_EVENTS}`]);
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  const postgresVersion = (await client.query('SHOW server_version')).rows[0].server_version as string;
  await client.end();
  const inputs = await scenarioInputs(api);
  let resilience: ResilienceResults | undefined;
  if (!withAgenda) {
    resilience = await resilienceRuns(api, inputs, photo, MAIN_EVENTS);
    await stop(api.process);
    return { resilience };
  }
  const peers = await startPeers(api, inputs);
  let rows: ScenarioRow[] = [];
  let search = { p50: 0, p95: 0 };
  let explain = { page: '', search: '' };
  const growth = await measureGrowth(api, peers, GROWTH, async (size) => {
    if (size === MAIN_EVENTS) {
      console.log('Scenarios side by side…');
      rows = await compareScenarios(peers, { runs: AGENDA_RUNS, duration: AGENDA_DURATION, connections: [1, 32] });
      search = await timedSequence(peers.base.oursUncached, peers.request('oursUncached', 'search')!, quick ? 50 : 300);
      resilience = await resilienceRuns(api, inputs, photo, MAIN_EVENTS);
    }
    if (size === GROWTH.at(-1)) explain = await explainAgenda(api.databaseUrl, inputs.text);
  });
  await peers.stop();
  await stop(api.process);
  return { agenda: { inputs, seeded: growth.find((g) => g.seeded.events === MAIN_EVENTS)!.seeded, rows, search, growth, explain, postgresVersion }, resilience: resilience! };
}

function resilienceSection(r: ResilienceResults): string {
  const errors = (counts: Record<string, number>) => (Object.keys(counts).length ? Object.entries(counts).map(([code, n]) => `${code} × ${n}`).join(', ') : 'none');
  const restart = r.restart.skipped
    ? `Skipped: ${r.restart.skipped}`
    : `| what | measured |
|---|---|
| database down (stop, 1 s, start) | ${r.restart.outageMs} ms |
| recovery: database up → first successful request, API process not restarted | ${r.restart.recoveryMs ?? 'never'} ms |
| writes acknowledged during the run | ${r.restart.acknowledgedWrites} |
| of those, read back from the database afterwards | ${r.restart.writesFoundAfter} |
| requests that failed during the outage, by code | ${errors(r.restart.failedDuringOutage ?? {})} |
| slowest failure (a clean error, not a hang) | ${r.restart.slowestFailureMs} ms |
| requests that hung (no answer within 15 s) | ${r.restart.hangs} |`;
  return `<!-- resilience:start -->
## Resilience (\`npm run bench -- --resilience\`)

At ${r.events.toLocaleString('en')} events, production settings (public query cache on; every write empties it). Measured on ${new Date().toISOString().slice(0, 10)}.

### Load held: ${r.held.clients} concurrent clients for ${r.held.seconds} s, 5 % writes by API key

Each client loops over the five public scenarios (agenda page, filtered, search, event page, ICS); one request in twenty
creates an event with an office's API key instead.

| requests | of which writes | requests/s | p50 (ms) | p99 (ms) | p99 of writes (ms) | errors |
|---|---|---|---|---|---|---|
| ${r.held.requests} | ${r.held.writes} | ${r.held.rps.toFixed(0)} | ${r.held.p50.toFixed(0)} | ${r.held.p99.toFixed(0)} | ${r.held.writeP99.toFixed(0)} | ${errors(r.held.errors)} |

### PostgreSQL restarted under load

20 clients (30 % writes) while the embedded PostgreSQL is stopped (fast shutdown: connections cut), left down for a second and started again.

${restart}

### Graceful shutdown (SIGTERM) during load

The real product process (\`api/dist/main.js\`, production settings) on the same database, with 20 readers and four 24 MP uploads
in flight, receives SIGTERM. It stops accepting connections, lets in-flight requests finish, closes the pool and exits.

| what | measured |
|---|---|
| requests in flight at the signal | ${r.shutdown.inFlightAtSignal} |
| of those, completed successfully | ${r.shutdown.inFlightCompleted} |
| of those, failed (by code) | ${errors(r.shutdown.inFlightFailed)} |
| the four uploads answered | ${r.shutdown.uploads.join(', ')} |
| exit code, time from signal to exit | ${r.shutdown.exitCode}, ${r.shutdown.exitMs} ms |
| media files on disk | ${r.shutdown.filesOnDisk} |
| files without a database row (orphans) / rows without their files / temporary files left | ${r.shutdown.orphanFiles} / ${r.shutdown.missingFiles} / ${r.shutdown.temporaryFiles} |

${parseCostSection(r.parseCost, r.events)}<!-- resilience:end -->
`;
}

const GROWTH_BLOCK = /<!-- growth:start -->[\s\S]*<!-- growth:end -->\n/;

/** The agenda page and the search as the agenda grows (10k → 100k → 1M), with the plans at the largest size. */
function growthSection(growth: GrowthRow[], explain: { page: string; search: string }): string {
  const byLog = (n: number) => Math.log(n);
  const first = growth[0]!;
  const last = growth.at(-1)!;
  const growthRatio = (peer: 'oursUncached' | 'postgraphile' | 'floor') => (last.figures[peer]!.p99 || 1) / (first.figures[peer]!.p99 || 1);
  const logRatio = byLog(last.seeded.events) / byLog(first.seeded.events);
  const growthLines = growth
    .map((g) => `| ${g.seeded.events.toLocaleString('en')} | ${g.seeded.occurrences.toLocaleString('en')} | ${(['oursUncached', 'postgraphile', 'floor'] as const).map((peer) => `${g.figures[peer]!.rps.toFixed(0)} / ${g.figures[peer]!.p50} / ${g.figures[peer]!.p99}`).join(' | ')} | ${g.search.p50.toFixed(1)} / ${g.search.p95.toFixed(1)} |`)
    .join('\n');
  return `<!-- growth:start -->
### Cost as the data grows

The agenda page at 32 connections for ${AGENDA_DURATION} s (requests/s / p50 / p99 in ms), our API with its cache off so that
every request reaches the database; then the search, cache off, one at a time (p50 / p95 in ms).

| events | occurrences | ours, cache off | PostGraphile v5 | raw floor | search p50 / p95 |
|---|---|---|---|---|---|
${growthLines}

From ${first.seeded.events.toLocaleString('en')} to ${last.seeded.events.toLocaleString('en')} events, log n grows ${logRatio.toFixed(2)}×; the p99 grows
${growthRatio('oursUncached').toFixed(2)}× (ours, cache off), ${growthRatio('postgraphile').toFixed(2)}× (PostGraphile), ${growthRatio('floor').toFixed(2)}× (floor).
The plans at ${last.seeded.events.toLocaleString('en')} events, for the page and the search:

\`\`\`
${explain.page}
\`\`\`

\`\`\`
${explain.search}
\`\`\`
<!-- growth:end -->
`;
}

function agendaSection(a: AgendaResults): string {
  return `## The shared agenda: ours beside PostGraphile v5 and the raw floor

${a.seeded.events.toLocaleString('en')} demo events (${a.seeded.occurrences.toLocaleString('en')} occurrences), PostgreSQL ${a.postgresVersion}. The peers run one after
another against the same database and rows, each as its own process: ${Object.values(PEER_LABELS).join('; ')}.
PostGraphile runs its Amber preset as its documentation recommends for production (no GraphiQL, no watch, no explain); the lists
it does not generate (upcoming, filtered, search) are STABLE SQL functions in a bench-only schema, its documented way to add them.
It has no ICS feed. The floor runs one hand-written SQL statement per request that builds the whole JSON (or ICS) in PostgreSQL.
"items" counts what each answer holds, to show every peer does the same work. Each line: ${AGENDA_RUNS} runs of ${AGENDA_DURATION} s (autocannon); median with min–max.

Scenarios: ${SCENARIOS.map((s) => `**${s}**: ${SCENARIO_LABELS[s]}`).join('; ')}.

${scenarioTable(a.rows, fmt)}

Throughput ratios (requests/s, medians):

${ratioTable(a.rows)}

French full-text search ("${a.inputs.text}", stemmed and accent-free, first 50 by date), cache off, one request at a time:
p50 ${a.search.p50.toFixed(1)} ms, p95 ${a.search.p95.toFixed(1)} ms.

${growthSection(a.growth, a.explain)}`;
}

const PARSE_COST_BLOCK = /<!-- parse-cost:start -->[\s\S]*<!-- parse-cost:end -->\n/;

function parseCostSection(p: ParseCostRun, events: number): string {
  const statuses = (counts: Record<string, number>) => Object.entries(counts).map(([status, n]) => `${status} × ${n}`).join(', ') || 'none';
  const line = (server: string, l: ParseCostRun['guarded'][number]) =>
    `| ${server} | ${l.sent} | ${l.requests} | ${l.rps.toFixed(0)} | ${statuses(l.statuses)}${l.errors ? `, ${l.errors} connection errors or timeouts` : ''} | ${l.healthz.samples} | ${l.healthz.p50.toFixed(1)} | ${l.healthz.p99.toFixed(1)} | ${l.healthz.max.toFixed(1)} | ${l.healthz.failures} |`;
  const worst = (loads: ParseCostRun['guarded']) => Math.max(...loads.map((l) => l.healthz.p99));
  // The reference line (the website's own query) is not hostile: it does not count against the target.
  const guardedP99 = worst(p.guarded.filter((l) => !l.sent.startsWith('for reference')));
  const documentsOnly = p.guarded.find((l) => l.sent.startsWith('all but the agenda pages'));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  return `<!-- parse-cost:start -->
### Parse cost: an anonymous client sending the costliest documents it can write

Measured${quick ? ' in quick mode (not for comparison)' : ''} on ${new Date().toISOString().slice(0, 10)}, ${machine}, Node ${process.version}, at ${events.toLocaleString('en')} events
(\`npm run bench -- --resilience\`, or this run alone with \`npm run bench -- --parse-cost\`).
${p.connections} connections (autocannon, ${p.seconds} s per line) send documents at the document budget's limits, just over them, and as large as the
100 KB JSON body allows, each with a comment of its own so that no cache answers it; a separate client asks \`/healthz\` one request
at a time (5 ms apart) on the same server. "Without the budget" is the same API process and settings, served by a second
\`createApiServer\` with \`documentBudget: false\` (benchmarks only: no document budget before parsing, no page budget, armor's own token
count as before); "with the budget" is production. The list filters' bounds and the other fixes of the same change apply to both.
Rate limits are off in benchmarks (but on the lines "as deployed"), so nothing but the budgets stands in the way; the load generator and the prober share the
machine's two cores with the API and PostgreSQL. "Agenda pages" are the documents within every limit that run agenda SQL (pages and counts).

Load average of the machine (1 min) at the start and end of the run: ${p.loadAverage.map((l) => l.toFixed(1)).join(' → ')}.

Target: \`/healthz\` p99 ≤ 50 ms with the budget, whatever the documents: **${guardedP99.toFixed(1)} ms, ${guardedP99 <= 50 ? 'met' : 'not met'}**
(without the budget: ${worst(p.unguarded).toFixed(1)} ms).${p.deployed.length ? ` As deployed, where the client's address also has its request and agenda-page budgets
(\`RATE_LIMIT_ANONYMOUS_PER_MINUTE\`, \`RATE_LIMIT_ANONYMOUS_PAGES_PER_SECOND\`): **${worst(p.deployed).toFixed(1)} ms, ${worst(p.deployed) <= 50 ? 'met' : 'not met'}**.` : ''}${documentsOnly ? ` With every document but the agenda pages, that is what parsing and validating cost:
**${documentsOnly.healthz.p99.toFixed(1)} ms, ${documentsOnly.healthz.p99 <= 50 ? 'met' : 'not met'}**.` : ''}

| server | sent | hostile requests | requests/s | answers (HTTP status) | /healthz probes | p50 (ms) | p99 (ms) | max (ms) | failed |
|---|---|---|---|---|---|---|---|---|---|
| idle, no hostile load | — | — | — | — | ${p.idle.samples} | ${p.idle.p50.toFixed(1)} | ${p.idle.p99.toFixed(1)} | ${p.idle.max.toFixed(1)} | ${p.idle.failures} |
${p.unguarded.map((l) => line('without the budget', l)).join('\n')}
${p.guarded.map((l) => line('with the budget', l)).join('\n')}
${p.deployed.map((l) => line('as deployed (per-address budgets on)', l)).join('\n')}

What each document gets, and the median time of ${p.runs} requests one at a time:

| document | body (bytes) | within the limits | without the budget: answer, ms | with the budget: answer, ms |
|---|---|---|---|---|
${p.documents.map((d) => `| ${d.name} | ${d.bytes} | ${d.withinBudget ? 'yes' : 'no'} | ${d.unguarded.answer}, ${d.unguarded.ms.toFixed(1)} | ${d.guarded.answer}, ${d.guarded.ms.toFixed(1)} |`).join('\n')}
<!-- parse-cost:end -->
`;
}

/** --parse-cost: only this run, on the main agenda size; its block of BENCHMARKS.md is replaced (or added to the resilience section). */
async function parseCostAlone(target: string): Promise<void> {
  const api = await startApi(['--no-brand', '--unguarded', `--agenda=${MAIN_EVENTS}`]);
  console.log(`Parse cost: hostile documents on ${PARSE_COST.connections} connections, /healthz probed…`);
  const run = await parseCost(api, PARSE_COST);
  await stop(api.process);
  const section = parseCostSection(run, MAIN_EVENTS);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmarks\n';
  const replaced = PARSE_COST_BLOCK.test(current)
    ? current.replace(PARSE_COST_BLOCK, section)
    : current.includes('<!-- resilience:end -->')
      ? current.replace('<!-- resilience:end -->', `${section}<!-- resilience:end -->`)
      : `${current}\n${section}`;
  writeFileSync(target, replaced);
  console.log(section);
}

const SYNDICATION_BLOCK = /<!-- syndication:start -->[\s\S]*<!-- syndication:end -->\n/;

/** The job queue (and imports): one database of their own, in this process. */
async function syndication(): Promise<SyndicationResults> {
  console.log('Job queue: latency, burst, e-mail…');
  const database = await openSyndicationDatabase();
  try {
    return await measureQueue(database.url, quick);
  } finally {
    await database.close();
  }
}

/** --syndication: only this part; its block of BENCHMARKS.md is replaced (or appended). */
async function syndicationAlone(target: string): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const section = syndicationSection(await syndication(), machine, quick);
  replaceBlock(target, SYNDICATION_BLOCK, section);
  console.log(section);
}

const IMPORTS_BLOCK = /<!-- imports:start -->[\s\S]*<!-- imports:end -->\n/;

/** --imports: only the import throughput, on a database of its own; its block of BENCHMARKS.md is replaced (or appended). */
async function importsAlone(target: string): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  console.log(`Imports: ${IMPORT_EVENTS.toLocaleString('en')} generated Apidae events…`);
  const database = await openSyndicationDatabase();
  let section: string;
  try {
    section = importsSection([await measureImports(database.url, IMPORT_EVENTS)], machine, quick || IMPORT_EVENTS < 10_000);
  } finally {
    await database.close();
  }
  replaceBlock(target, IMPORTS_BLOCK, section);
  console.log(section);
}

const SEARCH_BLOCK = /<!-- search-languages:start -->[\s\S]*<!-- search-languages:end -->\n/;

/** The words searched in each language: a two-word query and a plural its stemming must fold, over the demo texts. */
const SEARCHES: Array<{ language: 'fr' | 'en' | 'de'; text: string }> = [
  { language: 'fr', text: 'marché producteurs' },
  { language: 'fr', text: 'visites guidées' },
  { language: 'en', text: 'weekly markets' },
  { language: 'en', text: 'guided tours' },
  { language: 'de', text: 'Wochenmärkte' },
  { language: 'de', text: 'Führungen' },
];

/** --search: each language's text search, one request at a time on our API with its cache off; its block of BENCHMARKS.md is replaced (or appended). */
async function searchAlone(target: string): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const api = await startApi(['--no-brand', '--unguarded', `--agenda=${MAIN_EVENTS}`]);
  const rows: string[] = [];
  try {
    for (const { language, text } of SEARCHES) {
      const request = oursSearchRequest(text, language);
      const response = await fetch(api.uncached + request.path, { method: request.method, headers: request.headers, body: request.body });
      const items = ((await response.json()) as { data: { events: { nodes: unknown[] } } }).data.events.nodes.length;
      // Warm-up, then the measured sequence.
      await timedSequence(api.uncached, request, 10);
      const runs = [];
      for (let run = 0; run < AGENDA_RUNS; run += 1) runs.push(await timedSequence(api.uncached, request, 100));
      const p50 = spread(runs.map((r) => r.p50));
      const p95 = spread(runs.map((r) => r.p95));
      console.log(`  ${language} "${text}": ${items} items, p50 ${p50.median.toFixed(1)} ms, p95 ${p95.median.toFixed(1)} ms`);
      rows.push(`| ${language} | ${text} | ${items} | ${fmt(p50, 1)} | ${fmt(p95, 1)} |`);
    }
  } finally {
    await stop(api.process);
  }
  const section = `<!-- search-languages:start -->
## Text search in each language (\`npm run bench -- --search\`)

Measured on ${new Date().toISOString().slice(0, 10)}, ${machine}, Node ${process.version}. ${MAIN_EVENTS.toLocaleString('en')} demo events; our API with its
public query cache off, one request at a time (100 per run, ${AGENDA_RUNS} runs; median with min–max). Each language reads its own
stored vector (\`search_vector\`, \`search_vector_en\`, \`search_vector_de\`) through its GIN index; first 50 by date.

| language | words | items | p50 (ms) | p95 (ms) |
|---|---|---|---|---|
${rows.join('\n')}
<!-- search-languages:end -->
`;
  replaceBlock(target, SEARCH_BLOCK, section);
  console.log(section);
}

/** Waits until the API answers /healthz within 20 ms three times in a row (at most two minutes). */
async function untilIdle(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let fast = 0;
  while (fast < 3 && Date.now() < deadline) {
    const started = performance.now();
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    fast = performance.now() - started < 20 ? fast + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const READ_PATH_BLOCK = /<!-- read-path:start -->[\s\S]*<!-- read-path:end -->\n/;

/**
 * --read-path: the read path's targets at MAIN_EVENTS events, 32 connections, our API with its
 * cache off beside PostGraphile and the floor in one run; then the API's CPU profile under each
 * scenario's load (profiled apart from the throughput runs, which it would slow).
 */
async function readPathRun(): Promise<string> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const api = await startApi(['--no-brand', `--agenda=${MAIN_EVENTS}`]);
  const inputs = await scenarioInputs(api);
  const peers = await startPeers(api, inputs);
  const figures: Partial<Record<Scenario, Partial<Record<'oursUncached' | 'oursResolvers' | 'postgraphile' | 'floor', { rps: number; p99: number; items: number }>>>> = {};
  const profiles: Array<{ scenario: Scenario; requests: number; summary: ProfileSummary }> = [];
  let search: { p50: number; p95: number };
  let searchFloor: { p50: number; p95: number };
  const ics: Partial<Record<'oursUncached' | 'floor', { ms: number; bytes: number }>> = {};
  try {
    // The one-at-a-time search first, on a quiet process.
    const searchRequest = peers.request('oursUncached', 'search')!;
    await timedSequence(peers.base.oursUncached, searchRequest, 10);
    const sequences = [];
    for (let run = 0; run < AGENDA_RUNS; run += 1) sequences.push(await timedSequence(peers.base.oursUncached, searchRequest, quick ? 50 : 100));
    search = { p50: median(sequences.map((s) => s.p50)), p95: median(sequences.map((s) => s.p95)) };
    // The floor's one statement for the same page, one at a time: what the SQL alone costs here.
    const floorSearch = peers.request('floor', 'search')!;
    await timedSequence(peers.base.floor, floorSearch, 10);
    const floorSequences = [];
    for (let run = 0; run < AGENDA_RUNS; run += 1) floorSequences.push(await timedSequence(peers.base.floor, floorSearch, quick ? 50 : 100));
    searchFloor = { p50: median(floorSequences.map((s) => s.p50)), p95: median(floorSequences.map((s) => s.p95)) };
    // The ICS pages do not hold the same work (ours: each event of the page whole, every date of the
    // window; the floor: 100 dates): one at a time, the time per page and per date written.
    for (const peer of ['oursUncached', 'floor'] as const) {
      const request = peers.request(peer, 'ics')!;
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 12; i += 1) {
        const started = performance.now();
        bytes = (await (await fetch(peers.base[peer] + request.path)).arrayBuffer()).byteLength;
        if (i >= 2) times.push(performance.now() - started);
      }
      ics[peer] = { ms: median(times), bytes };
    }
    for (const scenario of SCENARIOS) {
      for (const peer of ['oursUncached', 'oursResolvers', 'postgraphile', 'floor'] as const) {
        // "oursResolvers": our API, cache off, answering through GraphQL's resolvers (PUBLIC_READS_IN_SQL=0), asked what ours is.
        const request = peers.request(peer === 'oursResolvers' ? 'oursUncached' : peer, scenario);
        if (!request || (peer === 'oursResolvers' && scenario === 'ics')) continue;
        const base = peer === 'oursResolvers' ? api.resolvers : peers.base[peer];
        const items = await answerSize(base, request);
        const runs = [];
        for (let run = 0; run < AGENDA_RUNS; run += 1) {
          runs.push(await loadRequest(base, request, 32, AGENDA_DURATION));
          await settleDatabase(api.databaseUrl);
        }
        (figures[scenario] ??= {})[peer] = { rps: median(runs.map((r) => r.rps)), p99: median(runs.map((r) => r.p99)), items };
        console.log(`  ${scenario} · ${peer}: ${figures[scenario][peer]!.rps.toFixed(0)} req/s, p99 ${figures[scenario][peer]!.p99} ms`);
      }
    }
    for (const scenario of SCENARIOS) {
      // A load leaves work behind (32 feeds still being written): each profile starts on an idle process.
      await untilIdle(api.uncached);
      await settleDatabase(api.databaseUrl);
      await ask(api.process, { type: 'profile-start' });
      const run = await loadRequest(api.uncached, peers.request('oursUncached', scenario)!, 32, DURATION);
      const { summary } = await ask<{ summary: ProfileSummary }>(api.process, { type: 'profile-stop' });
      profiles.push({ scenario, requests: Math.round(run.rps * DURATION), summary });
    }
  } finally {
    await peers.stop();
    await stop(api.process);
  }
  const ratio = (a?: number, b?: number) => (a && b ? a / b : 0);
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  const f = (scenario: Scenario) => figures[scenario] ?? {};
  const targets: Array<[string, string, boolean]> = [
    ['agenda page ≥ 1.0× PostGraphile', `${ratio(f('agenda').oursUncached?.rps, f('agenda').postgraphile?.rps).toFixed(2)}×`, ratio(f('agenda').oursUncached?.rps, f('agenda').postgraphile?.rps) >= 1],
    ['agenda page ≥ 0.5× the floor', `${ratio(f('agenda').oursUncached?.rps, f('agenda').floor?.rps).toFixed(2)}×`, ratio(f('agenda').oursUncached?.rps, f('agenda').floor?.rps) >= 0.5],
    ['agenda page p99 ≤ 50 ms', `${f('agenda').oursUncached?.p99 ?? '—'} ms`, (f('agenda').oursUncached?.p99 ?? Infinity) <= 50],
    ['French search p95 ≤ 20 ms (one at a time)', `${search.p95.toFixed(1)} ms (p50 ${search.p50.toFixed(1)}; the floor's one statement: p95 ${searchFloor.p95.toFixed(1)}, p50 ${searchFloor.p50.toFixed(1)})`, search.p95 <= 20],
    ['event page ≥ 1.0× PostGraphile', `${ratio(f('event').oursUncached?.rps, f('event').postgraphile?.rps).toFixed(2)}×`, ratio(f('event').oursUncached?.rps, f('event').postgraphile?.rps) >= 1],
    ['ICS of an EPCI ≥ 0.5× the floor', `${ratio(f('ics').oursUncached?.rps, f('ics').floor?.rps).toFixed(2)}×`, ratio(f('ics').oursUncached?.rps, f('ics').floor?.rps) >= 0.5],
  ];
  const cell = (x?: { rps: number; p99: number; items: number }) => (x ? `${x.rps.toFixed(0)} / ${x.p99} (${x.items})` : 'n/a');
  const section = `<!-- read-path:start -->
## The read path, cache off (\`npm run bench -- --read-path\`)

Measured on ${new Date().toISOString().slice(0, 10)}, ${machine}, Node ${process.version}, at ${MAIN_EVENTS.toLocaleString('en')} demo events
(${api.agenda!.occurrences.toLocaleString('en')} occurrences). Our API with its public query cache off (every request reaches PostgreSQL),
PostGraphile v5 and the raw floor on the same database, one after another in this run: 32 connections, ${AGENDA_RUNS} × ${AGENDA_DURATION} s each
(medians). Load generator, API and PostgreSQL share the machine's cores.

| target | measured | |
|---|---|---|
${targets.map(([what, value, ok]) => `| ${what} | ${value} | ${met(ok)} |`).join('\n')}

| scenario | ours, cache off: req/s / p99 ms (items) | ours, cache off, through the resolvers | PostGraphile v5 | raw floor |
|---|---|---|---|---|
${SCENARIOS.map((s) => `| ${s} | ${cell(f(s).oursUncached)} | ${cell(f(s).oursResolvers)} | ${cell(f(s).postgraphile)} | ${cell(f(s).floor)} |`).join('\n')}

"Through the resolvers" is the same process and settings with \`PUBLIC_READS_IN_SQL=0\`: every field resolved by GraphQL's
execution as before this change (events read by \`event-rows.ts\`), where "ours" answers anonymous agenda reads with the JSON
PostgreSQL writes (\`http/answers-in-sql.ts\`).

The ICS lines do not hold the same work: a page of ours writes each event of its first 1,000 dates whole (every date it has
in the twelve-month window, as RDATEs or its rule: a calendar that subscribes sees each event once, with all its dates); the floor
writes 100 VEVENTs. One page at a time (median of 10): ours ${ics.oursUncached ? `${ics.oursUncached.ms.toFixed(0)} ms for ${(ics.oursUncached.bytes / 1024).toFixed(0)} KB` : '—'}, the floor ${ics.floor ? `${ics.floor.ms.toFixed(0)} ms for ${(ics.floor.bytes / 1024).toFixed(0)} KB` : '—'}.

### Where the API's CPU goes

The API process's V8 CPU profile (inspector, 250 µs sampling) during ${DURATION} s of each scenario at 32 connections, cache off;
self time per package or folder of ours, then the busiest functions.

${profiles.map((p) => `#### ${p.scenario}\n\n${profileTable(p.summary, p.requests)}`).join('\n\n')}
<!-- read-path:end -->
`;
  return section;
}

/** --growth: the growth table alone (10k, then 100k, then 1M events, or up to --growth-max); its block of BENCHMARKS.md is replaced. */
async function growthAlone(target: string): Promise<void> {
  const maxArg = process.argv.indexOf('--growth-max');
  const sizes = GROWTH.filter((size) => maxArg < 0 || size <= Number(process.argv[maxArg + 1]));
  const api = await startApi(['--no-brand', `--agenda=${sizes[0]}`]);
  const inputs = await scenarioInputs(api);
  const peers = await startPeers(api, inputs);
  let growth: GrowthRow[];
  let explain: { page: string; search: string };
  try {
    growth = await measureGrowth(api, peers, sizes);
    explain = await explainAgenda(api.databaseUrl, inputs.text);
  } finally {
    await peers.stop();
    await stop(api.process);
  }
  const section = growthSection(growth, explain);
  replaceBlock(target, GROWTH_BLOCK, section);
  console.log(section);
}

/** --read-path alone: its block of BENCHMARKS.md is replaced (or appended). */
async function readPathAlone(target: string): Promise<void> {
  const section = await readPathRun();
  replaceBlock(target, READ_PATH_BLOCK, section);
  console.log(section);
}

const STACK_BLOCK = /<!-- stack:start -->[\s\S]*<!-- stack:end -->\n/;

/** --stack: the whole stack, several processes; its block of BENCHMARKS.md is replaced (or appended). */
const stackRun = async (): Promise<string> => stackSection(await measureStack({ events: quick ? 2_000 : 20_000, clients: quick ? 16 : 64, seconds: quick ? 5 : 30 }));

async function stackAlone(target: string): Promise<void> {
  const section = await stackRun();
  replaceBlock(target, STACK_BLOCK, section);
  console.log(section);
}

const WEBSITE_BLOCK = /<!-- website:start -->[\s\S]*<!-- website:end -->\n/;

async function website(): Promise<WebsiteResults> {
  return measureWebsite(WEBSITE);
}

/** --website: only the website part; its block of BENCHMARKS.md is replaced (or appended). */
async function websiteAlone(target: string): Promise<void> {
  const section = websiteSection(await website());
  replaceBlock(target, WEBSITE_BLOCK, section);
  console.log(section);
}

async function main(): Promise<void> {
  if (stackOnly) return stackAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (process.argv.includes('--growth')) return growthAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (readPathOnly) return readPathAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (websiteOnly) return websiteAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (searchOnly) return searchAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (importsOnly) return importsAlone(join(ROOT, quick || IMPORT_EVENTS < 10_000 ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (parseCostOnly) return parseCostAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  if (syndicationOnly) return syndicationAlone(join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
  const dir = mkdtempSync(join(tmpdir(), 'nfc-bench-photo-'));
  const file = join(dir, 'photo-24mp.jpg');
  const photo = await photo24mp();
  writeFileSync(file, photo);
  const target = join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md');

  if (resilienceOnly) {
    const { resilience } = await agendaAndResilience(photo, false);
    const section = resilienceSection(resilience);
    replaceBlock(target, /<!-- resilience:start -->[\s\S]*<!-- resilience:end -->\n/, section);
    console.log(section);
    return;
  }

  console.log(`24 MP test photo: ${(photo.length / 1e6).toFixed(1)} MB`);
  console.log('Photo intake…');
  const intakeResults = await intake(file);
  console.log('4 concurrent uploads through the API…');
  const uploads = await concurrentUploads(photo);
  console.log('Rendition serving…');
  const serving = await renditions();
  const { agenda, resilience } = await agendaAndResilience(photo, true);
  const a = agenda!;
  const jobs = await syndication();
  console.log('The read path, cache off, with profiles…');
  const readPath = await readPathRun();
  console.log('The whole stack, several processes…');
  const stack = await stackRun();
  const site = await website();
  const siteTargets = websiteTargets(site);

  const pipelineTime = spread(intakeResults.pipeline.times);
  const bareTime = spread(intakeResults.bare.times);
  const pipelineRss = spread(intakeResults.pipeline.rss);
  const bareRss = spread(intakeResults.bare.rss);
  const oursRps = spread(serving.ours.map((r) => r.rps));
  const floorRps = spread(serving.floor.map((r) => r.rps));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const row = (scenario: string, peer: string, connections: number) => a.rows.find((r) => r.scenario === scenario && r.peer === peer && r.connections === connections);
  const agendaVsPgl = row('agenda', 'ours', 32)!.rps.median / row('agenda', 'postgraphile', 32)!.rps.median;
  const agendaVsFloor = row('agenda', 'ours', 32)!.rps.median / row('agenda', 'floor', 32)!.rps.median;
  const agendaP99 = row('agenda', 'ours', 32)!.p99.median;
  const agendaP99Uncached = row('agenda', 'oursUncached', 32)!.p99.median;
  const loadErrors = Object.values(resilience.held.errors).reduce((n, c) => n + c, 0) + a.rows.reduce((n, r) => n + r.errors, 0);
  const yes = (ok: boolean) => (ok ? 'yes' : 'no');
  const report = `# Benchmarks

Measured by \`npm run bench\`${quick ? ' (quick mode: one short run each, not for comparison)' : ''} on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine}. Node ${process.version}. PostgreSQL ${a.postgresVersion} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}).
Each figure is the median of several runs (photo intake: ${RUNS} processes × ${INTAKE_RUNS_PER_PROCESS} photos; uploads and serving: ${quick ? 1 : 3} runs; agenda: ${AGENDA_RUNS} runs), with min–max in brackets.
Traffic stays on 127.0.0.1; the load generator shares the machine's two cores with the servers and PostgreSQL.
Timings are on a shared 2-core machine: compare ratios measured in the same run, not absolute figures across runs.

## Targets

| what | target | measured | met |
|---|---|---|---|
| Photo intake, 24 MP JPEG to all variants: time, ours / bare sharp script | ≤ 1.3× | ${(pipelineTime.median / bareTime.median).toFixed(2)}× | ${yes(pipelineTime.median / bareTime.median <= 1.3)} |
| Photo intake: peak memory, ours / bare | ≤ 1.3× | ${(pipelineRss.median / bareRss.median).toFixed(2)}× | ${yes(pipelineRss.median / bareRss.median <= 1.3)} |
| Peak RSS of the API with 4 concurrent 24 MP uploads | < 400 MB | ${uploads.peak.median.toFixed(0)} MB | ${yes(uploads.peak.median < 400)} |
| Cached rendition throughput, ours / plain static file (32 connections) | ≥ 0.8× | ${(oursRps.median / floorRps.median).toFixed(2)}× | ${yes(oursRps.median / floorRps.median >= 0.8)} |
| Agenda page, ours / PostGraphile, requests/s at 32 connections | ≥ 1.0× | ${agendaVsPgl.toFixed(2)}× | ${yes(agendaVsPgl >= 1)} |
| Agenda page, ours / raw floor, requests/s at 32 connections | ≥ 0.5× | ${agendaVsFloor.toFixed(2)}× | ${yes(agendaVsFloor >= 0.5)} |
| Agenda page p99 at 32 connections, ${a.seeded.events.toLocaleString('en')} events | ≤ 50 ms | ${agendaP99} ms (cache off: ${agendaP99Uncached} ms) | ${yes(agendaP99 <= 50)} |
| French text search p95, ${a.seeded.events.toLocaleString('en')} events (cache off) | ≤ 20 ms | ${a.search.p95.toFixed(1)} ms | ${yes(a.search.p95 <= 20)} |
| Errors in the load runs | 0 | ${loadErrors} | ${yes(loadErrors === 0)} |
| \`/healthz\` p99, 4 connections of hostile documents (agenda pages aside) | ≤ 50 ms | ${(() => { const l = resilience.parseCost.guarded.find((g) => g.sent.startsWith('all but')); return l ? `${l.healthz.p99.toFixed(1)} ms (with the pages: ${Math.max(...resilience.parseCost.guarded.filter((g) => !g.sent.startsWith('for reference')).map((g) => g.healthz.p99)).toFixed(0)} ms)` : 'n/a'; })()} | ${(() => { const l = resilience.parseCost.guarded.find((g) => g.sent.startsWith('all but')); return l ? yes(l.healthz.p99 <= 50) : 'n/a'; })()} |
| Lighthouse performance (mobile), every template of the website${quick ? ' (quick: three pages)' : ''} | ≥ 95 | ${siteTargets.performance ? `worst ${siteTargets.performance.worst} (a single run: ${siteTargets.performance.worstRun})` : `not measured (${site.lighthouse.skipped})`} | ${siteTargets.performance ? yes(siteTargets.performance.ok) : 'n/a'} |
| Largest Contentful Paint (mobile, simulated), every template | ≤ 2000 ms | ${siteTargets.lcp ? `worst ${siteTargets.lcp.worst.toFixed(0)} ms (a single run: ${siteTargets.lcp.worstRun.toFixed(0)} ms)` : 'not measured'} | ${siteTargets.lcp ? yes(siteTargets.lcp.ok) : 'n/a'} |
| Home page HTML + CSS + JS, gzip -6 | ≤ 100 KB | ${siteTargets.homeGzip.kb.toFixed(1)} KB | ${yes(siteTargets.homeGzip.ok)} |
| Recovery after a database restart | ≤ 5 s | ${resilience.restart.skipped ? 'skipped' : `${((resilience.restart.recoveryMs ?? Infinity) / 1000).toFixed(1)} s`} | ${resilience.restart.skipped ? 'n/a' : yes((resilience.restart.recoveryMs ?? Infinity) <= 5000)} |

## Photo intake (media pipeline)

A generated 6000 × 4000 JPEG (${(photo.length / 1e6).toFixed(1)} MB, EXIF with GPS) becomes AVIF, WebP and JPEG at 480, 960, 1600 and 2400 px (12 files).
"Bare" runs the same sharp operations (one decode, EXIF rotation, resize, 12 encodes, perceptual hash) without the pipeline's checks
(type from the bytes, image bounds, EXIF reading, SHA-256). Each run is a fresh process, so peak memory is that run's alone.

| | time per photo (ms) | peak RSS (MB) |
|---|---|---|
| bare sharp script | ${fmt(bareTime)} | ${fmt(bareRss)} |
| our pipeline | ${fmt(pipelineTime)} | ${fmt(pipelineRss)} |

## Four concurrent 24 MP uploads through the API

POST /uploads × 4 at once to a freshly started API (multipart, production settings: one image processed at a time, MALLOC_ARENA_MAX=2).

| RSS of the API before (MB) | peak RSS during the four uploads (MB) | wall time for the four (ms) |
|---|---|---|
| ${fmt(uploads.idle)} | ${fmt(uploads.peak)} | ${fmt(uploads.wall)} |

## Serving a cached rendition

GET of a brand PNG (512 px, ${serving.bytes} bytes) already rendered, with autocannon, 32 connections, ${DURATION} s, against a bare node:http server
(its own process, like our API) streaming the same file from disk with the same headers. Ours also checks the asset's access level on every request and counts the download
(batched: one INSERT every two seconds); immutable small renditions are served from memory.

| | requests/s | p50 (ms) | p99 (ms) | errors |
|---|---|---|---|---|
| plain static file | ${fmt(floorRps)} | ${median(serving.floor.map((r) => r.p50))} | ${median(serving.floor.map((r) => r.p99))} | ${serving.floor.reduce((n, r) => n + r.errors, 0)} |
| our /brand route | ${fmt(oursRps)} | ${median(serving.ours.map((r) => r.p50))} | ${median(serving.ours.map((r) => r.p99))} | ${serving.ours.reduce((n, r) => n + r.errors, 0)} |

${agendaSection(a)}
${readPath}
${stack}
${resilienceSection(resilience)}
${syndicationSection(jobs, machine, quick)}
${websiteSection(site)}
## Gaps, and what was measured

Targets not met are stated here with their measured cause; BENCHMARKS.md's own Gaps section is kept up to date by hand after a full run.
`;
  writeFileSync(target, report);
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  killAll();
  process.exit(1);
});
