import { request } from 'node:http';
import { startProxiedSite, type ProxiedSite } from './proxy';

/** The production arrangement: nginx with docker/proxy/site.conf.template in front of the website. */
let site: ProxiedSite;
beforeAll(async () => {
  site = await startProxiedSite({ apiUrl: process.env.NFC_API_URL!, dataDir: process.env.NFC_DATA_DIR! });
}, 90_000);
afterAll(async () => {
  await site?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it travelled (compressed when the proxy compressed it). */
  raw: Buffer;
}

/** A request from a given loopback address (each address is one visitor), the bytes as sent. */
function get(path: string, options: { from?: string; headers?: Record<string, string>; base?: string; method?: string; body?: string } = {}): Promise<Answer> {
  const target = new URL(path, options.base ?? site.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', localAddress: options.from ?? '127.0.0.1', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const cacheStatus = (answer: Answer) => answer.headers['x-cache-status'];

describe('the caching proxy in front of the website', () => {
  test.each([
    ['the territory', '/territoire'],
    ['an EPCI page', '/de/territoire/200069052'],
    ['the agenda', '/agenda?text=proxy'],
    ['the home page', '/en'],
  ])('keeps a public page (%s) as its Cache-Control allows, and serves it again unchanged', async (_name, path) => {
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(cacheStatus(first)).toBe('MISS');
    const again = await get(path, { from: '127.0.0.9' });
    expect(cacheStatus(again)).toBe('HIT');
    expect(again.raw.equals(first.raw)).toBe(true);
  });

  test.each([
    ['the espace pro’s sign-in (a form, its CSRF cookie)', '/pro'],
    ['the contest’s entry form', '/concours/reperes-nord-franche-comte/participer'],
    ['the partners’ area', '/kit/partenaires'],
  ])('never keeps a private page: %s, each visitor gets their own', async (_name, path) => {
    const first = await get(path);
    const second = await get(path);
    for (const answer of [first, second]) {
      expect(answer.headers['cache-control']).toMatch(/private|no-store/);
      expect(cacheStatus(answer)).not.toBe('HIT');
    }
    const tokens = [first, second].map((answer) => String(answer.headers['set-cookie'] ?? '').match(/nfc_csrf=([^;]+)/)?.[1]);
    expect(tokens[0]).toBeTruthy();
    expect(tokens[1]).toBeTruthy();
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  test('a signed-in person’s request goes to the site, past what the cache holds', async () => {
    expect(cacheStatus(await get('/kit'))).toMatch(/MISS|HIT/);
    expect(cacheStatus(await get('/kit'))).toBe('HIT');
    expect(cacheStatus(await get('/kit', { headers: { cookie: 'theme=dark; nfc_session=not-a-real-token' } }))).toBe('BYPASS');
  });

  test('compresses the home page; its HTML, CSS and JS weigh 100 KB or less as sent (images apart)', async () => {
    const home = await get('/', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(home.status).toBe(200);
    expect(home.headers['content-encoding']).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const html = gunzipSync(home.raw).toString('utf8');
    expect(html).toContain('<html lang="fr"');
    const assets = [...new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="(\/[^"]+)"/g)].map((match) => match[1]!))];
    let sent = home.raw.length;
    for (const asset of assets) {
      const answer = await get(asset, { headers: { 'accept-encoding': 'gzip' } });
      expect([asset, answer.status]).toEqual([asset, 200]);
      sent += answer.raw.length;
    }
    expect(sent).toBeLessThanOrEqual(100 * 1024);
  });

  describe('budgets behind the proxy: each visitor is counted on their own address', () => {
    const spent = '127.0.0.7';
    let refused: Answer | undefined;
    beforeAll(async () => {
      // New searches each time, so each page costs the visitor an API request, until the API refuses.
      for (let i = 0; i < 2000 && !refused; i += 10) {
        const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => get(`/territoire/200069052?q=proxy${i + k}`, { from: spent })));
        refused = answers.find((answer) => answer.status !== 200);
      }
    }, 120_000);

    test('the visitor who spent theirs gets the 429 page, which the proxy does not keep', async () => {
      expect(refused?.status).toBe(429);
      expect(refused!.headers['cache-control']).toBe('no-store');
      const again = await get('/territoire/200069052?q=proxy-after', { from: spent });
      expect(again.status).toBe(429);
      expect(cacheStatus(again)).not.toBe('HIT');
    });

    test('another visitor keeps theirs, even one who writes the spent address into X-Forwarded-For', async () => {
      expect((await get('/territoire/200069052?q=proxy-other', { from: '127.0.0.8' })).status).toBe(200);
      expect((await get('/territoire/200069052?q=proxy-claim', { from: '127.0.0.8', headers: { 'x-forwarded-for': spent } })).status).toBe(200);
    });
  });
});

describe('the same proxy in front of the API', () => {
  // Apollo's CSRF prevention asks a GET for a header a form cannot send; a CDN or proxy passes it through.
  const PREFLIGHT = { 'apollo-require-preflight': '1' };
  const read = (query: string) => `/graphql?${new URLSearchParams({ query })}`;

  test('keeps an anonymous public read over GET for as long as the API says, one answer for every caller', async () => {
    const path = read('{ epcis { siren name } }');
    const first = await get(path, { base: site.apiUrl, headers: PREFLIGHT });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=10, stale-while-revalidate=60');
    expect(cacheStatus(first)).toBe('MISS');
    const again = await get(path, { base: site.apiUrl, headers: PREFLIGHT, from: '127.0.0.9' });
    expect(cacheStatus(again)).toBe('HIT');
    expect(again.raw.equals(first.raw)).toBe(true);
  });

  test.each([
    ['a caller with a token or key, even reading public fields', { authorization: 'Bearer not-a-real-key' }],
    ['a read of private fields', {}],
  ])('never keeps the answer to %s', async (_case, headers) => {
    const path = read(Object.keys(headers).length ? '{ epcis { name } territory { name } }' : '{ territory { name } me { id } }');
    for (let i = 0; i < 2; i += 1) {
      const answer = await get(path, { base: site.apiUrl, headers: { ...PREFLIGHT, ...headers } });
      expect(cacheStatus(answer)).not.toBe('HIT');
    }
  });

  test('never keeps a POST (the writes, and the reads sent as POST)', async () => {
    const body = JSON.stringify({ query: '{ territory { name } }' });
    for (let i = 0; i < 2; i += 1) {
      const answer = await get('/graphql', { base: site.apiUrl, method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(200);
      expect(cacheStatus(answer)).not.toBe('HIT');
    }
  });

  test('compresses a calendar feed', async () => {
    const answer = await get('/feeds/agenda.ics?epci=200069052', { base: site.apiUrl, headers: { 'accept-encoding': 'gzip' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/calendar/);
    expect(answer.headers['content-encoding']).toBe('gzip');
  });
});
