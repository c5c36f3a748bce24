import 'reflect-metadata';
import { MIGRATIONS } from '@nfc/migrations';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

export interface CreateDataSourceOptions {
  url: string;
  /** Pool size per API process. */
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove queries stay bounded, and EXPLAIN them). */
  onQuery?: (sql: string, parameters?: unknown[]) => void;
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
      connectionTimeoutMillis: 3000,
      statement_timeout: 15000,
      idle_in_transaction_session_timeout: 30000,
      application_name: 'nfc-api',
    },
  };
  return new DataSource(config);
}
