import { LIMITS } from '@nfc/shared';
import { createDataSource } from '../database/data-source';
import { startTestApi, useTestApi, forgetBudgets } from '../../test/api';
import { startTcpProxy } from '../../test/tcp-proxy';

const env = useTestApi();

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${env.api.url}/graphql`, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

describe('request hygiene', () => {
  test('malformed JSON gets 400 with a stable code and no stack trace', async () => {
    const { status, text } = await post('{"query": "{ territory { name } ');
    expect(status).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  test('a body over the limit gets 413', async () => {
    const { status, text } = await post(JSON.stringify({ query: `{ territory { name } } #${'x'.repeat(LIMITS.maxJsonBodyBytes)}` }));
    expect(status).toBe(413);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('CSRF prevention refuses a simple cross-site request', async () => {
    const response = await fetch(`${env.api.url}/graphql?query=${encodeURIComponent('{ territory { name } }')}`);
    expect(response.status).toBe(400);
    const allowed = await fetch(`${env.api.url}/graphql?query=${encodeURIComponent('{ territory { name } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
  });

  test('security headers and a request id on every answer', async () => {
    const response = await fetch(`${env.api.url}/healthz`, { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('an unknown route is a JSON 404', async () => {
    const response = await fetch(`${env.api.url}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('query limits refuse costly documents before they run', () => {
  const nested = (depth: number) => {
    let selection = 'name';
    for (let i = 0; i < depth; i += 1) selection = `epci { communes { ${selection} } }`;
    return `{ commune(inseeCode: "90010") { ${selection} } }`;
  };

  test('a reasonable query passes', async () => {
    const { errors } = await env.api.graphql(nested(1));
    expect(errors).toBeUndefined();
  });

  test.each([
    ['too deep', nested(5)],
    ['too many aliases', `{ ${Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: territory { name }`).join(' ')} }`],
    ['too costly', `{ ${Array.from({ length: 12 }, (_, i) => `c${i}: communes(first: 100) { nodes { name epci { name communes { name population } } } }`).join(' ')} }`],
  ])('%s → QUERY_TOO_COMPLEX', async (_case, query) => {
    env.db.statements.length = 0;
    const response = await env.api.graphql(query);
    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(response.data).toBeUndefined();
    expect(env.db.statements).toHaveLength(0);
  });
});

describe('introspection', () => {
  test('is on in development and off in production', async () => {
    const dev = await env.api.graphql(`{ __schema { queryType { name } } }`);
    expect(dev.data!.__schema.queryType.name).toBe('Query');
    const production = await startTestApi({ dataSource: env.db.dataSource, config: { introspection: false } });
    try {
      const refused = await production.graphql(`{ __schema { queryType { name } } }`);
      expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      // And no "did you mean" hints that would leak the schema.
      const typo = await production.graphql(`{ territori { name } }`);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    } finally {
      await production.close();
    }
  });
});

describe('anonymous rate limit', () => {
  test('a burst from one address is cut off with 429 RATE_LIMITED', async () => {
    await forgetBudgets(env.db.dataSource);
    const limited = await startTestApi({ dataSource: env.db.dataSource, config: { rateLimit: { anonymousPerMinute: 5, apiKeyPerMinute: 100, loginPerMinute: 10 } } });
    try {
      const statuses: number[] = [];
      let lastCode: string | undefined;
      for (let i = 0; i < 7; i += 1) {
        const response = await limited.graphql(`{ territory { name } }`);
        statuses.push(response.status);
        lastCode = response.errors?.[0]?.extensions?.code;
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(lastCode).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

describe('when the database goes away', () => {
  test('health answers 503, GraphQL a clean error, and both recover by themselves', async () => {
    const target = new URL(env.db.url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port));
    const url = new URL(env.db.url);
    url.port = String(proxy.port);
    const dataSource = createDataSource({ url: url.toString(), poolSize: 2 });
    await dataSource.initialize();
    const fragile = await startTestApi({ dataSource });
    try {
      expect((await fetch(`${fragile.url}/healthz`)).status).toBe(200);
      proxy.cut();
      const health = await fetch(`${fragile.url}/healthz`);
      expect(health.status).toBe(503);
      const down = await fragile.graphql(`{ territory { communeCount } }`);
      expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(down.errors?.[0]?.extensions?.requestId).toBeTruthy();
      expect(JSON.stringify(down.errors)).not.toMatch(/SELECT|ECONN|stack/i);

      proxy.restore();
      let recovered = false;
      for (let attempt = 0; attempt < 50 && !recovered; attempt += 1) {
        recovered = (await fetch(`${fragile.url}/healthz`)).status === 200;
        if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(recovered).toBe(true);
      const up = await fragile.graphql(`{ territory { communeCount } }`);
      expect(up.data!.territory.communeCount).toBe(197);
    } finally {
      await fragile.close();
      await dataSource.destroy();
      await proxy.close();
    }
  });
});
