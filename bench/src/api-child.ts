// Forked by run.ts: the real API (production settings) on its own database (embedded, or a
// fresh database on DATABASE_URL's server) and local media folder, so that its peak memory can
// be read while the parent loads it. It serves twice from one process: with the public query
// cache (as in production) and without it (to show what the cache hides). The parent drives it
// over IPC: seed more events, restart the database, report memory, stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@nfc/api/dist/config';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@nfc/api/dist/database/embedded-postgres';
import { createApiServer } from '@nfc/api/dist/http/api-server';
import { createLogger } from '@nfc/api/dist/logger';
import { LocalStorage } from '@nfc/api/dist/media/storage/local-storage';
import { seedDemoBrand } from '@nfc/api/dist/brand/seed-demo-brand';
import { seedTerritory } from '@nfc/api/dist/territory/territory.seed';
import { Client } from 'pg';
import { OPERATOR } from '@nfc/api/dist/auth/viewer';
import { OrganisationService } from '@nfc/api/dist/organisations/organisation.service';
import { seedDevelopment } from '@nfc/api/dist/organisations/seed-development';
import { seedDemoAgenda } from '@nfc/api/dist/agenda/seed-demo-agenda';
import { BENCH_JWT_SECRET, BENCH_SITE_SECRET } from './processes';
import { startProfiling, summariseProfile, type CpuProfile } from './cpu-profile';


async function openBenchDatabase(dir: string): Promise<{ url: string; embedded: EmbeddedDatabase | null; drop: () => Promise<void> }> {
  const external = process.env.DATABASE_URL;
  // Kept across a stop (the resilience run restarts it); the folder is removed at the end.
  const embedded = external ? null : await startEmbeddedPostgres({ dir, ephemeral: false });
  const serverUrl = external ?? embedded!.url;
  const name = `nfc_bench_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded,
    drop: async () => {
      if (!external) return;
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nfc-bench-'));
  const database = await openBenchDatabase(dir);
  const dataSource = createDataSource({ url: database.url });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await seedTerritory(dataSource);
  const base = loadConfig({ env: 'production', jwtSecret: BENCH_JWT_SECRET, dataDir: dir, logLevel: 'warn', introspection: false });
  // Budgets so large they never bite, counted in memory: the runs measure reading, not the budgets'
  // upserts (the "deployed" server below has the real ones, in PostgreSQL).
  const unlimited = { anonymousPerMinute: 1e9, anonymousPagesPerSecond: 1e9, apiKeyPerMinute: 1e9, loginPerMinute: 1e9, uploadsPerMinute: 1e9, votesPerMinute: 1e9, store: 'memory' as const };
  const serve = (publicQueryCacheMs: number, documentBudget = true, rateLimit: typeof base.rateLimit = unlimited, publicReadsInSql = base.publicReadsInSql) =>
    createApiServer({ config: { ...base, publicQueryCacheMs, rateLimit, publicReadsInSql, siteProxySecret: BENCH_SITE_SECRET }, dataSource, logger: createLogger('warn'), storage: new LocalStorage(join(dir, 'media')), documentBudget });
  const server = await serve(base.publicQueryCacheMs);
  const uncached = await serve(0);
  // The same, cache off, every read through GraphQL's resolvers (PUBLIC_READS_IN_SQL=0): the read path's before and after in one run.
  const viaResolvers = await serve(0, true, unlimited, false);
  // --unguarded: a third server, production settings but without the document budget, to
  // measure what the budget saves (only the parse-cost run sends it anything).
  const unguarded = process.argv.includes('--unguarded') ? await serve(base.publicQueryCacheMs, false) : null;
  // And a fourth, exactly as deployed: every per-address budget on (requests, agenda pages), for
  // the parse-cost run's "one anonymous client" lines; the other runs are many clients on one address.
  const deployed = process.argv.includes('--unguarded') ? await serve(base.publicQueryCacheMs, true, base.rateLimit) : null;
  // The upload figure is for a fresh API process; only the serving benchmark needs the kit.
  if (!process.argv.includes('--no-brand')) await seedDemoBrand(server.brand);
  await seedDevelopment(dataSource, dir);
  const seed = async (events: number) => {
    const started = Date.now();
    const seeded = await seedDemoAgenda(dataSource, { events, seed: 42 });
    // VACUUM too: hundreds of thousands of fresh rows would otherwise wake autovacuum in the middle
    // of the first measurements (the runs then differed by 2× between peers measured minutes apart).
    await dataSource.query('VACUUM (ANALYZE)');
    return { ...seeded, seconds: (Date.now() - started) / 1000 };
  };
  const agendaSize = Number(process.argv.find((arg) => arg.startsWith('--agenda='))?.split('=')[1] ?? 0);
  const agenda = agendaSize ? await seed(agendaSize) : undefined;
  const organisations = new OrganisationService({ dataSource, viewer: OPERATOR });
  const office = await organisations.createOrganisation({ kind: 'TOURISM_OFFICE', name: 'OT Bench', epciSiren: '200069052' });
  const { key } = await organisations.issueApiKey({ organisationId: office.id, name: 'bench', scopes: ['agenda:write'] });
  const ready = await server.listen(0, '127.0.0.1');
  const readyUncached = await uncached.listen(0, '127.0.0.1');
  const readyResolvers = await viaResolvers.listen(0, '127.0.0.1');
  const readyUnguarded = await unguarded?.listen(0, '127.0.0.1');
  const readyDeployed = await deployed?.listen(0, '127.0.0.1');
  process.send!({ ready, readyUncached, readyResolvers, readyUnguarded, readyDeployed, databaseUrl: database.url, embedded: Boolean(database.embedded), mediaDir: join(dir, 'media'), key, agenda });
  // Peak RSS over a window the parent opens with 'reset': maxRSS would include start-up
  // (seeding renders the demo kit), which is not what the upload figure is about.
  let windowPeak = 0;
  setInterval(() => (windowPeak = Math.max(windowPeak, process.memoryUsage().rss)), 20).unref();
  let stopProfiling: (() => Promise<CpuProfile>) | null = null;
  process.on('message', async (message: { type: string; events?: number }) => {
    // The parent profiles a load it sends: this process's CPU profile, summarised here (it is large).
    if (message.type === 'profile-start') {
      stopProfiling = await startProfiling();
      process.send!({ profiling: true });
    }
    if (message.type === 'profile-stop' && stopProfiling) {
      const profile = await stopProfiling();
      stopProfiling = null;
      process.send!({ summary: summariseProfile(profile) });
    }
    if (message.type === 'reset') {
      global.gc?.();
      windowPeak = process.memoryUsage().rss;
      process.send!({ rssKb: windowPeak / 1024 });
    }
    if (message.type === 'report') process.send!({ maxRssKb: Math.max(windowPeak, process.memoryUsage().rss) / 1024 });
    if (message.type === 'seed') process.send!({ seeded: await seed(message.events!) });
    if (message.type === 'db-restart') {
      // A real stop (fast shutdown: connections are cut) and start of the same cluster.
      if (!database.embedded) return process.send!({ restarted: false });
      const started = Date.now();
      try {
        await database.embedded.restart(1000);
        process.send!({ restarted: true, outageMs: Date.now() - started, upAt: Date.now() });
      } catch (error) {
        process.send!({ restarted: false, error: String(error) });
      }
    }
    if (message.type === 'stop') {
      await server.close();
      await uncached.close();
      await viaResolvers.close();
      await unguarded?.close();
      await deployed?.close();
      await dataSource.destroy();
      await database.drop();
      await database.embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

void main();
