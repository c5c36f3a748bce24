import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_LIMITS, presetsForKind } from '@nfc/shared';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { minimalPdf, pngChunk, zipPayload } from '../../test/fixtures';
import { rawUpload } from '../../test/raw-upload';
import { imageEnd } from '../media/image-end';
import { readZip } from '../../test/zip';
import { LocalStorage } from '../media/storage/local-storage';
import { seedDemoBrand } from './seed-demo-brand';

let db: TestDatabase;
let api: TestApi;
let storage: LocalStorage;
let adminToken: string;

const ASSETS = `query($lang: Language) { brandAssets(lang: $lang) { slug access layout colourway name previewUrl downloads { preset url } latestVersion { version } } }`;

async function login(email: string, password: string): Promise<string> {
  const { data } = await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  return data!.login.token;
}

/** Fetches a URL the API gave, on the test server. */
function local(url: string): string {
  return url.replace(/^http:\/\/localhost:\d+/, api.url);
}

beforeAll(async () => {
  db = await createTestDatabase();
  storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-brand-')));
  api = await startTestApi({ dataSource: db.dataSource, storage });
  expect((await seedDemoBrand(api.brand)).created).toBe(true);
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
  const { user, password } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  adminToken = await login(user.email, password);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('the public kit', () => {
  test('lists the public logos in the requested language, without partner assets', async () => {
    const { data } = await api.graphql(ASSETS, { lang: 'de' });
    expect(data!.brandAssets.map((a: any) => a.slug)).toEqual(['logo-horizontal-colour', 'logo-horizontal-mono', 'logo-horizontal-white', 'pictogramme']);
    expect(data!.brandAssets[0].name).toBe('Logo horizontal, farbig');
    const presets = (slug: string) => data!.brandAssets.find((a: any) => a.slug === slug).downloads.map((d: any) => d.preset);
    expect(presets('logo-horizontal-colour')).toEqual(expect.arrayContaining(['master', 'png-2048', 'jpg-2048', 'webp-1024']));
    // Favicons are the pictogram's: a wordmark in 32 px is unreadable.
    expect(presets('logo-horizontal-colour').filter((p: string) => p.startsWith('favicon'))).toEqual([]);
    expect(presets('pictogramme')).toEqual(expect.arrayContaining(['master', 'png-512', 'favicon-32', 'favicon-180', 'favicon-192', 'favicon-512']));
  });

  test('favicons come from the pictogram, square and sharp; a logo has none, and the kit holds them', async () => {
    const favicon = await fetch(`${api.url}/brand/assets/pictogramme/v/1/favicon-32`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-disposition')).toContain('nfc_pictogramme_favicon-32_v1.png');
    const metadata = await sharp(Buffer.from(await favicon.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 32, height: 32, hasAlpha: true });
    const refused = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/v/1/favicon-32`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const { data } = await api.graphql(`{ brandKit { url } }`);
    const zip = readZip(Buffer.from(await (await fetch(local(data!.brandKit.url))).arrayBuffer()));
    expect([...zip.keys()]).toEqual(expect.arrayContaining(['nfc_pictogramme.svg', 'nfc_pictogramme_favicon-32.png', 'nfc_pictogramme_favicon-180.png', 'nfc_pictogramme_favicon-512.png']));
    expect([...zip.keys()].filter((name) => name.startsWith('nfc_logo') && name.includes('favicon'))).toEqual([]);
  });

  test('a visitor downloads a transparent PNG with a readable UTF-8 file name, counted without personal data', async () => {
    const { data } = await api.graphql(ASSETS);
    const link = data!.brandAssets[0].downloads.find((d: any) => d.preset === 'png-2048').url;
    const response = await fetch(local(link));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    // The version in the name: a file saved months ago says which one it is.
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="nfc_logo_horizontal_couleur_2048_v1.png"; filename*=UTF-8''nfc_logo_horizontal_couleur_2048_v1.png`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 2048, hasAlpha: true });
    // Counted before the file was sent: no flush, nothing a dying process could still hold.
    const [row] = await db.dataSource.query(`SELECT format, organisation_id, partner_type FROM brand_download ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ format: 'png-2048', organisation_id: null, partner_type: null });
  });

  test('a public rendition served again from memory answers as the full route did, and is counted', async () => {
    const url = `${api.url}/brand/assets/logo-horizontal-white/v/1/png-256`;
    const first = await fetch(url);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    // The first request renders through the full route (helmet, request id), the second reads the
    // file into memory; from then on the fast path answers.
    expect(first.headers.get('x-request-id')).toBeTruthy();
    await (await fetch(url)).arrayBuffer();
    await api.brand.downloads.flush();
    const count = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_download WHERE format = 'png-256'`))[0].n;
    const before = await count();
    const again = await fetch(url);
    expect(again.headers.get('x-request-id')).toBeNull();
    expect(Buffer.from(await again.arrayBuffer())).toEqual(firstBytes);
    for (const header of ['content-type', 'content-length', 'content-disposition', 'cache-control', 'x-content-type-options', 'content-security-policy', 'cross-origin-resource-policy', 'strict-transport-security']) {
      expect([header, again.headers.get(header)]).toEqual([header, first.headers.get(header)]);
    }
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(firstBytes.length));
    // Written before they were answered, the fast path's too.
    expect(await count()).toBe(before + 2);
    // Twenty at once share their writes (one INSERT per burst) and are all counted by the time they are answered.
    await Promise.all(Array.from({ length: 20 }, async () => (await fetch(url)).arrayBuffer()));
    expect(await count()).toBe(before + 22);
  });

  test('the SVG master is served inert', async () => {
    const response = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/v/1/master`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(await response.text()).toContain('DÉMO');
  });

  test('only whitelisted presets exist: no arbitrary sizes', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_rendition`))[0].n;
    const response = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/v/1/png-2000`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_rendition`))[0].n).toBe(before);
  });

  test('every rendition exists once its version is published', async () => {
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM brand_rendition r JOIN brand_asset_version v ON v.id = r.version_id JOIN brand_asset a ON a.id = v.asset_id WHERE a.slug = 'logo-horizontal-mono' AND v.version = 1`,
    );
    expect(n).toBe(presetsForKind('LOGO').length);
  });

  test('two concurrent requests for a rendition that is missing (a version from before) render it once', async () => {
    // Versions published before every rendition was made at publication have none: they are rendered on first request.
    await db.dataSource.query(`DELETE FROM brand_rendition r USING brand_asset_version v, brand_asset a WHERE v.id = r.version_id AND a.id = v.asset_id AND a.slug = 'logo-horizontal-mono' AND r.preset = 'png-4096'`);
    const url = `${api.url}/brand/assets/logo-horizontal-mono/v/1/png-4096`;
    const rendersBefore = api.brand.renderCount;
    const [a, b] = await Promise.all([fetch(url), fetch(url)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(true);
    expect(api.brand.renderCount - rendersBefore).toBe(1);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_rendition r JOIN brand_asset_version v ON v.id = r.version_id JOIN brand_asset a ON a.id = v.asset_id WHERE a.slug = 'logo-horizontal-mono' AND r.preset = 'png-4096'`);
    expect(n).toBe(1);
  });

  test('the latest alias redirects to the immutable version, with a short cache', async () => {
    const response = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/latest/png-512`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/brand/assets/logo-horizontal-colour/v/1/png-512');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  });

  test('the palette comes with derived RGB, contrasts and verdicts, and downloads as CSS, SCSS and ASE', async () => {
    const { data } = await api.graphql(`{ colourPalette(lang: en) { slug name hex rgb cmyk pantone contrastOnWhite verdictOnWhite verdictOnBlack } }`);
    expect(data!.colourPalette[0]).toEqual({ slug: 'bleu-doubs', name: 'Doubs blue', hex: '#0b5c8a', rgb: [11, 92, 138], cmyk: '92/49/12/20', pantone: '7692 C', contrastOnWhite: 7.21, verdictOnWhite: 'AAA', verdictOnBlack: 'FAIL' });
    expect(await (await fetch(`${api.url}/brand/palette.css`)).text()).toContain('--nfc-bleu-doubs: #0b5c8a;');
    const ase = Buffer.from(await (await fetch(`${api.url}/brand/palette.ase`)).arrayBuffer());
    expect(ase.subarray(0, 4).toString()).toBe('ASEF');
  });

  test('the public ZIP holds the public logos with readable names and a LISEZMOI', async () => {
    await api.jobs.drain();
    const { data } = await api.graphql(`{ brandKit { access version url } }`);
    expect(data!.brandKit.access).toBe('PUBLIC');
    const response = await fetch(local(data!.brandKit.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''kit_nord_franche_comt%C3%A9_v1\.zip$/);
    const entries = readZip(Buffer.from(await response.arrayBuffer()));
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['LISEZMOI.txt', 'nfc_logo_horizontal_couleur.svg', 'nfc_logo_horizontal_couleur_2048.png', 'nfc_logo_horizontal_blanc_512.png', 'nfc_palette.ase']));
    expect([...entries.keys()].some((name) => name.includes('vertical'))).toBe(false);
    // The white logo's JPEG is on the dark ground: its corner is the ardoise, and the logo still shows.
    const whiteJpeg = entries.get('nfc_logo_horizontal_blanc_2048.jpg')!;
    const { data: corner } = await sharp(whiteJpeg).extract({ left: 0, top: 0, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
    [0x1b, 0x24, 0x30].forEach((channel, index) => expect(Math.abs(corner[index]! - channel)).toBeLessThanOrEqual(8));
    expect((await sharp(whiteJpeg).stats()).channels[0]!.max).toBeGreaterThan(240);
    // The read-me in the site's three languages.
    for (const [file, charter, clearSpace] of [['LISEZMOI.txt', "Charte d'usage : version 1", 'ZONE DE PROTECTION'], ['README.txt', 'Usage charter: version 1', 'CLEAR SPACE'], ['LIESMICH.txt', 'Nutzungscharta: Version 1', 'SCHUTZZONE']] as const) {
      const readme = entries.get(file)!.toString('utf8');
      expect(readme).toMatch(/#0b5c8a/);
      expect(readme).toContain(charter);
      expect(readme).toContain(clearSpace);
    }
    expect((await sharp(entries.get('nfc_logo_horizontal_couleur_2048.png')!).metadata()).width).toBe(2048);
  });
});

describe('partner assets', () => {
  test('cannot be fetched by guessing their URL', async () => {
    for (const path of ['/brand/assets/logo-vertical-colour/v/1/png-2048', '/brand/assets/logo-vertical-colour/latest/png-2048', '/brand/assets/logo-vertical-colour/v/1/master']) {
      const response = await fetch(`${api.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const forged = await fetch(`${api.url}/brand/assets/logo-vertical-colour/v/1/png-2048?token=eyJsIjpbIlBBUlRORVIiXX0.forged`);
    expect(forged.status).toBe(401);
  });

  test('a partner registers, accepts the charter, is approved, then downloads them; a new charter asks again', async () => {
    const invalid = await api.graphql(
      `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token } }`,
      { i: { organisationName: 'Brasserie du Lion', siret: '73282932000075', partnerType: 'COMPANY', listInDirectory: true, contactName: 'Léa', email: 'lea@brasserie.example', password: 'correct horse battery' } },
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'siret' }] });

    const registered = await api.graphql(
      `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token organisation { id kind } } }`,
      { i: { organisationName: 'Brasserie du Lion', siret: '73282932000074', partnerType: 'COMPANY', epciSiren: '200069052', website: 'https://brasserie.example', listInDirectory: true, contactName: 'Léa', email: 'lea@brasserie.example', password: 'correct horse battery' } },
    );
    expect(registered.errors).toBeUndefined();
    const { token, organisation } = registered.data!.registerPartner;
    expect(organisation.kind).toBe('PARTNER');

    const slugs = async (t: string) => (await api.graphql(ASSETS, {}, { token: t })).data!.brandAssets.map((a: any) => a.slug);
    expect(await slugs(token)).not.toContain('logo-vertical-colour');

    const accepted = await api.graphql(`mutation { acceptBrandCharter(version: 1) { status acceptedCharterVersion canDownloadPartnerAssets } }`, {}, { token });
    expect(accepted.data!.acceptBrandCharter).toEqual({ status: 'PENDING', acceptedCharterVersion: 1, canDownloadPartnerAssets: false });
    expect(await slugs(token)).not.toContain('logo-vertical-colour');

    // The address is confirmed by the e-mailed link (pro-kit.test.ts follows it), then the Pôle approves.
    await db.dataSource.query(`UPDATE partner_profile SET email_verified_at = now() WHERE organisation_id = $1`, [organisation.id]);
    const approved = await api.graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: organisation.id }, { token: adminToken });
    expect(approved.data!.decidePartner).toBe('APPROVED');
    expect(await slugs(token)).toContain('logo-vertical-colour');
    // Approved, the establishment's SIRET is held: nobody else registers with it.
    const again = await api.graphql(
      `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token } }`,
      { i: { organisationName: 'Autre', siret: '73282932000074', partnerType: 'COMPANY', listInDirectory: false, contactName: 'X', email: 'x@brasserie.example', password: 'correct horse battery' } },
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'siret' }] });

    const { data } = await api.graphql(ASSETS, {}, { token });
    const link = data!.brandAssets.find((a: any) => a.slug === 'logo-vertical-colour').downloads.find((d: any) => d.preset === 'png-512').url;
    expect(link).toMatch(/\?token=/);
    const download = await fetch(local(link));
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    // Now in memory, the partner rendition still needs the link's token: the fast path is for public files only.
    expect((await fetch(local(link).replace(/\?token=.*$/, ''))).status).toBe(403);
    // Now that the server has resolved this file once, the same URL without the token is still refused.
    expect((await fetch(local(link).replace(/\?token=.*$/, ''))).status).toBe(403);
    await api.brand.downloads.flush();
    const [row] = await db.dataSource.query(`SELECT partner_type, organisation_id FROM brand_download ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ partner_type: 'COMPANY', organisation_id: organisation.id });

    await api.jobs.drain();
    const kit = await api.graphql(`{ brandKit { access url } }`, {}, { token });
    expect(kit.data!.brandKit.access).toBe('PARTNER');
    const zip = readZip(Buffer.from(await (await fetch(local(kit.data!.brandKit.url))).arrayBuffer()));
    expect([...zip.keys()]).toContain('nfc_logo_vertical_couleur_2048.png');

    const directory = await api.graphql(`{ partnerDirectory { name partnerType epciName website } }`);
    expect(directory.data!.partnerDirectory).toEqual([{ name: 'Brasserie du Lion', partnerType: 'COMPANY', epciName: 'CA Grand Belfort', website: 'https://brasserie.example' }]);

    const published = await api.graphql(`mutation { publishBrandCharter(text: { fr: "Charte v2" }) { version } }`, {}, { token: adminToken });
    expect(published.data!.publishBrandCharter.version).toBe(2);
    expect(await slugs(token)).not.toContain('logo-vertical-colour');
    const stale = await api.graphql(`mutation { acceptBrandCharter(version: 1) { status } }`, {}, { token });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await api.graphql(`mutation { acceptBrandCharter(version: 2) { status } }`, {}, { token });
    expect(await slugs(token)).toContain('logo-vertical-colour');
  });
});

describe('publishing a new version of a logo', () => {
  async function publish(svg: string, auth = adminToken) {
    const form = new FormData();
    form.append('file', new Blob([svg], { type: 'image/svg+xml' }), 'logo.svg');
    const response = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/versions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${auth}` } });
    return { status: response.status, body: (await response.json()) as any };
  }

  test.each([
    ['a script', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>'],
    ['an onload attribute', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><rect width="5" height="5"/></svg>'],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&x;</text></svg>'],
    ['a foreignObject', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><foreignObject><p>x</p></foreignObject></svg>'],
  ])('an SVG with %s is refused, leaving no version and no file', async (_case, svg) => {
    const filesBefore = await storage.list('brand/masters');
    const response = await publish(svg);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSAFE_SVG' });
    expect(await storage.list('brand/masters')).toEqual(filesBefore);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_asset_version v JOIN brand_asset a ON a.id = v.asset_id WHERE a.slug = 'logo-horizontal-colour'`);
    expect(n).toBe(1);
  });

  test('only the Pôle publishes', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const response = await publish('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>', await login(user.email, password));
    expect(response.status).toBe(403);
  });

  test('a clean SVG becomes version 2; version 1 stays downloadable; "latest" moves', async () => {
    const response = await publish('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><rect width="200" height="50" fill="#0b5c8a"/></svg>');
    expect(response.status).toBe(201);
    expect(response.body.version).toBe(2);
    const latest = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/latest/png-256`, { redirect: 'manual' });
    expect(latest.headers.get('location')).toBe('/brand/assets/logo-horizontal-colour/v/2/png-256');
    expect((await fetch(`${api.url}/brand/assets/logo-horizontal-colour/v/1/png-256`)).status).toBe(200);
  });
});

test('an SVG uploaded as a brand master is attached as a new version by a GraphQL mutation', async () => {
  const upload = async (svg: string, auth = adminToken) => {
    const form = new FormData();
    form.append('file', new Blob([svg], { type: 'image/svg+xml' }), 'logo.svg');
    const response = await fetch(`${api.url}/uploads?purpose=BRAND_MASTER`, { method: 'POST', body: form, headers: { authorization: `Bearer ${auth}` } });
    return { status: response.status, body: (await response.json()) as any };
  };
  const hostile = await upload('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>');
  expect(hostile.body.errors[0].extensions.reason).toBe('UNSAFE_SVG');
  const clean = await upload('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 80"><rect width="300" height="80" fill="#2f6b3a"/></svg>');
  expect(clean.status).toBe(201);
  const published = await api.graphql(`mutation($u: ID!) { publishBrandAssetVersion(slug: "logo-horizontal-mono", uploadId: $u) { version mimeType } }`, { u: clean.body.id }, { token: adminToken });
  expect(published.data!.publishBrandAssetVersion).toEqual({ version: 2, mimeType: 'image/svg+xml' });
  const [{ attached_at }] = await db.dataSource.query(`SELECT attached_at FROM media_item WHERE id = $1`, [clean.body.id]);
  expect(attached_at).not.toBeNull();
  const photo = await fetch(`${api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: (() => { const f = new FormData(); f.append('file', new Blob([new Uint8Array(0)]), 'x'); return f; })(), headers: { authorization: `Bearer ${adminToken}` } });
  expect(photo.status).toBe(400);
});

test('ten palette changes at once rebuild the kits one at a time: every kit number once, at most two builds behind the first', async () => {
  await api.jobs.drain();
  const kits = async () => (await db.dataSource.query(`SELECT access::text, array_agg(version ORDER BY version) AS versions FROM brand_kit GROUP BY access ORDER BY access`)) as Array<{ access: string; versions: number[] }>;
  const before = await kits();
  const save = `mutation($i: ColourSwatchInput!) { saveColourSwatch(input: $i) { slug } }`;
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => api.graphql(save, { i: { slug: `essai-${i}`, name: { fr: `Essai ${i}` }, hex: '#123456', sortOrder: 900 + i } }, { token: adminToken })));
  expect(answers.map((answer) => answer.errors)).toEqual(Array(10).fill(undefined));
  await api.jobs.drain();
  const after = await kits();
  for (const { access, versions } of after) {
    const earlier = before.find((row) => row.access === access)?.versions ?? [];
    // Consecutive numbers, none twice: builds never ran side by side.
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    const built = versions.length - earlier.length;
    expect(built).toBeGreaterThanOrEqual(1);
    expect(built).toBeLessThanOrEqual(3);
  }
  // The last kit has every colour: the build that ran last read the final state.
  const { data } = await api.graphql(`{ brandKit { url } }`);
  const zip = readZip(Buffer.from(await (await fetch(local(data!.brandKit.url))).arrayBuffer()));
  for (let i = 0; i < 10; i += 1) expect(zip.get('nfc_palette.css')!.toString()).toContain(`--nfc-essai-${i}: #123456;`);
});

test('the Pôle edits the palette; codes are checked and the kit follows', async () => {
  const save = `mutation($i: ColourSwatchInput!) { saveColourSwatch(input: $i) { slug hex rgb } }`;
  const bad = await api.graphql(save, { i: { slug: 'violet', name: { fr: 'Violet' }, hex: 'purple', cmyk: '120/0/0/0' } }, { token: adminToken });
  expect(bad.errors?.[0]?.extensions?.fields.map((f: any) => f.field).sort()).toEqual(['cmyk', 'hex']);
  const ok = await api.graphql(save, { i: { slug: 'violet', name: { fr: 'Violet', en: 'Violet' }, hex: '#6B3D7A', cmyk: '55/80/20/15', pantone: '7662 C' } }, { token: adminToken });
  expect(ok.data!.saveColourSwatch).toEqual(expect.arrayContaining([{ slug: 'violet', hex: '#6b3d7a', rgb: [107, 61, 122] }]));
  await api.jobs.drain();
    const { data } = await api.graphql(`{ brandKit { url version } }`);
  const zip = readZip(Buffer.from(await (await fetch(local(data!.brandKit.url))).arrayBuffer()));
  expect(zip.get('nfc_palette.css')!.toString()).toContain('--nfc-violet: #6b3d7a;');
  const forbidden = await api.graphql(save, { i: { slug: 'x', name: { fr: 'X' }, hex: '#000000' } });
  expect(forbidden.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a print master (PDF) is kept as uploaded, with no renditions', async () => {
  await api.brand.createAsset({ slug: 'charte-graphique', kind: 'GUIDELINE', access: 'PUBLIC', layout: null, colourway: null, name: { fr: 'Charte graphique' }, sortOrder: 50 }, { kind: 'OPERATOR', scopes: ['brand:write'] });
  const pdf = minimalPdf();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'charte.pdf');
  const response = await fetch(`${api.url}/brand/assets/charte-graphique/versions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(201);
  const master = await fetch(`${api.url}/brand/assets/charte-graphique/v/1/master`);
  expect(master.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await master.arrayBuffer()).equals(pdf)).toBe(true);
  expect((await fetch(`${api.url}/brand/assets/charte-graphique/v/1/png-512`)).status).toBe(400);
});

test('download statistics per asset, format and partner type (Pôle only)', async () => {
  const query = `query($f: DateTimeISO!, $t: DateTimeISO!) { brandDownloadStats(from: $f, to: $t) { assetSlug format audience count } }`;
  const range = { f: new Date(Date.now() - 3600_000).toISOString(), t: new Date(Date.now() + 3600_000).toISOString() };
  const { data, errors } = await api.graphql(query, range, { token: adminToken });
  expect(errors).toBeUndefined();
  expect(data!.brandDownloadStats).toEqual(expect.arrayContaining([
    expect.objectContaining({ assetSlug: 'logo-horizontal-colour', format: 'png-2048', audience: 'ANONYMOUS' }),
    expect.objectContaining({ assetSlug: 'logo-vertical-colour', format: 'png-512', audience: 'COMPANY', count: 1 }),
    expect.objectContaining({ assetSlug: null, format: 'kit' }),
  ]));
  expect((await api.graphql(query, range)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

describe('every master goes through the one intake', () => {
  const SECRET = 'SECRET-METADATA-42';
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${SECRET}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;

  /** A logo master as design software leaves it: EXIF (with GPS), XMP, an ICC profile, a text comment, and a payload after its end. */
  async function taggedMaster(format: 'png' | 'jpeg'): Promise<Buffer> {
    const image = await sharp({ create: { width: 800, height: 200, channels: 4, background: { r: 11, g: 92, b: 138, alpha: 1 } } })
      .withExif({ IFD0: { ImageDescription: SECRET, Artist: SECRET }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '6/1 51/1 0/1' } })
      .withXmp(xmp)
      .withIccProfile('p3')
      .toFormat(format)
      .toBuffer();
    let tagged: Buffer;
    if (format === 'png') {
      // A tEXt chunk before IEND (the last 12 bytes).
      tagged = Buffer.concat([image.subarray(0, image.length - 12), pngChunk('tEXt', Buffer.from(`Comment\0${SECRET}`, 'latin1')), image.subarray(image.length - 12)]);
    } else {
      const comment = Buffer.from(SECRET);
      const marker = Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]);
      tagged = Buffer.concat([image.subarray(0, 2), marker, comment, image.subarray(2)]);
    }
    return Buffer.concat([tagged, zipPayload()]);
  }

  /** The encoded pixels: a PNG's IDAT chunks, a JPEG's scan up to its end. */
  function imageData(bytes: Buffer, format: 'png' | 'jpeg'): Buffer {
    if (format === 'jpeg') return bytes.subarray(bytes.indexOf(Buffer.from([0xff, 0xda])));
    const parts: Buffer[] = [];
    for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) {
      if (bytes.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + bytes.readUInt32BE(at)));
    }
    return Buffer.concat(parts);
  }

  async function withoutMetadata(bytes: Buffer, what: string) {
    const metadata = await sharp(bytes).metadata();
    expect([what, metadata.exif, metadata.xmp, metadata.icc, metadata.iptc, metadata.comments]).toEqual([what, undefined, undefined, undefined, undefined, undefined]);
    // The raw markers too: nothing sharp might not report.
    for (const marker of [SECRET, 'Exif\0', 'http://ns.adobe.com/xap', 'adobe:ns:meta', 'iCCP', 'tEXt', 'eXIf', 'ICC_PROFILE', 'evil.html']) {
      expect([what, marker, bytes.includes(marker)]).toEqual([what, marker, false]);
    }
  }

  async function postVersion(slug: string, bytes: Buffer, type = 'application/octet-stream') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'master');
    const response = await fetch(`${api.url}/brand/assets/${slug}/versions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function tables() {
    // A kit build a publication asked for is work in flight, not a half-written row: let it land first.
    await api.jobs.drain();
    const [row] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM brand_asset_version) AS versions, (SELECT count(*)::int FROM brand_rendition) AS renditions, (SELECT count(*)::int FROM brand_kit) AS kits, (SELECT count(*)::int FROM media_item) AS uploads`,
    );
    return { ...row, files: await storage.list('') };
  }

  beforeAll(async () => {
    await api.brand.createAsset({ slug: 'logo-intake', kind: 'LOGO', access: 'PUBLIC', layout: 'VERTICAL', colourway: 'MONO', name: { fr: 'Logo de test' }, sortOrder: 90 }, { kind: 'OPERATOR', scopes: ['brand:write'] });
    await api.brand.createAsset({ slug: 'print-intake', kind: 'GUIDELINE', access: 'PUBLIC', layout: null, colourway: null, name: { fr: 'Fiche' }, sortOrder: 91 }, { kind: 'OPERATOR', scopes: ['brand:write'] });
  });

  test.each(['png', 'jpeg'] as const)('a %s master with EXIF, GPS, XMP, an ICC profile, a comment and a trailing ZIP is served, renditions and ZIP included, without any of them', async (format) => {
    const response = await postVersion('logo-intake', await taggedMaster(format));
    expect(response.status).toBe(201);
    const { version } = response.body;
    const master = Buffer.from(await (await fetch(`${api.url}/brand/assets/logo-intake/v/${version}/master`)).arrayBuffer());
    expect((await sharp(master).metadata()).format).toBe(format);
    // Lossless: the image data itself is the uploaded one, byte for byte (only whole segments went).
    const uploaded = await taggedMaster(format);
    expect(imageData(master, format).equals(imageData(uploaded.subarray(0, imageEnd(uploaded, `image/${format}`)!), format))).toBe(true);
    await withoutMetadata(master, 'master');
    for (const preset of ['png-512', 'jpg-1024', 'webp-1024', 'png-256']) {
      const rendition = await fetch(`${api.url}/brand/assets/logo-intake/v/${version}/${preset}`);
      expect(rendition.status).toBe(200);
      await withoutMetadata(Buffer.from(await rendition.arrayBuffer()), preset);
    }
    await api.jobs.drain();
    const { data } = await api.graphql(`{ brandKit { url } }`);
    const zip = readZip(Buffer.from(await (await fetch(local(data!.brandKit.url))).arrayBuffer()));
    const zipped = [...zip.entries()].filter(([name]) => name.startsWith('nfc_logo_vertical_mono'));
    expect(zipped.map(([name]) => name)).toEqual(expect.arrayContaining([`nfc_logo_vertical_mono.${format === 'png' ? 'png' : 'jpg'}`, 'nfc_logo_vertical_mono_2048.png']));
    for (const [name, bytes] of zipped) await withoutMetadata(bytes, name);
  });

  test('a master attached from an upload is stripped too, and an upload already used is refused without being deleted', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await taggedMaster('png'))]), 'logo.png');
    const uploaded = (await (await fetch(`${api.url}/uploads?purpose=BRAND_MASTER`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } })).json()) as any;
    expect(uploaded.mimeType).toBe('image/png');
    const publish = `mutation($u: ID!) { publishBrandAssetVersion(slug: "logo-intake", uploadId: $u) { version mimeType } }`;
    const first = await api.graphql(publish, { u: uploaded.id }, { token: adminToken });
    expect(first.errors).toBeUndefined();
    await withoutMetadata(Buffer.from(await (await fetch(`${api.url}/brand/assets/logo-intake/v/${first.data!.publishBrandAssetVersion.version}/master`)).arrayBuffer()), 'master from an upload');
    const before = await tables();
    const again = await api.graphql(publish, { u: uploaded.id }, { token: adminToken });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_IN_USE' });
    expect(await tables()).toEqual(before);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM media_item WHERE id = $1 AND attached_at IS NOT NULL`, [uploaded.id]);
    expect(n).toBe(1);
  });

  test('a print master is cut at its end: a payload after %%EOF is not kept', async () => {
    const pdf = minimalPdf();
    const response = await postVersion('print-intake', Buffer.concat([pdf, zipPayload()]));
    expect(response.status).toBe(201);
    const served = Buffer.from(await (await fetch(`${api.url}/brand/assets/print-intake/v/${response.body.version}/master`)).arrayBuffer());
    expect(served.equals(pdf)).toBe(true);
  });

  const png = () => sharp({ create: { width: 600, height: 300, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  const jpeg = () => sharp({ create: { width: 600, height: 300, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
  /** A PNG whose chunks are whole but whose image data stops halfway: only decoding finds out. */
  async function pngWithHalfItsData(): Promise<Buffer> {
    const bytes = await png();
    const parts: Buffer[] = [bytes.subarray(0, 8)];
    for (let at = 8; at < bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.subarray(at + 4, at + 8).toString('latin1');
      const data = bytes.subarray(at + 8, at + 8 + length);
      parts.push(type === 'IDAT' ? pngChunk('IDAT', data.subarray(0, Math.floor(data.length / 2))) : bytes.subarray(at, at + 12 + length));
      at += 12 + length;
    }
    return Buffer.concat(parts);
  }

  test.each([
    ['a PNG truncated in the middle', 'logo-intake', async () => (await png()).subarray(0, 5000)],
    ['a PNG whose image data stops halfway', 'logo-intake', pngWithHalfItsData],
    ['a JPEG truncated in the middle', 'logo-intake', async () => (await jpeg()).subarray(0, 4000)],
    ['an SVG that parses but cannot be rasterised', 'logo-intake', async () => Buffer.from('<svg xmlns="http://example.com/not-svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>')],
    ['a PDF cut short', 'print-intake', async () => minimalPdf().subarray(0, 150)],
    ['a PDF whose cross-reference offset points nowhere', 'print-intake', async () => Buffer.from(minimalPdf().toString('latin1').replace(/startxref\n\d+/, 'startxref\n3'), 'latin1')],
    ['an EPS without its end', 'print-intake', async () => Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n')],
    ['an EPS without a bounding box', 'print-intake', async () => Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\nnewpath 0 0 moveto 100 100 lineto stroke\n%%EOF\n')],
  ])('%s is refused with CORRUPT_FILE and leaves no row and no file', async (_case, slug, make) => {
    const before = await tables();
    const response = await postVersion(slug, await make());
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CORRUPT_FILE' });
    expect(await tables()).toEqual(before);
  });

  test('a version over the cap gets its whole 413 and the connection closes cleanly', async () => {
    const before = await tables();
    for (const options of [{ declareLength: true, bodyBytes: MEDIA_LIMITS.maxUploadBytes * 2, stopAfter: 2 * 1024 * 1024, readAfterSending: true }, { declareLength: false, bodyBytes: MEDIA_LIMITS.maxUploadBytes + 1024 * 1024 }]) {
      const result = await rawUpload({ url: `${api.url}/brand/assets/logo-intake/versions`, authorization: `Bearer ${adminToken}`, ...options });
      expect(result.errorBeforeAnswer).toBeNull();
      expect(result.status).toBe(413);
      expect(result.headers.connection).toBe('close');
      expect(JSON.parse(result.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE' });
      expect(result.serverEnded).toBe(true);
    }
    expect(await tables()).toEqual(before);
  }, 60_000);
});
