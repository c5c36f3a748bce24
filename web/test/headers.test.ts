import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './stack';
import { useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function anEventSlug(): Promise<string> {
  const response = await fetch(`${API()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ events(first: 1) { nodes { event { slug } } } }' }),
  });
  const body = (await response.json()) as { data: { events: { nodes: Array<{ event: { slug: string } }> } } };
  return body.data.events.nodes[0]!.event.slug;
}

/** One page of each template (on demand and prerendered), the 404 and the 429 included. */
const TEMPLATES = [
  '/',
  '/en/territoire',
  '/de/territoire/200069052',
  '/agenda',
  'EVENT',
  '/kit',
  '/kit/partenaires',
  '/concours',
  '/concours/reperes-nord-franche-comte',
  '/concours/reperes-nord-franche-comte/participer',
  '/concours/reperes-nord-franche-comte/mes-photos',
  '/concours/reperes-nord-franche-comte/voter',
  '/concours/reperes-nord-franche-comte/resultats',
  '/concours/reperes-nord-franche-comte/jury',
  '/concours/reperes-nord-franche-comte/autorisation',
  '/pro',
  '/accessibilite',
  '/en/confidentialite',
  '/no-such-page',
  '/trop-de-requetes',
  '/widget',
];

describe('the site headers', () => {
  let eventPath: string;
  beforeAll(async () => {
    eventPath = `/agenda/${await anEventSlug()}`;
  });
  const url = (path: string) => WEB() + (path === 'EVENT' ? eventPath : path);

  test.each(TEMPLATES)('%s: a strict Content-Security-Policy, nosniff and Referrer-Policy', async (path) => {
    const response = await fetch(url(path), { redirect: 'manual' });
    expect([200, 404, 429]).toContain(response.status);
    const policy = response.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toContain("'self'");
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(directives['script-src']).not.toContain("'unsafe-eval'");
    expect(directives['style-src']).not.toContain("'unsafe-inline'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // Plain HTTP, no https site address: no HSTS (it would lock browsers out of a plain-HTTP site).
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  test.each(TEMPLATES)('%s: Chromium logs no CSP violation', async (path) => {
    await ui.page.goto(url(path), { waitUntil: 'load' });
    // Lazy images and deferred module scripts: scroll through, and let them run.
    await ui.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await ui.page.waitForLoadState('networkidle');
    expect(ui.cspViolations).toEqual([]);
  });

  test('the check can fail: a script the policy does not list is reported', async () => {
    await ui.page.goto(url('/'));
    await ui.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    await ui.page.waitForTimeout(200);
    expect(ui.cspViolations.join('\n')).toMatch(/Content Security Policy/);
    expect(await ui.page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  });
});

describe('HSTS', () => {
  let web: ChildProcess;
  let origin: string;
  beforeAll(async () => {
    const port = await freePort();
    // The same built site, published at an https address (as behind a TLS proxy).
    web = spawn(process.execPath, [join(__dirname, '..', 'dist', 'server', 'entry.mjs')], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), API_URL: API(), PUBLIC_SITE_URL: 'https://www.nord-franche-comte.example' },
      stdio: 'ignore',
    });
    origin = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i += 1) {
      if (await fetch(`${origin}/accessibilite`).then(() => true, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the second site did not start');
  });
  afterAll(() => void web?.kill('SIGTERM'));

  test('a site published over HTTPS tells browsers to stay on it', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
