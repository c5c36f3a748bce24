import './node-version';
import 'reflect-metadata';
import { loadConfig, requireMailTransport, StartupError } from './config';
import { createDataSource } from './database/data-source';
import { openDatabase } from './database/open-database';
import { runMigrationsOnce } from './database/migrate';
import { seedDemoBrand } from './brand/seed-demo-brand';
import { createApiServer } from './http/api-server';
import { createLogger } from './logger';
import { seedDevelopment } from './organisations/seed-development';
import { seedTerritory } from './territory/territory.seed';
import { seedDemoAgenda } from './agenda/seed-demo-agenda';
import { seedDemoEventImages } from './agenda/seed-demo-images';
import { seedDemoContest } from './contest/seed-demo-contest';
import { seedDemoContestEntries } from './contest/seed-demo-entries';

/**
 * Runs the API: database (embedded unless DATABASE_URL), migrations, territory seed,
 * development accounts outside production, then HTTP. SIGINT/SIGTERM stop it in
 * reverse order once in-flight requests have finished.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  requireMailTransport(config);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url });
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);
  const territory = await seedTerritory(dataSource);
  logger.info({ territory, database: database.origin }, 'territory ready');

  const server = await createApiServer({ config, dataSource, logger });
  if (config.env !== 'production') {
    // A working kit on a fresh `npm start` (rendered once, then kept under .data/media).
    const { created } = await seedDemoBrand(server.brand);
    if (created) logger.info('demo brand kit seeded');
  }
  const url = await server.listen(config.apiPort, config.apiHost);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    logger.debug('http server drained');
    await dataSource.destroy();
    logger.debug('database pool closed');
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (config.env !== 'production') {
    const admin = await seedDevelopment(dataSource, config.dataDir);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM event`);
    if (n === 0) await seedDemoAgenda(dataSource, { events: 400 });
    if ((await seedDemoContest(dataSource, server.contest)).created) logger.info('demo contest seeded');
    // Rendered after the API is up (about a second per illustration): pictures appear as they are made.
    void seedDemoEventImages(dataSource, server.contest.media)
      .then(({ images, events }) => images && logger.info({ images, events }, 'demo illustrations attached'))
      .then(() => (config.demoContestPhotos ? seedDemoContestEntries(dataSource, server.contest) : { entries: 0 }))
      .then(({ entries }) => entries && logger.info({ entries }, 'demo contest photos approved'))
      .catch((error: unknown) => logger.warn({ err: error }, 'demo illustrations could not be made'));
    if (!config.smtpUrl) console.log(`  No SMTP_URL: emails (codes, invitations) are written to ${config.outboxDir} and logged.`);
    console.log(`\n  Development admin: ${admin.email}  password: ${admin.password}`);
  }
  console.log(`  API ready: ${url}/graphql  (health: ${url}/healthz)\n`);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`The API could not start: ${error.message}`);
  else console.error('The API could not start:', error);
  process.exit(1);
});
