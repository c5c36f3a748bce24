// Forked by run.ts: the real API (production settings) on its own embedded PostgreSQL and
// local media folder, so that its peak memory can be read while the parent loads it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@nfc/api/dist/config';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { startEmbeddedPostgres } from '@nfc/api/dist/database/embedded-postgres';
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nfc-bench-'));
  const database = await startEmbeddedPostgres({ dir, ephemeral: true });
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = new URL(database.url);
  url.pathname = '/bench';
  const dataSource = createDataSource({ url: url.toString() });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await seedTerritory(dataSource);
  const config = loadConfig({ env: 'production', jwtSecret: 'bench-only-secret-of-at-least-32-characters', dataDir: dir, logLevel: 'warn', introspection: false });
  const server = await createApiServer({
    config: { ...config, rateLimit: { anonymousPerMinute: 1e9, apiKeyPerMinute: 1e9, loginPerMinute: 1e9, uploadsPerMinute: 1e9, votesPerMinute: 1e9 } },
    dataSource,
    logger: createLogger('warn'),
    storage: new LocalStorage(join(dir, 'media')),
  });
  // The upload figure is for a fresh API process; only the serving benchmark needs the kit.
  if (!process.argv.includes('--no-brand')) await seedDemoBrand(server.brand);
  const agendaSize = Number(process.argv.find((arg) => arg.startsWith('--agenda='))?.split('=')[1] ?? 0);
  let agenda: { events: number; occurrences: number; seconds: number } | undefined;
  if (agendaSize) {
    await seedDevelopment(dataSource, dir);
    const started = Date.now();
    const seeded = await seedDemoAgenda(dataSource, { events: agendaSize, seed: 42 });
    await dataSource.query('ANALYZE');
    agenda = { ...seeded, seconds: (Date.now() - started) / 1000 };
  }
  const organisations = new OrganisationService({ dataSource, viewer: OPERATOR });
  const office = await organisations.createOrganisation({ kind: 'TOURISM_OFFICE', name: 'OT Bench', epciSiren: '200069052' });
  const { key } = await organisations.issueApiKey({ organisationId: office.id, name: 'bench', scopes: ['agenda:write'] });
  const base = await server.listen(0, '127.0.0.1');
  process.send!({ ready: base, mediaDir: join(dir, 'media'), key, agenda });
  // Peak RSS over a window the parent opens with 'reset': maxRSS would include start-up
  // (seeding renders the demo kit), which is not what the upload figure is about.
  let windowPeak = 0;
  setInterval(() => (windowPeak = Math.max(windowPeak, process.memoryUsage().rss)), 20).unref();
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'reset') {
      global.gc?.();
      windowPeak = process.memoryUsage().rss;
      process.send!({ rssKb: windowPeak / 1024 });
    }
    if (message.type === 'report') process.send!({ maxRssKb: Math.max(windowPeak, process.memoryUsage().rss) / 1024 });
    if (message.type === 'stop') {
      await server.close();
      await dataSource.destroy();
      await database.stop();
      process.exit(0);
    }
  });
}

void main();
