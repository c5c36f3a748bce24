import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET or POST from a given loopback address: each address is one visitor. */
function send(url: string, localAddress: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', localAddress, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const graphql = (from: string, headers: Record<string, string> = {}) =>
  send(`${API()}/graphql`, from, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ territory { communeCount } }' }) });

/**
 * Pages whose data the site has not cached yet (a new search each time), so that each one
 * costs its visitor one API request; until the API refuses. Returns the refused page.
 */
async function exhaust(visitor: string, path: (i: number) => string): Promise<{ served: number; refused: Answer }> {
  for (let i = 0; i < 2000; i += 10) {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => send(WEB() + path(i + k), visitor)));
    const refused = answers.find((answer) => answer.status !== 200);
    if (refused) return { served: i, refused };
  }
  throw new Error(`${visitor} was never refused`);
}

describe('one visitor, one budget', () => {
  const spent = '127.0.0.2';
  let refused: Answer;

  beforeAll(async () => {
    ({ refused } = await exhaust(spent, (i) => `/territoire/200069052?q=x${i}`));
  }, 120_000);

  test('a visitor who spent their budget gets the 429 page, with Retry-After, not a 404 or a 500', () => {
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.body).toContain('<h1>Trop de requêtes</h1>');
    expect(refused.body).toContain(`Réessayez dans ${seconds} s.`);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  test('in the language of the page asked for', async () => {
    const en = await send(`${WEB()}/en/territoire/200069052?q=en1`, spent);
    expect(en.status).toBe(429);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('<h1>Too many requests</h1>');
    const de = await send(`${WEB()}/de/agenda?text=de1`, spent);
    expect(de.status).toBe(429);
    expect(de.body).toContain('<h1>Zu viele Anfragen</h1>');
  });

  test('another visitor of the same site keeps their own budget', async () => {
    const other = await send(`${WEB()}/territoire/200069052?q=other`, '127.0.0.3');
    expect(other.status).toBe(200);
    expect(other.body).toContain('CA Grand Belfort');
  });

  test('a client naming the spent address without the secret is counted on its own address', async () => {
    expect((await graphql('127.0.0.4', { 'x-nfc-client-ip': spent })).status).toBe(200);
    expect((await graphql('127.0.0.4', { 'x-nfc-client-ip': spent, 'x-nfc-site-secret': 'not-the-secret-but-long-enough-0123456789' })).status).toBe(200);
    // The control: with the site's secret, the same header is believed (so the test can fail).
    const secret = readFileSync(join(process.env.NFC_DATA_DIR!, 'site-proxy-secret'), 'utf8').trim();
    expect((await graphql('127.0.0.4', { 'x-nfc-client-ip': spent, 'x-nfc-site-secret': secret })).status).toBe(429);
  });

  test.each([['fr'], ['en'], ['de']])('the 429 page (%s) has no accessibility violation', async (language) => {
    const prefix = language === 'fr' ? '' : `/${language}`;
    const page = await send(`${WEB()}${prefix}/territoire/200069052?q=axe-${language}`, spent);
    expect(page.status).toBe(429);
    await ui.page.goto(WEB() + '/');
    await ui.page.setContent(page.body);
    expect(await ui.page.getAttribute('html', 'lang')).toBe(language);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  });
});
