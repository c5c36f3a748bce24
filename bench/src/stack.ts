// The whole stack as production runs it (docker/compose.yaml), on loopback: two API processes
// (api/dist/main.js, production settings) started together on one empty database, the job
// worker, the website, and nginx running docker/proxy/site.conf.template in front of the site
// and of both API processes. Then a visitor mix through the proxy, a check that one client's
// budget is one budget whichever process answers, and how long a write takes to show through
// the other process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { startEmbeddedPostgres } from '@nfc/api/dist/database/embedded-postgres';
import { seedDemoAgenda } from '@nfc/api/dist/agenda/seed-demo-agenda';
import { OPERATOR } from '@nfc/api/dist/auth/viewer';
import { OrganisationService } from '@nfc/api/dist/organisations/organisation.service';
import { seedDevelopment } from '@nfc/api/dist/organisations/seed-development';
import { BENCH_JWT_SECRET, track } from './processes';
import { CREATE, codes, newEvent, percentile, send, type Sample } from './resilience';
import { freePort, machineLine, startWebsite } from './website';
import type { LoadRequest } from './peers/scenarios';

const ROOT = join(__dirname, '..', '..');
const NGINX = '/usr/sbin/nginx';
/** Shared by the API processes and the website, as production's SITE_PROXY_SECRET (32 characters or more). */
const STACK_SITE_SECRET = 'bench-only-site-proxy-secret-for-the-stack-run';

export interface StackOptions {
  events: number;
  clients: number;
  seconds: number;
}

export interface StackResults {
  events: number;
  occurrences: number;
  migrations: { expected: number; applied: number; distinct: number };
  mix: { clients: number; seconds: number; requests: number; writes: number; rps: number; p50: number; p99: number; byKind: Record<string, { requests: number; p50: number; p99: number }>; errors: Record<string, number> };
  budget: { limit: number; sent: number; answered: number; refused: number; memoryControl: { answered: number; refused: number } | null };
  visibility: { runs: number; medianMs: number; maxMs: number; cacheMs: number };
  machine: string;
}

interface Running {
  process: ChildProcess;
  output: () => string;
}

function start(script: string, env: Record<string, string>): Running {
  let output = '';
  const child = track(spawn(process.execPath, [join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { process: child, output: () => output };
}

async function waitFor(url: string, running: Running[], what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const dead = running.find((r) => r.process.exitCode !== null);
    if (dead) throw new Error(`${what}: a process exited (${dead.process.exitCode}):\n${dead.output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer within 120 s:\n${running.map((r) => r.output()).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopAll(running: Running[]): Promise<void> {
  await Promise.all(
    running.map(async ({ process: child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(child.spawnfile === NGINX ? 'SIGQUIT' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** nginx with the compose file's own template, its API upstream naming both processes as compose's DNS names the replicas. */
function startProxy(dir: string, ports: { site: number; apis: number[]; siteProxy: number; apiProxy: number }): Running {
  const template = readFileSync(join(ROOT, 'docker', 'proxy', 'site.conf.template'), 'utf8');
  const filled = template
    .replaceAll('${NFC_SITE_UPSTREAM}', `127.0.0.1:${ports.site}`)
    .replaceAll('${NFC_PROXY_PORT}', `127.0.0.1:${ports.siteProxy}`)
    .replaceAll('${NFC_PROXY_CACHE_DIR}', join(dir, 'cache'))
    .replaceAll('server ${NFC_API_UPSTREAM};', ports.apis.map((port) => `server 127.0.0.1:${port};`).join('\n  '))
    .replaceAll('${NFC_API_PROXY_PORT}', `127.0.0.1:${ports.apiProxy}`);
  if (/\$\{NFC_/.test(filled)) throw new Error('site.conf.template names a variable the bench does not fill');
  for (const sub of ['cache', 'temp']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 2048; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};
${filled}
}
`,
  );
  let output = '';
  const proxy = track(spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  proxy.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  return { process: proxy, output: () => output };
}

/** A POST from a chosen loopback address (one address is one client): its status and GraphQL error code. */
function postFrom(base: string, from: string, body: string): Promise<{ status: number; code: string | null }> {
  const target = new URL('/graphql', base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode!, code: (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code ?? null });
          } catch {
            resolve({ status: res.statusCode!, code: `HTTP_${res.statusCode}` });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `limit × 2` sign-in attempts from one address through the proxy (round robin over both processes), each with another e-mail so that only the address's budget counts. */
async function spendLoginBudget(apiProxy: string, from: string, limit: number): Promise<{ answered: number; refused: number }> {
  let answered = 0;
  let refused = 0;
  for (let i = 0; i < limit * 2; i += 1) {
    const body = JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: `nobody-${from}-${i}@example.org`, p: 'not the password' } });
    const { code } = await postFrom(apiProxy, from, body);
    if (code === 'RATE_LIMITED') refused += 1;
    else answered += 1;
  }
  return { answered, refused };
}

/** Write through one process, read through the other (its public query cache on) until the event shows: the delay, per run. */
async function writeVisibility(writer: string, reader: string, key: string, runs: number): Promise<number[]> {
  const delays: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const word = `visibilite${run}x${Date.now().toString(36)}`;
    const read: LoadRequest = { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($f: EventFilter) { events(filter: $f, first: 5) { nodes { event { id } } } }', variables: { f: { text: word } } }) };
    const count = async () => ((await (await fetch(reader + read.path, { method: 'POST', headers: read.headers, body: read.body })).json()) as { data: { events: { nodes: unknown[] } } }).data.events.nodes.length;
    // The reader answers from its cache from now on: an empty page, until a write empties it.
    if ((await count()) !== 0) throw new Error('the word is already in the agenda');
    const event = { ...newEvent(run), title: { fr: `Concert ${word}` } };
    const written = await fetch(`${writer}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: CREATE, variables: { i: event } }) });
    const acknowledged = performance.now();
    if (!((await written.json()) as { data?: { createEvent?: { id: string } } }).data?.createEvent?.id) throw new Error('the write failed');
    while ((await count()) === 0) {
      if (performance.now() - acknowledged > 10_000) throw new Error('a write was not seen through the other process within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    delays.push(performance.now() - acknowledged);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return delays;
}

/** Closed-loop clients over the mix, each request from the kind's list in turn, writes by API key at `writeShare`. */
async function visitorMix(kinds: Array<{ kind: string; base: string; request: LoadRequest }>, writer: { base: string; key: string }, options: { clients: number; seconds: number; writeShare: number }) {
  const samples: Array<Sample & { kind: string }> = [];
  const end = Date.now() + options.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (Date.now() < end) {
        n += 1;
        const write = Math.random() < options.writeShare;
        const chosen = write
          ? { kind: 'write (createEvent, API key)', base: writer.base, request: { path: '/graphql', method: 'POST' as const, headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.key}` }, body: JSON.stringify({ query: CREATE, variables: { i: newEvent(n) } }) } }
          : kinds[n % kinds.length]!;
        const sample = await send(chosen.base, chosen.request, write, 15_000);
        samples.push({ ...sample, kind: chosen.kind });
        if (sample.code === 'CONNECTION') await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  const latency = (list: Sample[]) => list.map((s) => s.endedAt - s.startedAt);
  const byKind: Record<string, { requests: number; p50: number; p99: number }> = {};
  for (const kind of new Set(samples.map((s) => s.kind))) {
    const of = samples.filter((s) => s.kind === kind);
    byKind[kind] = { requests: of.length, p50: percentile(latency(of), 0.5), p99: percentile(latency(of), 0.99) };
  }
  return {
    clients: options.clients,
    seconds: options.seconds,
    requests: samples.length,
    writes: samples.filter((s) => s.write).length,
    rps: samples.length / options.seconds,
    p50: percentile(latency(samples), 0.5),
    p99: percentile(latency(samples), 0.99),
    byKind,
    errors: codes(samples),
  };
}

export async function measureStack(options: StackOptions): Promise<StackResults> {
  const dir = mkdtempSync(join(tmpdir(), 'nfc-stack-'));
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({ dir: join(dir, 'pg'), ephemeral: true });
  const serverUrl = external ?? embedded!.url;
  const name = `nfc_stack_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const running: Running[] = [];
  try {
    const [api1, api2, site, siteProxy, apiProxy] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const apiProxyUrl = `http://127.0.0.1:${apiProxy}`;
    const siteProxyUrl = `http://127.0.0.1:${siteProxy}`;
    const common = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: BENCH_JWT_SECRET,
      SITE_PROXY_SECRET: STACK_SITE_SECRET,
      MAIL_OUTBOX: 'allow',
      DATA_DIR: join(dir, 'data'),
      PUBLIC_SITE_URL: siteProxyUrl,
      PUBLIC_API_URL: apiProxyUrl,
      LOG_LEVEL: 'warn',
      MALLOC_ARENA_MAX: '2',
    };
    // As compose sets them: behind the proxy, jobs in the worker; budgets counted in PostgreSQL.
    // The visitor mix comes from one address, so the per-address request budgets are raised for it;
    // the sign-in budget (10 a minute per address, as deployed) is the one the budget check spends.
    const apiEnv = { ...common, API_HOST: '127.0.0.1', TRUST_PROXY: '1', WORKER: 'off', RATE_LIMIT_STORE: 'postgres', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_ANONYMOUS_PAGES_PER_SECOND: '100000000', RATE_LIMIT_API_KEY_PER_MINUTE: '100000000' };
    // Both at once on the empty database: the migrations' advisory lock lets one apply them.
    running.push(start('api/dist/main.js', { ...apiEnv, API_PORT: String(api1) }), start('api/dist/main.js', { ...apiEnv, API_PORT: String(api2) }));
    await Promise.all([waitFor(`http://127.0.0.1:${api1}/healthz`, running, 'API process 1'), waitFor(`http://127.0.0.1:${api2}/healthz`, running, 'API process 2')]);
    running.push(start('api/dist/worker.js', common));

    const dataSource = createDataSource({ url: databaseUrl });
    await dataSource.initialize();
    const [migrationRows] = (await dataSource.query(`SELECT count(*)::int AS applied, count(DISTINCT name)::int AS distinct FROM migrations`)) as Array<{ applied: number; distinct: number }>;
    const migrationCount = dataSource.migrations.length;
    // The offices that publish the demo agenda (production starts none; the bench adds them).
    await seedDevelopment(dataSource, join(dir, 'data'));
    const seeded = await seedDemoAgenda(dataSource, { events: options.events, seed: 42 });
    await dataSource.query('VACUUM (ANALYZE)');
    const organisations = new OrganisationService({ dataSource, viewer: OPERATOR });
    const office = await organisations.createOrganisation({ kind: 'TOURISM_OFFICE', name: 'OT Stack', epciSiren: '200069052' });
    const { key } = await organisations.issueApiKey({ organisationId: office.id, name: 'stack', scopes: ['agenda:write'] });
    const [{ slug }] = (await dataSource.query(`SELECT e.slug FROM event e JOIN event_occurrence o ON o.event_id = e.id WHERE o.ends_at >= now() ORDER BY o.starts_at LIMIT 1`)) as Array<{ slug: string }>;
    await dataSource.destroy();

    // The website reads the API through the proxy (compose: http://api:4000, every replica).
    const website = await startWebsite(apiProxyUrl, apiProxyUrl, site, { TRUST_PROXY: '1', SITE_PROXY_SECRET: STACK_SITE_SECRET });
    running.push({ process: website.process, output: () => '' });
    running.push(startProxy(join(dir, 'proxy'), { site, apis: [api1, api2], siteProxy, apiProxy }));
    await waitFor(`${siteProxyUrl}/robots.txt`, running, 'nginx');

    const graphqlGet = (query: string, variables: Record<string, unknown>): LoadRequest => ({ path: `/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`, method: 'GET', headers: { 'apollo-require-preflight': '1' } });
    const kinds = [
      { kind: 'home page', base: siteProxyUrl, request: { path: '/', method: 'GET' as const } },
      { kind: 'agenda page', base: siteProxyUrl, request: { path: '/agenda', method: 'GET' as const } },
      { kind: 'event page', base: siteProxyUrl, request: { path: `/agenda/${encodeURIComponent(slug)}`, method: 'GET' as const } },
      { kind: 'agenda page, filtered', base: siteProxyUrl, request: { path: '/agenda?epci=200065647&quand=weekend', method: 'GET' as const } },
      { kind: 'search (GraphQL GET)', base: apiProxyUrl, request: graphqlGet('query($f: EventFilter) { events(filter: $f, first: 20) { nodes { startsAt event { id title } } } }', { f: { text: 'marché producteurs' } }) },
      { kind: 'search (GraphQL POST)', base: apiProxyUrl, request: { path: '/graphql', method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($f: EventFilter) { events(filter: $f, first: 20) { nodes { startsAt event { id title } } } }', variables: { f: { text: 'concert' } } }) } },
      { kind: 'ICS feed of an EPCI', base: apiProxyUrl, request: { path: '/feeds/agenda.ics?epci=200069052', method: 'GET' as const } },
      { kind: 'RSS feed', base: apiProxyUrl, request: { path: '/feeds/agenda.rss', method: 'GET' as const } },
    ];
    for (const { base, request } of kinds) {
      const response = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${request.path} answered ${response.status}`);
    }
    const mix = await visitorMix(kinds, { base: apiProxyUrl, key }, { clients: options.clients, seconds: options.seconds, writeShare: 0.05 });

    // From an address of its own: the mix's sign-ins (none) and budgets do not count for it.
    const limit = 10;
    const budget = await spendLoginBudget(apiProxyUrl, '127.0.0.5', limit);
    const delays = await writeVisibility(`http://127.0.0.1:${api1}`, `http://127.0.0.1:${api2}`, key, 10);
    return {
      events: seeded.events,
      occurrences: seeded.occurrences,
      migrations: { expected: migrationCount, applied: migrationRows!.applied, distinct: migrationRows!.distinct },
      mix,
      budget: { limit, sent: limit * 2, ...budget, memoryControl: null },
      visibility: { runs: delays.length, medianMs: percentile(delays, 0.5), maxMs: Math.max(...delays), cacheMs: 10_000 },
      machine: machineLine(),
    };
  } finally {
    await stopAll(running.reverse());
    if (external) {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    }
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function stackSection(r: StackResults): string {
  const ms = (n: number) => `${Math.round(n)}`;
  const errors = Object.keys(r.mix.errors).length ? Object.entries(r.mix.errors).map(([code, n]) => `${code} × ${n}`).join(', ') : 'none';
  return `<!-- stack:start -->
## The whole stack, several processes (\`npm run bench -- --stack\`)

Measured on ${new Date().toISOString().slice(0, 10)}, ${r.machine}, Node ${process.version}. As \`docker/compose.yaml\` runs it, on loopback: two API
processes (\`api/dist/main.js\`, production settings, \`TRUST_PROXY=1\`, jobs off), the job worker (\`api/dist/worker.js\`), the built website,
and Debian's nginx running \`docker/proxy/site.conf.template\` in front of the site and of both API processes (its API upstream lists the two,
as compose's DNS lists the replicas of \`--scale api=2\`). One PostgreSQL (embedded), ${r.events.toLocaleString('en')} demo events
(${r.occurrences.toLocaleString('en')} occurrences). Seven processes share the machine's ${cpus().length} cores with the load generator.

**Migrations once.** Both API processes were started at the same instant on an empty database and both came up: ${r.migrations.applied} migrations
recorded, ${r.migrations.distinct} distinct, of ${r.migrations.expected} (the advisory lock in \`database/migrate.ts\` makes the second wait, then find none left).

### Visitor mix through the proxy

${r.mix.clients} closed-loop clients for ${r.mix.seconds} s, each going round the website's pages, the API's searches (GET, which the
proxy may keep for 10 s, and POST, which it never keeps) and feeds, with ${((r.mix.writes / Math.max(1, r.mix.requests)) * 100).toFixed(1)} % writes
(an office's \`createEvent\` by API key, which empties every process's caches). The clients share one address, so the per-address
request budgets were raised for this run; the sign-in budget below is as deployed.

| kind | requests | p50 (ms) | p99 (ms) |
|---|---|---|---|
${Object.entries(r.mix.byKind)
  .map(([kind, k]) => `| ${kind} | ${k.requests} | ${ms(k.p50)} | ${ms(k.p99)} |`)
  .join('\n')}
| **all** | ${r.mix.requests} (${r.mix.rps.toFixed(0)}/s) | ${ms(r.mix.p50)} | ${ms(r.mix.p99)} |

Errors: ${errors}.

### One budget per client, whichever process answers

One client (its own loopback address) sends ${r.budget.sent} sign-in attempts through the proxy, which alternates between the two processes;
the deployed budget is ${r.budget.limit} a minute per address, counted in PostgreSQL (\`RATE_LIMIT_STORE=postgres\`). Answered: **${r.budget.answered}**;
refused (\`RATE_LIMITED\`): **${r.budget.refused}**. With each process counting on its own, the client would have had ${r.budget.limit * 2}
(\`common/shared-budgets.test.ts\` shows that control with the memory store).

### A write, seen through the other process

An office writes through API process 1; API process 2, whose public query cache (production: on) already holds the empty answer,
is asked the same search every 5 ms until the event appears (${r.visibility.runs} runs). Stated delay: the NOTIFY at commit, then
250 ms in which a process gathers the other writes of a burst before it empties its caches (\`http/read-invalidation.ts\`). Measured: median **${ms(r.visibility.medianMs)} ms**, slowest **${ms(r.visibility.maxMs)} ms**.
Through the proxy, a GET answer may be kept up to its \`max-age\` (${r.visibility.cacheMs / 1000} s) on top of that, as its Cache-Control says.
<!-- stack:end -->
`;
}
