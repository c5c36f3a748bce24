import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './stack';
import { graphql } from './stack-api';
import type { XmlElement } from 'libxml2-wasm';
import { useBrowserPage } from './browser';

/**
 * Found and shared: the sitemap, robots.txt, canonical and hreflang links and the shared image,
 * on a second copy of the built site published at an https address of its own (PUBLIC_SITE_URL,
 * read at request time), with small sitemap files so that the sitemap index is used.
 */
const SITE = 'https://www.nord-franche-comte.example';
const API = () => process.env.NFC_API_URL!;
const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NAMESPACES = { sm: SM, xhtml: 'http://www.w3.org/1999/xhtml' };
const ui = useBrowserPage();
/** The legal notice's settings of this deployment (a test value for the SIREN, not the Pôle's). */
const PUBLISHER = { SITE_HOST_NAME: 'Hébergeur & Fils SAS', SITE_HOST_ADDRESS: '1 rue de l’Exemple, 25000 Besançon', SITE_HOST_PHONE: '03 00 00 00 00', SITE_PUBLISHER_SIREN: '123456789', SITE_CONTACT_EMAIL: 'accessibilite@pmnfc.example' };

let web: ChildProcess | undefined;
let origin: string;
let published: string;
let draft: string;
/** A URL of the published site, as the test reaches the copy on loopback. */
const local = (url: string) => {
  expect(url.startsWith(`${SITE}/`)).toBe(true);
  return origin + url.slice(SITE.length);
};

async function adminToken(): Promise<string> {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  return (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token as string;
}

async function createEvent(title: string, isDraft: boolean, token: string): Promise<string> {
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { slug } }`,
    { i: { title: { fr: title, en: `${title} (en)`, de: `${title} (de)` }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-03-14T20:00' }] }, draft: isDraft } },
    token,
  );
  expect(created.errors).toBeUndefined();
  return created.data.createEvent.slug as string;
}

beforeAll(async () => {
  const token = await adminToken();
  // Before the copy starts: its sitemap is built at the first request and kept ten minutes.
  published = await createEvent('Plan du site : concert & bal', false, token);
  draft = await createEvent('Plan du site : brouillon', true, token);
  const port = await freePort();
  web = spawn(process.execPath, [join(__dirname, '..', 'dist', 'server', 'entry.mjs')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), API_URL: API(), PUBLIC_SITE_URL: SITE, SITEMAP_URLS_PER_FILE: '600', ...PUBLISHER },
    stdio: 'ignore',
  });
  origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (await fetch(`${origin}/robots.txt`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the second site did not start');
}, 60_000);
afterAll(() => void web?.kill('SIGTERM'));

/** libxml2 against test/schemas/sitemap.rng (sitemaps.org 0.9 with xhtml:link): its messages, empty when valid. */
async function parseSitemap(xml: string): Promise<{ errors: string[]; index: string[]; urls: Array<{ loc: string; lastmod: string | null; alternates: Record<string, string> }> }> {
  const { XmlDocument, RelaxNGValidator, XmlValidateError } = await import('libxml2-wasm');
  const schema = XmlDocument.fromString(readFileSync(join(__dirname, 'schemas', 'sitemap.rng'), 'utf8'));
  const validator = RelaxNGValidator.fromDoc(schema);
  const document = XmlDocument.fromString(xml);
  try {
    let errors: string[] = [];
    try {
      validator.validate(document);
    } catch (error) {
      if (!(error instanceof XmlValidateError)) throw error;
      errors = error.details.map((d) => `${d.line}: ${d.message.trim()}`);
    }
    const text = (node: unknown, path: string) => (node as XmlElement).get(path, NAMESPACES)?.content ?? null;
    const index = document.find('/sm:sitemapindex/sm:sitemap', NAMESPACES).map((node) => text(node, 'sm:loc')!);
    const urls = document.find('/sm:urlset/sm:url', NAMESPACES).map((node) => ({
      loc: text(node, 'sm:loc')!,
      lastmod: text(node, 'sm:lastmod'),
      alternates: Object.fromEntries(
        (node as XmlElement).find('xhtml:link', NAMESPACES).map((link) => {
          const element = link as XmlElement;
          return [element.attr('hreflang')!.value, element.attr('href')!.value];
        }),
      ),
    }));
    return { errors, index, urls };
  } finally {
    document.dispose();
    validator.dispose();
    schema.dispose();
  }
}

/** The sitemap as read by the first tests; the last test visits every URL in it. */
const urls: Awaited<ReturnType<typeof parseSitemap>>['urls'] = [];
let files: string[] = [];

describe('sitemap.xml', () => {
  beforeAll(async () => {
    const response = await fetch(`${origin}/sitemap.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    const top = await parseSitemap(await response.text());
    expect(top.errors).toEqual([]);
    files = top.index;
    for (const file of files) {
      const part = await fetch(local(file));
      expect(part.status).toBe(200);
      const parsed = await parseSitemap(await part.text());
      expect(parsed.errors).toEqual([]);
      expect(parsed.urls.length).toBeLessThanOrEqual(600);
      urls.push(...parsed.urls);
    }
  }, 60_000);

  test('past its per-file size it is an index of files, each valid against the sitemaps.org grammar', () => {
    expect(files.length).toBeGreaterThan(1);
    expect(files).toEqual(files.map((_, i) => `${SITE}/sitemap/${i + 1}.xml`));
    // Each URL once, across the files.
    expect(new Set(urls.map((url) => url.loc)).size).toBe(urls.length);
  });

  test.each([
    ['the home page', '/', '/en', '/de'],
    ['the agenda', '/agenda', '/en/agenda', '/de/agenda'],
    ['an EPCI', '/territoire/200069052', '/en/territoire/200069052', '/de/territoire/200069052'],
    ['the legal notice', '/mentions-legales', '/en/mentions-legales', '/de/mentions-legales'],
    ['the accessibility statement', '/accessibilite', '/en/accessibilite', '/de/accessibilite'],
    ['the privacy page', '/confidentialite', '/en/confidentialite', '/de/confidentialite'],
    ['the published event', 'EVENT', 'EVENT', 'EVENT'],
  ])('lists %s in French, English and German, each with the three alternates and x-default', (_name, fr, en, de) => {
    const paths = fr === 'EVENT' ? [`/agenda/${published}`, `/en/agenda/${published}`, `/de/agenda/${published}`] : [fr, en, de];
    const expected = { fr: `${SITE}${paths[0]}`, en: `${SITE}${paths[1]}`, de: `${SITE}${paths[2]}`, 'x-default': `${SITE}${paths[0]}` };
    for (const path of paths) {
      const url = urls.find((candidate) => candidate.loc === `${SITE}${path}`);
      expect([path, url?.alternates]).toEqual([path, expected]);
      if (fr === 'EVENT') expect(url!.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  test('lists no draft, and nothing for signed-in people', () => {
    const locs = urls.map((url) => url.loc);
    expect(locs.filter((loc) => loc.includes(draft))).toEqual([]);
    expect(locs.filter((loc) => /\/(pro|kit\/partenaires|concours\/([^/]+\/)?(mes-photos|voter|jury|moderation|autorisation))(\/|$)/.test(new URL(loc).pathname))).toEqual([]);
    expect(locs.every((loc) => loc.startsWith(`${SITE}/`))).toBe(true);
  });

  test('a file past the last answers 404', async () => {
    expect((await fetch(`${origin}/sitemap/${files.length + 1}.xml`)).status).toBe(404);
    expect((await fetch(`${origin}/sitemap/0.xml`)).status).toBe(404);
  });
});

test('robots.txt allows the site, disallows the signed-in areas in every language, and points to the absolute sitemap', async () => {
  const response = await fetch(`${origin}/robots.txt`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const lines = (await response.text()).split('\n');
  expect(lines).toContain('User-agent: *');
  expect(lines).toContain('Allow: /');
  for (const path of ['/pro', '/en/pro', '/de/pro', '/concours/mes-photos', '/de/concours/jury', '/en/concours/moderation', '/concours/*/mes-photos', '/en/concours/*/autorisation', '/de/concours/*/jury', '/kit/partenaires', '/concours/mes-donnees.json']) expect(lines).toContain(`Disallow: ${path}`);
  expect(lines).not.toContain('Disallow: /agenda');
  expect(lines).toContain(`Sitemap: ${SITE}/sitemap.xml`);
});

test.each([
  ['/', '/', 'website'],
  ['/en/agenda', '/en/agenda', 'website'],
  ['/de/mentions-legales', '/de/mentions-legales', 'website'],
  ['/en/accessibilite', '/en/accessibilite', 'website'],
  ['/confidentialite', '/confidentialite', 'website'],
])('%s: canonical, hreflang and og:url use PUBLIC_SITE_URL as read at run time', async (path, canonical, type) => {
  await ui.page.goto(origin + path);
  const head = await ui.page.evaluate(() => ({
    canonical: document.querySelector('link[rel=canonical]')?.getAttribute('href'),
    alternates: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map((l) => l.getAttribute('href')),
    meta: Object.fromEntries([...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')].map((m) => [m.getAttribute('property') ?? m.getAttribute('name'), m.getAttribute('content')])),
  }));
  expect(head.canonical).toBe(`${SITE}${canonical}`);
  expect(head.alternates).toHaveLength(4);
  for (const href of head.alternates) expect(href!.startsWith(`${SITE}/`)).toBe(true);
  expect(head.meta).toMatchObject({ 'og:url': `${SITE}${canonical}`, 'og:type': type, 'og:site_name': 'Nord Franche-Comté', 'og:image': `${SITE}/og/site.png`, 'twitter:card': 'summary_large_image' });
  expect(head.meta['og:image:alt']).toMatch(/^Nord Franche-Comté — /);
});

test('the shared image is a 1200×630 PNG, kept a day', async () => {
  const response = await fetch(`${origin}/og/site.png`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
  const png = Buffer.from(await response.arrayBuffer());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
});

test.each([['/mentions-legales'], ['/en/accessibilite'], ['/de/confidentialite']])('%s shows the publisher settings read at run time', async (path) => {
  await ui.page.goto(origin + path);
  expect(await ui.page.locator('main a[href="mailto:accessibilite@pmnfc.example"]').count()).toBe(1);
  expect(await ui.page.locator('main a[href="mailto:contact@pmnfc.fr"]').count()).toBe(0);
  if (path === '/mentions-legales') {
    const text = (await ui.page.locator('main').textContent())!;
    for (const value of ['Hébergeur & Fils SAS', '1 rue de l’Exemple, 25000 Besançon', '03 00 00 00 00', '123 456 789']) expect(text).toContain(value);
    expect(await ui.page.locator('main [data-missing]').count()).toBe(0);
  }
});

// Last, as it spends the test address's API budget (600 requests a minute): a 429 is waited out
// (Retry-After) and asked again, so that only a page that is really missing fails.
test('every URL the sitemap lists answers 200', async () => {
  expect(urls.length).toBeGreaterThan(0);
  const locs = urls.map((url) => url.loc);
  const failures: string[] = [];
  let next = 0;
  // Four at a time: the machine is shared.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < locs.length) {
        const loc = locs[next++]!;
        for (let attempt = 0; ; attempt += 1) {
          const response = await fetch(local(loc), { redirect: 'manual' });
          await response.body?.cancel();
          if (response.status === 429 && attempt < 5) {
            await new Promise((resolve) => setTimeout(resolve, 1000 * Math.min(61, Number(response.headers.get('retry-after')) || 5)));
            continue;
          }
          if (response.status !== 200) failures.push(`${response.status} ${loc}`);
          break;
        }
      }
    }),
  );
  expect(failures).toEqual([]);
}, 600_000);
