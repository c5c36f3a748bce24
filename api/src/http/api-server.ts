import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { LIMITS } from '@nfc/shared';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import type { Viewer } from '../auth/viewer';
import { AppError } from '../common/errors';
import { budgetStoreFor, consume, createRateLimits } from '../common/rate-limits';
import type { AppConfig } from '../config';
import { createRequestContext, type AppDependencies, type RequestContext } from '../context';
import type { Logger } from '../logger';
import { buildApiSchema } from '../schema';
import { formatError, withoutSuggestions } from './format-error';
import { clientAddress, clientAddressMiddleware } from './client-address';
import { PublicQueryCache } from './public-query-cache';
import { documentBudget, pageBudgetRule } from './document-budget';
import { createImportRouter } from '../imports/import.routes';
import { createMediaRouter } from '../media/media.routes';
import { createBrandRouter, createCachedRenditionFastPath } from '../brand/brand.routes';
import { LockupService } from '../brand/lockup.service';
import { PartnerService } from '../brand/partner.service';
import { announceNewVersion } from '../brand/announce-version';
import { createFeedRouter } from '../agenda/feeds.routes';
import { createExportRouter } from '../agenda/exports.routes';
import { BrandService } from '../brand/brand.service';
import { MediaService } from '../media/media.service';
import { createStorageFromEnv } from '../media/storage/create-storage';
import type { MediaStorage } from '../media/storage/media-storage';
import type { GraphQLError, ValidationContext } from 'graphql';
import { readContestPrincipal, type ContestPrincipal } from '../contest/contest-access';
import { createContestRouter } from '../contest/contest.routes';
import { createContestDeps } from '../contest/contest-deps';
import { createMailer, type Mailer } from '../mail/mailer';
import { createQueuedMailer } from '../mail/mail.jobs';
import { PgBossJobQueue } from '../jobs/job-queue';
import { ReadInvalidation } from './read-invalidation';
import { httpCacheHeaders } from './http-cache-headers';
import { JOBS } from '../jobs/registry';
import { webhookUrlPolicy } from '../webhooks/webhook-url';
import { KIT_BUILD_JOB } from '../brand/brand.jobs';
import { redactUrl } from './redact-url';
import { anonymousPageBudget } from './anonymous-page-budget';
import { CROSS_ORIGIN_READ_ROUTES, foreignMutationGuard, originsOf, publicReadCors, refuseForeignWrites } from './cross-origin';
import { answersInSql } from './answers-in-sql';
import { agendaSqlPlanners } from '../agenda/event-json';

export interface CreateApiServerOptions {
  config: AppConfig;
  dataSource: DataSource;
  logger: Logger;
  /** Where media files live; by default chosen from the environment (local .data/media, or S3). */
  storage?: MediaStorage;
  /** How email leaves; by default from SMTP_URL, or the .eml outbox. */
  mailer?: Mailer;
  /** Benchmarks only: false serves /graphql without the document and page budgets, to measure what they save. */
  documentBudget?: boolean;
}

export interface ApiServer {
  httpServer: Server;
  /** The brand service, for seeding the demo kit at start. */
  brand: BrandService;
  /** The pieces the contest services share (for seeding the demo contest and the retention command). */
  contest: AppDependencies['contest'];
  /** The job queue (tests wait on it; the CLI has its own). */
  jobs: PgBossJobQueue;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests and lets in-flight ones finish. The caller then closes the database. */
  close(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function errorBody(code: string, message: string, requestId?: string) {
  return { errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] };
}

/** Adds the request id to internal errors and logs them with the cause, which the client never sees. */
function errorLoggingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            const original = error.originalError ?? error;
            if (!(original instanceof AppError) && !error.extensions?.code) {
              contextValue.logger.error({ err: original, path: error.path }, 'resolver failed');
            }
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            if (code === 'INTERNAL' || code === 'SERVICE_UNAVAILABLE') {
              (error.extensions as Record<string, unknown>).requestId = contextValue?.requestId;
            }
          }
        },
      };
    },
  };
}

/** The composition root of the HTTP API: one place where services, limits and routes are wired. */
/** The headers a middleware that only sets headers (helmet) adds to every answer, read once. */
function headersSetBy(middleware: RequestHandler): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  middleware({} as Request, response as unknown as Response, () => undefined);
  return headers;
}

export async function createApiServer({ config, dataSource, logger, storage, mailer, documentBudget: withDocumentBudget = true }: CreateApiServerOptions): Promise<ApiServer> {
  // Budgets in PostgreSQL by default: one per client across every API process (common/rate-limits.ts).
  const budgetStore = budgetStoreFor(config.rateLimit, dataSource);
  const rateLimits = createRateLimits(config.rateLimit, budgetStore);
  const mediaStorage = storage ?? createStorageFromEnv(config.dataDir);
  const media = new MediaService({ dataSource, storage: mediaStorage, logger });
  // The job queue (jobs/): every e-mail, kit builds, the sweeper and the purges. Requests only
  // enqueue; this process works the jobs too unless WORKER=off (then worker.js does).
  const jobs = new PgBossJobQueue({ connectionString: connectionStringOf(dataSource), logger, definitions: JOBS, worker: config.worker === 'inline', schedules: config.jobSchedules });
  await jobs.start();
  const transport = mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir, logger, logSecrets: config.env !== 'production' });
  const queuedMailer = createQueuedMailer(jobs, config.jwtSecret);
  const brand = new BrandService({ dataSource, storage: mediaStorage, logger, kitBuilds: { request: async () => void (await jobs.send(KIT_BUILD_JOB, {})) } });
  const contest = createContestDeps({ config, dataSource, media, logger, rateLimits, mailer: queuedMailer });
  const deps: AppDependencies = {
    dataSource,
    logger,
    rateLimits,
    publicApiUrl: config.publicApiUrl,
    publicSiteUrl: config.publicSiteUrl,
    jwtSecret: config.jwtSecret,
    accessTokenTtlSeconds: LIMITS.accessTokenTtlSeconds,
    auth: new AuthService({ dataSource, jwtSecret: config.jwtSecret, accessTokenTtlSeconds: LIMITS.accessTokenTtlSeconds, rateLimits }),
    media,
    brand,
    lockups: new LockupService({ dataSource, storage: mediaStorage, brand, media, logger }),
    contest,
    mailer: queuedMailer,
    jobs,
    webhookPolicy: webhookUrlPolicy(config),
    outboundAllowPrivate: config.outboundAllowPrivate,
  };
  if (config.worker === 'inline') {
    // The handlers send through the real transport; services only ever see the queued mailer.
    await jobs.work({ dataSource, logger, config, mailer: transport, media, storage: mediaStorage, brand, contest });
  }

  const app = express();
  // One helmet: Express applies it to every route, and the rendition fast path sends the same headers.
  const securityHeaders = helmet();
  const renditionFastPath = createCachedRenditionFastPath(deps.brand, headersSetBy(securityHeaders));
  const httpServer = createServer((req, res) => {
    if (!renditionFastPath(req, res)) app(req, res);
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Every per-address budget counts this address: the website's visitor, or the caller itself.
  app.use(clientAddressMiddleware(config.siteProxySecret));
  app.use(securityHeaders);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const header = req.headers['x-request-id'];
        const id = typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // One short line per request: headers (and their secrets) stay out of the logs.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  // Cross-origin (partners' widget): other sites' pages read the public API from their visitors'
  // browsers, never with credentials, never writing (see http/cross-origin.ts). Before the budgets,
  // so that a refusal for a spent budget reaches the page too.
  const ownOrigins = originsOf([config.publicSiteUrl, config.publicApiUrl]);
  app.use(refuseForeignWrites(ownOrigins));
  app.use([...CROSS_ORIGIN_READ_ROUTES], publicReadCors());

  app.get('/healthz', async (_req, res) => {
    try {
      await Promise.race([
        dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('health check timed out')), 2000).unref()),
      ]);
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  // Limits are checked during validation, before anything runs. Armor's own report would
  // surface as a generic validation failure; ours carries a stable code.
  const refuse = { propagateOnRejection: false, onReject: [reportQueryTooComplex] };
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxQueryDepth, ...refuse },
    costLimit: { maxCost: LIMITS.maxQueryCost, ...refuse },
    maxAliases: { n: LIMITS.maxAliases, ...refuse },
    // The document budget counts tokens before parsing; armor's count is a second full parse
    // whose refusal never reached the client (its onReject gets no validation context).
    maxTokens: withDocumentBudget ? { enabled: false } : { n: LIMITS.maxTokens, ...refuse },
    maxDirectives: { n: LIMITS.maxDirectives, ...refuse },
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();

  const publicQueries = new PublicQueryCache({ ttlMs: config.publicQueryCacheMs });
  // A write in any process empties this process's caches of public reads (NOTIFY at commit).
  const invalidation = new ReadInvalidation({ connectionString: connectionStringOf(dataSource), logger });
  invalidation.register(publicQueries);
  if (config.publicQueryCacheMs > 0) await invalidation.start();
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildApiSchema(),
    introspection: config.introspection,
    csrfPrevention: true,
    // main.ts owns the shutdown order (HTTP drain, pool, database); Apollo must not
    // react to signals on its own.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    formatError: config.introspection ? formatError : (formatted, error) => withoutSuggestions(formatError(formatted, error)),
    validationRules: [...protection.validationRules, ...(withDocumentBudget ? [pageBudgetRule()] : [])],
    plugins: [
      ...protection.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache-Control is ours (httpCacheHeaders); Apollo's own would wrap every field's resolver to read hints no type declares.
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin(),
      // Before the cache: a mutation from another site's page is refused, whatever else is asked.
      foreignMutationGuard(ownOrigins),
      publicQueries.plugin(),
      // Cache-Control for HTTP caches in front: public only for an anonymous public read over GET.
      httpCacheHeaders(),
      // After the cache: an answer from memory spends nothing.
      anonymousPageBudget(config.rateLimit.anonymousPagesPerSecond, budgetStore),
      // Last: what is left of an anonymous agenda read is written by PostgreSQL as JSON.
      ...(config.publicReadsInSql ? [answersInSql(agendaSqlPlanners(dataSource))] : []),
    ],
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
  await apollo.start();

  app.use(createContestRouter({ storage: mediaStorage, secret: config.jwtSecret, logger }));
  app.use(createMediaRouter({ media: deps.media, auth: deps.auth, rateLimits, logger, contestSecret: config.jwtSecret }));
  app.use(createImportRouter({ dataSource, auth: deps.auth, rateLimits, logger }));
  // Feeds and generated brand files do real work per request: they spend the caller's
  // per-address budget like an anonymous GraphQL request (versioned brand files and media
  // variants are immutable, cached by everyone, and stay outside it).
  const spendAnonymousBudget: RequestHandler = async (req, res, next) => {
    try {
      await consume(rateLimits.anonymous, clientAddress(req));
      next();
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds ?? 60));
      res.status(429).json(errorBody(error.code, error.message));
    }
  };
  app.use(['/feeds', '/brand/palette.css', '/brand/palette.scss', '/brand/palette.ase', '/brand/kit.zip'], spendAnonymousBudget);
  app.use(createFeedRouter({ dataSource, apiUrl: config.publicApiUrl, siteUrl: config.publicSiteUrl, logger, cacheMs: config.publicQueryCacheMs, caches: invalidation }));
  app.use(createExportRouter({ dataSource, siteUrl: config.publicSiteUrl, apiUrl: config.publicApiUrl, logger, cacheMs: config.publicQueryCacheMs, caches: invalidation }));
  const partners = new PartnerService(dataSource, { mailer: deps.mailer, siteUrl: deps.publicSiteUrl, logger, secret: deps.jwtSecret });
  app.use(
    createBrandRouter({
      brand: deps.brand,
      lockups: deps.lockups,
      onVersionPublished: (assetId, version) => announceNewVersion({ dataSource, partners, jobs }, assetId, version),
      auth: deps.auth,
      downloadSecret: config.jwtSecret,
      logger,
    }),
  );

  const clientIp = (req: Request) => clientAddress(req);

  app.use(
    '/graphql',
    express.json({ limit: LIMITS.maxJsonBodyBytes }),
    // A request with no credential spends its address's budget before anything else, so that
    // documents refused by the budget below are counted too (the context charges the rest).
    (req: Request, res: Response, next: NextFunction) => (req.headers.authorization ? next() : spendAnonymousBudget(req, res, next)),
    // Size, tokens, operations, directives and input nesting, refused before Apollo parses.
    ...(withDocumentBudget ? [documentBudget()] : []),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const ip = clientIp(req);
        let viewer: Viewer | null = null;
        let contestPrincipal: ContestPrincipal | null;
        try {
          contestPrincipal = readContestPrincipal(req.headers.authorization, config.jwtSecret);
          if (!contestPrincipal) viewer = await deps.auth.authenticate(req.headers.authorization);
        } catch (error) {
          // A failed authentication is charged to the caller's address like an anonymous call.
          await consume(rateLimits.anonymous, ip).catch((limit: unknown) => {
            throw withStatus(limit, 429);
          });
          throw error;
        }
        // Without any credential, the address already paid before parsing; a contest session pays here.
        if (!viewer && req.headers.authorization) {
          await consume(rateLimits.anonymous, ip).catch((limit: unknown) => {
            throw withStatus(limit, 429);
          });
        }
        return createRequestContext({ deps, requestId: String(req.id), ip, viewer, contestPrincipal });
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', 'No such route.'));
  });

  // Body-parser and other middleware errors: a clean JSON answer, never a stack trace.
  const handleError: ErrorRequestHandler = (error, req, res, _next) => {
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (error?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('BAD_USER_INPUT', 'The request body is not valid JSON.'));
    } else if (error?.type === 'entity.too.large') {
      res.status(413).json(errorBody('BAD_USER_INPUT', `The request body exceeds ${LIMITS.maxJsonBodyBytes} bytes.`));
    } else if (error instanceof AppError) {
      res.status(status).json(errorBody(error.code, error.message));
    } else if (status >= 400 && status < 500) {
      res.status(status).json(errorBody('BAD_USER_INPUT', 'The request is not valid.'));
    } else {
      req.log?.error({ err: error }, 'request failed');
      res.status(500).json(errorBody('INTERNAL', 'Internal error.', String(req.id)));
    }
  };
  app.use(handleError);

  return {
    httpServer,
    brand: deps.brand,
    contest: deps.contest,
    jobs,
    listen: (port, host) =>
      new Promise((resolveUrl, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolveUrl(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      }),
    close: async () => {
      await apollo.stop();
      await invalidation.close();
      // Running jobs finish (or are retried later by another process); then no new ones start.
      await jobs.stop();
      await deps.brand.downloads.close();
      transport.close();
    },
  };
}

/** The queue opens its own connections to the database the data source uses. */
function connectionStringOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no connection URL for the job queue');
  return url;
}

function reportQueryTooComplex(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new AppError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, '')));
}

function withStatus(error: unknown, status: number): unknown {
  if (error instanceof AppError) {
    const retryAfter = error.extensions.retryAfterSeconds;
    const headers = typeof retryAfter === 'number' ? new HeaderMap([['retry-after', String(retryAfter)]]) : undefined;
    return new AppError(error.code, error.message, { ...error.extensions, http: { status, ...(headers ? { headers } : {}) } });
  }
  return error;
}
