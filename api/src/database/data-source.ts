import 'reflect-metadata';
import { MIGRATIONS } from '@nfc/migrations';
import { Client, type ClientConfig } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

export interface CreateDataSourceOptions {
  url: string;
  /** Pool size per API process. */
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove queries stay bounded, and EXPLAIN them). */
  onQuery?: (sql: string, parameters?: unknown[]) => void;
}

/** Opening a connection to a PostgreSQL that does not answer fails after this. */
const CONNECT_TIMEOUT_MS = 3000;
/**
 * A request waits this long for a free connection before SERVICE_UNAVAILABLE. Under a spike the
 * pool's queue is the normal place to wait (the load run queues 200 clients on 10 connections);
 * an unreachable database is noticed sooner, by the connect timeout or a refused connection.
 */
const POOL_WAIT_MS = 10_000;

/**
 * pg-pool uses one setting, connectionTimeoutMillis, both for the wait in its queue and for each
 * new client's connect; this client keeps its own, shorter, connect timeout.
 */
class QuickConnectClient extends Client {
  constructor(config?: ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

/**
 * The one way the API talks to PostgreSQL. `synchronize` is off for good: the schema
 * only changes through the migrations, and CI checks the entities agree with them.
 */
export function createDataSource(options: CreateDataSourceOptions): DataSource {
  const config: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL; extensions are created by migrations, never at connect.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: options.onQuery ? ['query'] : false,
    logger: options.onQuery
      ? {
          logQuery: (query: string, parameters?: unknown[]) => options.onQuery?.(query, parameters),
          logQueryError: () => undefined,
          logQuerySlow: () => undefined,
          logSchemaBuild: () => undefined,
          logMigration: () => undefined,
          log: () => undefined,
        }
      : undefined,
    poolSize: options.poolSize ?? 10,
    extra: {
      // Fail fast rather than hang when the database is unreachable; the pool
      // reconnects by itself when it comes back.
      Client: QuickConnectClient,
      connectionTimeoutMillis: POOL_WAIT_MS,
      statement_timeout: 15000,
      idle_in_transaction_session_timeout: 30000,
      application_name: 'nfc-api',
      // The API only runs short, indexed statements; PostgreSQL's JIT compiles any plan whose
      // estimate crosses jit_above_cost, adding 20-30 ms to a 2 ms statement (measured on the
      // duplicate check and the text search).
      options: '-c jit=off',
    },
  };
  return new DataSource(config);
}
