import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config';
import { createApiServer } from '../src/http/api-server';
import { createLogger } from '../src/logger';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  headers: Headers;
}

export interface TestApi {
  url: string;
  config: AppConfig;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  dataSource: DataSource;
  config?: Partial<AppConfig>;
}

/** The real HTTP API on a free loopback port, over a test database. */
export async function startTestApi({ dataSource, config: overrides = {} }: StartTestApiOptions): Promise<TestApi> {
  const config = loadConfig({ env: 'test', logLevel: process.env.LOG_LEVEL ?? 'silent', ...overrides });
  const server = await createApiServer({ config, dataSource, logger: createLogger(config.logLevel) });
  const url = await server.listen(0, '127.0.0.1');
  return {
    url,
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
