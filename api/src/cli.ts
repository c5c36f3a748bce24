import './node-version';
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { OPERATOR } from './auth/viewer';
import { AuthService } from './auth/auth.service';
import { MIN_PASSWORD_LENGTH } from './auth/password';
import { createRateLimits } from './common/rate-limits';
import { BrandService } from './brand/brand.service';
import { seedDemoBrand } from './brand/seed-demo-brand';
import { createStorageFromEnv } from './media/storage/create-storage';
import { MediaService } from './media/media.service';
import { sweepMediaOnce } from './media/sweeper';
import { AppError } from './common/errors';
import { loadConfig } from './config';
import { createDataSource } from './database/data-source';
import { openDatabase } from './database/open-database';
import { checkMigrations } from './database/check-migrations';
import { createLogger } from './logger';
import { OrganisationService } from './organisations/organisation.service';
import { seedDevelopment } from './organisations/seed-development';
import { SCHEMA_FILE, renderSchema } from './schema-file';
import { seedTerritory } from './territory/territory.seed';
import { seedDemoAgenda } from './agenda/seed-demo-agenda';
import { applyRetention, DEFAULT_RETENTION } from './contest/retention';
import { createContestDeps } from './contest/contest-deps';
import { ORGANISATION_KINDS, USER_ROLES, type OrganisationKind, type UserRole } from '@nfc/shared';
import { ImportService, type ImportOutcome } from './imports/import.service';
import { redactUrl } from './http/redact-url';
import type { JobQueue } from './jobs/job-definition';
import { PgBossJobQueue } from './jobs/job-queue';
import { JOBS } from './jobs/registry';
import { IMPORT_FORMATS, IMPORT_SCHEDULES, type ImportFormat, type ImportSchedule } from './imports/import.model';

/** Opens the database, runs `work`, and always closes what it opened. */
/** The password side of AuthService, for operator commands (tokens it signs are not printed). */
function authServiceFor(dataSource: DataSource): AuthService {
  const config = loadConfig();
  return new AuthService({ dataSource, jwtSecret: config.jwtSecret, accessTokenTtlSeconds: 3600, rateLimits: createRateLimits(config.rateLimit) });
}

async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const database = await openDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

async function organisationId(service: OrganisationService, slugOrId: string): Promise<string> {
  const match = (await service.listOrganisations()).find((o) => o.slug === slugOrId || o.id === slugOrId);
  if (!match) throw new AppError('NOT_FOUND', `No organisation "${slugOrId}"; see list-organisations.`);
  return match.id;
}

const program = new Command('nfc').description('Operator commands for the Nord Franche-Comté platform.');

program.command('migrate').description('Apply pending migrations.').action(() =>
  withDatabase(async (db) => {
    const applied = await db.runMigrations({ transaction: 'each' });
    console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'Schema up to date.');
  }),
);

program.command('revert-migration').description('Revert the last applied migration.').action(() =>
  withDatabase(async (db) => {
    await db.undoLastMigration({ transaction: 'each' });
    console.log('Reverted the last migration.');
  }),
);

program.command('seed').description('Load the territory (idempotent); outside production, also the development organisations and admin.').action(() =>
  withDatabase(async (db) => {
    await db.runMigrations({ transaction: 'each' });
    console.log(seedTerritoryMessage(await seedTerritory(db)));
    const config = loadConfig();
    if (config.env !== 'production') {
      const admin = await seedDevelopment(db, config.dataDir);
      console.log(`Development admin: ${admin.email}  password: ${admin.password}`);
      const brand = new BrandService({ dataSource: db, storage: createStorageFromEnv(config.dataDir), logger: createLogger('warn') });
      console.log((await seedDemoBrand(brand)).created ? 'Demo brand kit seeded.' : 'Brand kit already present.');
    }
  }),
);

function seedTerritoryMessage(result: { communes: number; epcis: number; departments: number }): string {
  return `Territory: ${result.communes} communes, ${result.epcis} EPCI, ${result.departments} departments.`;
}

program.command('list-organisations').description('List organisations.').action(() =>
  withDatabase(async (db) => {
    const organisations = await new OrganisationService({ dataSource: db, viewer: OPERATOR }).listOrganisations();
    for (const o of organisations) console.log(`${o.id}  ${o.kind.padEnd(14)} ${o.slug.padEnd(40)} ${o.name}`);
  }),
);

program
  .command('create-organisation')
  .description('Create an organisation.')
  .requiredOption('--kind <kind>', `one of ${ORGANISATION_KINDS.join(', ')}`)
  .requiredOption('--name <name>', 'display name')
  .option('--slug <slug>', 'unique URL name (default: from the name)')
  .option('--epci <siren>', 'EPCI served (tourism offices)')
  .action((options: { kind: string; name: string; slug?: string; epci?: string }) =>
    withDatabase(async (db) => {
      const organisation = await new OrganisationService({ dataSource: db, viewer: OPERATOR }).createOrganisation({
        kind: options.kind as OrganisationKind,
        name: options.name,
        slug: options.slug,
        epciSiren: options.epci,
      });
      console.log(`Created ${organisation.kind} ${organisation.slug} (${organisation.id}).`);
    }),
  );

program
  .command('create-user')
  .description('Create a person account; prints a generated password unless --password-stdin is given.')
  .requiredOption('--organisation <slugOrId>', 'organisation')
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'display name')
  .option('--role <role>', `one of ${USER_ROLES.join(', ')}`, 'EDITOR')
  .option('--password-stdin', 'read the password from standard input')
  .action((options: { organisation: string; email: string; name: string; role: string; passwordStdin?: boolean }) =>
    withDatabase(async (db) => {
      const service = new OrganisationService({ dataSource: db, viewer: OPERATOR });
      const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : randomBytes(12).toString('base64url');
      const user = await service.createUser({
        organisationId: await organisationId(service, options.organisation),
        email: options.email,
        displayName: options.name,
        role: options.role as UserRole,
        password,
      });
      console.log(`Created ${user.role} ${user.email}.${options.passwordStdin ? '' : `  password: ${password}`}`);
    }),
  );

program
  .command('set-password')
  .description("Set a person's password (prints a generated one unless --password-stdin is given); every session they had ends.")
  .requiredOption('--email <email>', 'login email')
  .option('--password-stdin', 'read the password from standard input')
  .action((options: { email: string; passwordStdin?: boolean }) =>
    withDatabase(async (db) => {
      const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : randomBytes(12).toString('base64url');
      if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      const [user] = await db.query(`SELECT id FROM user_account WHERE email = $1`, [options.email.trim().toLowerCase()]);
      if (!user) throw new Error(`No account with the email ${options.email}.`);
      await authServiceFor(db).setPassword(user.id, password);
      console.log(`Password set for ${options.email}; earlier sessions have ended.${options.passwordStdin ? '' : `  password: ${password}`}`);
    }),
  );

program
  .command('remove-user')
  .description('Remove a person; their tokens stop working at once.')
  .requiredOption('--email <email>', 'login email')
  .action((options: { email: string }) =>
    withDatabase(async (db) => {
      const [user] = await db.query(`SELECT id FROM user_account WHERE email = $1`, [options.email.trim().toLowerCase()]);
      if (!user) throw new Error(`No account with the email ${options.email}.`);
      await new OrganisationService({ dataSource: db, viewer: OPERATOR }).removeUser(user.id);
      console.log(`Removed ${options.email}.`);
    }),
  );

program
  .command('issue-api-key')
  .description('Issue an API key for an organisation; the secret is printed once.')
  .requiredOption('--organisation <slugOrId>', 'organisation')
  .requiredOption('--name <name>', 'what the key is for')
  .option('--scopes <scopes>', 'comma-separated scopes', 'agenda:write')
  .action((options: { organisation: string; name: string; scopes: string }) =>
    withDatabase(async (db) => {
      const service = new OrganisationService({ dataSource: db, viewer: OPERATOR });
      const issued = await service.issueApiKey({
        organisationId: await organisationId(service, options.organisation),
        name: options.name,
        scopes: options.scopes.split(',').map((s) => s.trim()).filter(Boolean),
      });
      console.log(`API key ${issued.apiKey.id} (${issued.apiKey.scopes.join(', ')}):\n${issued.key}\nStore it now: it cannot be shown again.`);
    }),
  );

program
  .command('revoke-api-key <id>')
  .description('Revoke an API key.')
  .action((id: string) =>
    withDatabase(async (db) => {
      const key = await new OrganisationService({ dataSource: db, viewer: OPERATOR }).revokeApiKey(id);
      console.log(`Revoked ${key.name} (${key.id}) at ${key.revokedAt?.toISOString()}.`);
    }),
  );

program
  .command('seed-demo')
  .description('Generate a deterministic demo agenda (development and benchmarks).')
  .option('--events <n>', 'number of events', '1000')
  .option('--seed <n>', 'random seed', '42')
  .action((options: { events: string; seed: string }) =>
    withDatabase(async (db) => {
      await db.runMigrations({ transaction: 'each' });
      await seedTerritory(db);
      await seedDevelopment(db, loadConfig().dataDir);
      const started = Date.now();
      const result = await seedDemoAgenda(db, { events: Number(options.events), seed: Number(options.seed) });
      console.log(`Demo agenda: ${result.events} events, ${result.occurrences} occurrences in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }),
  );

program
  .command('purge-uploads')
  .description('Delete uploads never attached to anything, with their files (run it on a schedule).')
  .option('--hours <hours>', 'age after which an unattached upload goes', '24')
  .action((options: { hours: string }) =>
    withDatabase(async (db) => {
      const config = loadConfig();
      const media = new MediaService({ dataSource: db, storage: createStorageFromEnv(config.dataDir), logger: createLogger('warn') });
      console.log(`Deleted ${await media.purgeUnattached(Number(options.hours))} unattached upload(s).`);
    }),
  );

program
  .command('sweep-media')
  .description('Delete stored files no row references (originals included) and uploads never attached, once older than the grace period; the API also does it hourly.')
  .option('--hours <hours>', 'grace period: younger files and uploads stay', process.env.MEDIA_SWEEP_GRACE_HOURS ?? '24')
  .action((options: { hours: string }) =>
    withDatabase(async (db) => {
      const config = loadConfig();
      const hours = Number(options.hours);
      if (!Number.isFinite(hours) || hours < 0) throw new Error('--hours must be a number of hours, 0 or more');
      const result = await sweepMediaOnce({ dataSource: db, storage: createStorageFromEnv(config.dataDir), logger: createLogger('warn'), graceHours: hours });
      if (!result) console.log('Another process is sweeping right now; nothing done.');
      else console.log(`Looked at ${result.listed} stored file(s); deleted ${result.deletedKeys.length} orphan file(s) and ${result.purgedUploads} unattached upload(s).`);
    }),
  );

program
  .command('purge-contest-data')
  .description('Apply the contest retention policy: unverified entrants, rejected entries, voters’ addresses, spent codes (run it daily).')
  .option('--unverified-days <days>', 'entrants who never confirmed their address', String(DEFAULT_RETENTION.unverifiedDays))
  .option('--rejected-days <days>', 'rejected entries', String(DEFAULT_RETENTION.rejectedDays))
  .option('--voter-days <days>', 'voters’ addresses, after the results', String(DEFAULT_RETENTION.voterDays))
  .action((options: { unverifiedDays: string; rejectedDays: string; voterDays: string }) =>
    withDatabase(async (db) => {
      const config = loadConfig();
      const logger = createLogger('warn');
      const media = new MediaService({ dataSource: db, storage: createStorageFromEnv(config.dataDir), logger });
      const deps = createContestDeps({ config, dataSource: db, media, logger });
      const report = await applyRetention(deps, { unverifiedDays: Number(options.unverifiedDays), rejectedDays: Number(options.rejectedDays), voterDays: Number(options.voterDays) });
      console.log(`Erased ${report.unverifiedEntrants} unverified entrant(s) and ${report.rejectedEntries} rejected entr(ies); anonymised ${report.votersAnonymised} voter(s); removed ${report.codes} spent code(s).`);
    }),
  );

/**
 * The import service as the operator runs it, with the media intake for images; with `jobs` (a
 * send-only queue), what it imports reaches webhook subscribers as any other write does.
 */
function importServiceFor(db: DataSource, jobs?: JobQueue): ImportService {
  const config = loadConfig();
  const media = new MediaService({ dataSource: db, storage: createStorageFromEnv(config.dataDir), logger: createLogger('warn') });
  return new ImportService({ dataSource: db, viewer: OPERATOR, media, logger: createLogger('warn'), allowPrivate: config.outboundAllowPrivate, ...(jobs ? { jobs, webhooks: { jobs, publicSiteUrl: config.publicSiteUrl } } : {}) });
}

/** A queue that only sends (the API or the worker delivers), open for the time of `work`. */
async function withSendingQueue<T>(db: DataSource, work: (jobs: JobQueue) => Promise<T>): Promise<T> {
  const url = (db.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no connection URL for the job queue');
  const jobs = new PgBossJobQueue({ connectionString: url, logger: createLogger('warn'), definitions: JOBS, worker: false, schedules: false });
  try {
    await jobs.start();
    return await work(jobs);
  } finally {
    await jobs.stop();
  }
}

/** "Musique=concert,Balade=nature-outing" as a category table. */
function mappingOf(text: string | undefined): Array<{ source: string; category: string }> {
  return (text ?? '')
    .split(',')
    .map((pair) => pair.split('='))
    .filter((pair) => pair.length === 2 && pair[0]!.trim())
    .map(([source, category]) => ({ source: source!.trim(), category: category!.trim() }));
}

function formatOf(text: string): ImportFormat {
  const format = text.toLowerCase() as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) throw new AppError('BAD_USER_INPUT', `--format must be one of ${IMPORT_FORMATS.join(', ')}.`);
  return format;
}

/** A source's text, safe for a terminal: control characters (escape sequences included) shown as U+FFFD. */
function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function printOutcome({ counts, items }: ImportOutcome, dryRun: boolean): void {
  for (const item of items) {
    const reasons = item.errors.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)).join('; ');
    console.log(terminalSafe(`${item.outcome.padEnd(9)} ${item.externalId || '(no id)'}  ${item.title ?? ''}${item.code ? `  [${item.code}]` : ''}${reasons ? `  ${reasons}` : ''}`));
  }
  const verb = dryRun ? 'Would have: ' : '';
  console.log(`${verb}${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.cancelled} cancelled, ${counts.deleted} deleted, ${counts.refused} refused.`);
}

program
  .command('import-events <fileOrUrl>')
  .description('Import events from an office\'s own system (a file or a feed URL) into its agenda, through the agenda\'s checks; --dry-run reports item by item and writes nothing. The source is kept (named after the file or URL), so a later run withdraws what the source no longer lists.')
  .requiredOption('--organisation <slugOrId>', 'the office that publishes the events')
  .requiredOption('--format <format>', IMPORT_FORMATS.join('|'))
  .option('--dry-run', 'report what would be created, updated, left unchanged or refused, and write nothing')
  .option('--default-category <id>', 'our category for items whose categories are not mapped', 'show')
  .option('--map <pairs>', 'category table, e.g. "Musique=concert,Balade=nature-outing"')
  .action((location: string, options: { organisation: string; format: string; dryRun?: boolean; defaultCategory: string; map?: string }) =>
    withDatabase((db) => withSendingQueue(db, async (jobs) => {
      const format = formatOf(options.format);
      const organisation = await organisationId(new OrganisationService({ dataSource: db, viewer: OPERATOR }), options.organisation);
      const service = importServiceFor(db, jobs);
      const isUrl = /^https?:\/\//i.test(location);
      // The name is shown to the office: a key in the feed's address stays out of it.
      const name = `cli: ${redactUrl(location)}`.slice(0, 100);
      const content = isUrl ? null : readFileSync(location, 'utf8');
      const values = { format, ...(isUrl ? { url: location } : { fileContent: content, fileName: location.split('/').pop() ?? location }), defaultCategory: options.defaultCategory, ...(options.map ? { categoryMapping: mappingOf(options.map) } : {}) };
      const existing = (await service.list(organisation)).find((source) => source.name === name && source.format === format);
      const source = existing ? await service.update(existing.id, values) : await service.create({ name, ...values }, organisation);
      if (options.dryRun) return printOutcome(await service.dryRun(source.id), true);
      const { runId, outcome } = await service.runNow(source.id, 'CLI');
      printOutcome(outcome, false);
      console.log(`Run ${runId} of source ${source.id}.`);
    })),
  );

program
  .command('add-import-source')
  .description('Register a feed an office imports from, on a schedule (the queue runs it).')
  .requiredOption('--organisation <slugOrId>', 'the office')
  .requiredOption('--name <name>', 'a name for the office')
  .requiredOption('--format <format>', IMPORT_FORMATS.join('|'))
  .requiredOption('--url <url>', 'the feed')
  .option('--schedule <schedule>', IMPORT_SCHEDULES.join('|'), 'DAILY')
  .option('--default-category <id>', 'our category for items whose categories are not mapped', 'show')
  .option('--map <pairs>', 'category table, e.g. "Musique=concert"')
  .action((options: { organisation: string; name: string; format: string; url: string; schedule: string; defaultCategory: string; map?: string }) =>
    withDatabase(async (db) => {
      const organisation = await organisationId(new OrganisationService({ dataSource: db, viewer: OPERATOR }), options.organisation);
      const source = await importServiceFor(db).create(
        { name: options.name, format: formatOf(options.format), url: options.url, schedule: options.schedule.toUpperCase() as ImportSchedule, defaultCategory: options.defaultCategory, categoryMapping: mappingOf(options.map) },
        organisation,
      );
      console.log(`Import source ${source.id} (${source.format}, ${source.schedule}).`);
    }),
  );

program
  .command('list-import-sources')
  .description('List import sources with their last run.')
  .option('--organisation <slugOrId>', 'only this office')
  .action((options: { organisation?: string }) =>
    withDatabase(async (db) => {
      const organisation = options.organisation ? await organisationId(new OrganisationService({ dataSource: db, viewer: OPERATOR }), options.organisation) : undefined;
      const service = importServiceFor(db);
      const sources = await service.list(organisation);
      const runs = await service.runs(sources.map((source) => source.id), 1);
      for (const source of sources) {
        const run = runs.find((r) => r.sourceId === source.id);
        const last = run ? `${run.state} ${run.queuedAt.toISOString()} +${run.created} ~${run.updated} =${run.unchanged} x${run.cancelled + run.deleted} !${run.refused}` : 'never run';
        console.log(`${source.id}  ${source.format.padEnd(12)} ${source.schedule.padEnd(7)} ${source.name}  (${source.url ? redactUrl(source.url) : (source.fileName ?? 'file')})  ${last}`);
      }
    }),
  );

program.command('print-schema').description('Write the GraphQL schema to api/schema.graphql.').action(async () => {
  writeFileSync(SCHEMA_FILE, await renderSchema());
  console.log(`Wrote ${SCHEMA_FILE}.`);
});

program.command('check-schema').description('Fail when api/schema.graphql differs from the code.').action(async () => {
  const current = await renderSchema();
  if (readFileSync(SCHEMA_FILE, 'utf8') !== current) {
    console.error('api/schema.graphql is out of date: run `npm run cli -- print-schema` and commit it.');
    process.exitCode = 1;
  } else console.log('Schema file up to date.');
});

program
  .command('check-migrations')
  .description('On a scratch database: apply every migration, compare with the entities, revert all, apply again.')
  .action(async () => {
    const config = loadConfig();
    const problems = await checkMigrations({ config, logger: createLogger('warn') });
    if (problems.length) {
      console.error(`Entities and migrations disagree; a migration is missing for:\n${problems.join('\n')}`);
      process.exitCode = 1;
    } else console.log('Migrations and entities agree; every migration reverts.');
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof AppError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
});
