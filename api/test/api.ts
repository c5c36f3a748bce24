import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { BrandService } from '../src/brand/brand.service';
import type { ContestDeps } from '../src/contest/contest-deps';
import { createTestDatabase, type TestDatabase } from './database';
import { LocalStorage } from '../src/media/storage/local-storage';
import type { MediaStorage } from '../src/media/storage/media-storage';
import { loadConfig, type AppConfig } from '../src/config';
import { RATE_LIMIT_TABLE } from '../src/common/rate-limits';
import { createApiServer } from '../src/http/api-server';
import { createLogger, type Logger } from '../src/logger';
import type { PgBossJobQueue } from '../src/jobs/job-queue';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  headers: Headers;
}

export interface TestApi {
  url: string;
  /** The server's own brand service (to seed the kit and read its counters). */
  brand: BrandService;
  /** The server's contest dependencies (for the retention command). */
  contest: ContestDeps;
  config: AppConfig;
  /** The server's job queue: `await api.jobs.drain()` waits for the work a request caused (kit builds, e-mails). */
  jobs: PgBossJobQueue;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  dataSource: DataSource;
  config?: Partial<Omit<AppConfig, 'rateLimit'>> & { rateLimit?: Partial<AppConfig['rateLimit']> };
  storage?: MediaStorage;
  /** Where the server logs (to read what it wrote); by default a logger at the config's level. */
  logger?: Logger;
}

/** The real HTTP API on a free loopback port, over a test database. */
export async function startTestApi({ dataSource, config: overrides = {}, storage, logger }: StartTestApiOptions): Promise<TestApi> {
  const base = loadConfig({ env: 'test', logLevel: process.env.LOG_LEVEL ?? 'silent' });
  const config: AppConfig = { ...base, ...overrides, rateLimit: { ...base.rateLimit, ...overrides.rateLimit } };
  const server = await createApiServer({
    config,
    dataSource,
    logger: logger ?? createLogger(config.logLevel),
    // Each test API gets its own media folder unless a storage is given.
    storage: storage ?? new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-media-'))),
  });
  const url = await server.listen(0, '127.0.0.1');
  return {
    url,
    brand: server.brand,
    contest: server.contest,
    jobs: server.jobs,
    config,
    async graphql(query, variables, options = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any };
      return { status: response.status, data: body.data ?? undefined, errors: body.errors, headers: response.headers };
    },
    close: () => server.close(),
  };
}

/**
 * A fresh database and a running API for one test file, created before its tests and
 * dropped after: `const env = useTestApi(); … env.api.graphql(…)`.
 */
/**
 * Forgets every request budget counted in the database (they are shared by every server on it,
 * as by every process in production): for a test that starts a server with budgets of its own
 * size and must count from zero, after others spent on the same address.
 */
export async function forgetBudgets(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DELETE FROM ${RATE_LIMIT_TABLE}`);
}

export function useTestApi(options: Omit<StartTestApiOptions, 'dataSource'> = {}): { readonly db: TestDatabase; readonly api: TestApi } {
  const handle = {} as { db: TestDatabase; api: TestApi };
  beforeAll(async () => {
    handle.db = await createTestDatabase();
    handle.api = await startTestApi({ ...options, dataSource: handle.db.dataSource });
  });
  afterAll(async () => {
    await handle.api?.close();
    await handle.db?.drop();
  });
  return handle;
}
