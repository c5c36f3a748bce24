import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DARK_GROUND, LOCKUP_GROUNDS, LOCKUP_LAYOUTS, LOCKUP_RULES, siretFromParts, type LockupGround, type LockupLayout } from '@nfc/shared';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { LocalStorage } from '../media/storage/local-storage';
import { demoLogoSvg } from './demo-brand';
import { lockupGeometry, lockupMinimumWidth, renderLockup, type Box, type LockupGeometry } from './lockup';
import { seedDemoBrand } from './seed-demo-brand';

/** Co-branded lockups (issue 18, kit ★): drawn to the charter's clear space and minimum sizes, for approved partners only. */

const TERRITORY_SIZE: Record<LockupLayout, { width: number; height: number }> = { HORIZONTAL: { width: 660, height: 180 }, VERTICAL: { width: 380, height: 360 } };
const territory = (layout: LockupLayout, ground: LockupGround) => ({
  bytes: Buffer.from(demoLogoSvg(layout, ground === 'DARK' ? 'WHITE' : 'COLOUR')),
  mimeType: 'image/svg+xml',
  ...TERRITORY_SIZE[layout],
});
/** A partner logo that inks its whole box (so its edges can be found in the pixels): opaque red, 3:1. */
let partnerPng: Buffer;
beforeAll(async () => {
  partnerPng = await sharp({ create: { width: 900, height: 300, channels: 4, background: '#ff0000' } }).png().toBuffer();
});

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}
const pixel = (image: Pixels, x: number, y: number) => {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
};
const GROUND_RGB = [parseInt(DARK_GROUND.slice(1, 3), 16), parseInt(DARK_GROUND.slice(3, 5), 16), parseInt(DARK_GROUND.slice(5, 7), 16)];
/** Whether a pixel is bare ground: transparent on a light lockup, exactly the slate on a dark one. */
const isGround = (ground: LockupGround, [r, g, b, a]: number[]) => (ground === 'LIGHT' ? a === 0 : a === 255 && r === GROUND_RGB[0] && g === GROUND_RGB[1] && b === GROUND_RGB[2]);

/** The pixels of a box (in lockup units, scaled), 1 px in from its edges for anti-aliasing, that are not bare ground. */
function inkedIn(image: Pixels, ground: LockupGround, box: Box, scale: number): number {
  let inked = 0;
  const [x0, y0, x1, y1] = [Math.ceil(box.x * scale) + 1, Math.ceil(box.y * scale) + 1, Math.floor((box.x + box.width) * scale) - 1, Math.floor((box.y + box.height) * scale) - 1];
  for (let y = Math.max(0, y0); y <= Math.min(image.height - 1, y1); y += 1) {
    for (let x = Math.max(0, x0); x <= Math.min(image.width - 1, x1); x += 1) if (!isGround(ground, pixel(image, x, y))) inked += 1;
  }
  return inked;
}

/** The territory logo's clear space: four bands of one clear space around its box, which nothing may enter. */
function clearSpaceBands(g: LockupGeometry): Box[] {
  const { territoryLogo: l, clearSpace: c } = g;
  return [
    { x: l.x - c, y: l.y - c, width: c, height: l.height + 2 * c },
    { x: l.x + l.width, y: l.y - c, width: c, height: l.height + 2 * c },
    { x: l.x, y: l.y - c, width: l.width, height: c },
    { x: l.x, y: l.y + l.height, width: l.width, height: c },
  ];
}

const CASES = LOCKUP_LAYOUTS.flatMap((layout) => LOCKUP_GROUNDS.map((ground) => [layout, ground] as const));

describe.each(CASES)('a %s lockup for %s grounds', (layout, ground) => {
  test('the PNG keeps the clear space free, draws both logos and the rule, and is above the minimum size', async () => {
    const rendered = await renderLockup({ layout, ground, territory: territory(layout, ground), partner: { bytes: partnerPng, mimeType: 'image/png', width: 900, height: 300 }, partnerName: 'Forges de Belfort' }, 'png');
    const { data, info } = await sharp(rendered.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { data, width: info.width, height: info.height };
    const g = rendered.geometry;
    const scale = info.width / g.width;
    expect(info.width).toBe(LOCKUP_RULES.pngWidth);
    expect(Math.abs(info.height - g.height * scale)).toBeLessThanOrEqual(1);

    // The geometry itself: one clear space outside and on both sides of the rule, the partner logo never stretched.
    const c = g.clearSpace;
    expect(c).toBeCloseTo((TERRITORY_SIZE[layout].height * LOCKUP_RULES.pictogramShareOfLogoHeight[layout]) / 2, 6);
    expect(g.territoryLogo.x).toBeGreaterThanOrEqual(c);
    expect(g.territoryLogo.y).toBeGreaterThanOrEqual(c);
    expect(g.partnerLogo.width / g.partnerLogo.height).toBeCloseTo(3, 6);
    if (layout === 'HORIZONTAL') expect(g.rule.x - (g.territoryLogo.x + g.territoryLogo.width)).toBeGreaterThanOrEqual(c);
    else expect(g.rule.y - (g.territoryLogo.y + g.territoryLogo.height)).toBeGreaterThanOrEqual(c);
    expect(g.width - (g.partnerLogo.x + g.partnerLogo.width)).toBeGreaterThanOrEqual(c);
    expect(g.height - (g.partnerLogo.y + g.partnerLogo.height)).toBeGreaterThanOrEqual(c);

    // The pixels: nothing in the clear space, the territory logo inked, the partner logo where it belongs.
    expect(clearSpaceBands(g).map((band) => inkedIn(image, ground, band, scale))).toEqual([0, 0, 0, 0]);
    expect(inkedIn(image, ground, g.territoryLogo, scale)).toBeGreaterThan(1000);
    expect(pixel(image, (g.partnerLogo.x + g.partnerLogo.width / 2) * scale, (g.partnerLogo.y + g.partnerLogo.height / 2) * scale)).toEqual([255, 0, 0, 255]);
    expect(isGround(ground, pixel(image, (g.rule.x + g.rule.width / 2) * scale, (g.rule.y + g.rule.height / 2) * scale))).toBe(false);
    if (ground === 'DARK') {
      // On the slate, the partner logo (made for light grounds) sits on a white plate.
      expect(g.plate).not.toBeNull();
      expect(pixel(image, (g.plate!.x + g.clearSpace / 8) * scale, (g.plate!.y + g.plate!.height / 2) * scale)).toEqual([255, 255, 255, 255]);
    }

    // The territory logo is above the charter's screen minimum, and the stated minimum keeps it there.
    expect(g.territoryLogo.width * scale).toBeGreaterThanOrEqual(LOCKUP_RULES.minimumLogoWidthPx);
    const minimum = lockupMinimumWidth(g);
    expect((minimum.px * g.territoryLogo.width) / g.width).toBeGreaterThanOrEqual(LOCKUP_RULES.minimumLogoWidthPx);
    expect((minimum.mm * g.territoryLogo.width) / g.width).toBeGreaterThanOrEqual(LOCKUP_RULES.minimumLogoWidthMm);
  });

  test('the PDF is one page at print size, the territory logo 60 mm wide; the SVG is self-contained and escapes the name', async () => {
    const input = { layout, ground, territory: territory(layout, ground), partner: { bytes: partnerPng, mimeType: 'image/png', width: 900, height: 300 }, partnerName: '<script>alert(1)</script> & Cie' };
    const pdf = await renderLockup(input, 'pdf');
    const { getDocumentProxy } = await import('unpdf');
    const document = await getDocumentProxy(new Uint8Array(pdf.bytes));
    expect(document.numPages).toBe(1);
    const viewport = (await document.getPage(1)).getViewport({ scale: 1 });
    const mmPerUnit = LOCKUP_RULES.pdfLogoWidthMm / pdf.geometry.territoryLogo.width;
    expect(viewport.width).toBeCloseTo((pdf.geometry.width * mmPerUnit * 72) / 25.4, 0);
    expect(viewport.height).toBeCloseTo((pdf.geometry.height * mmPerUnit * 72) / 25.4, 0);

    const svg = await renderLockup(input, 'svg');
    const text = svg.bytes.toString('utf8');
    expect(text).not.toMatch(/<script|href="(?!data:)/);
    expect(text).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Cie');
    const metadata = await sharp(svg.bytes).metadata();
    expect(metadata.format).toBe('svg');
    expect(metadata.width).toBe(Math.round(svg.geometry.width));
  });
});

test.each([
  ['a very wide partner logo is fitted to the territory logo’s width', 8],
  ['a tall partner logo is fitted to its height', 0.25],
])('%s, never stretched', (_name, aspect) => {
  for (const layout of LOCKUP_LAYOUTS) {
    const g = lockupGeometry(layout, 'LIGHT', TERRITORY_SIZE[layout], aspect);
    expect(g.partnerLogo.width / g.partnerLogo.height).toBeCloseTo(aspect, 6);
    expect(g.partnerLogo.width).toBeLessThanOrEqual(TERRITORY_SIZE[layout].width + 1e-9);
    expect(g.partnerLogo.height).toBeLessThanOrEqual(TERRITORY_SIZE[layout].height + 1e-9);
  }
});

describe('in the partner area', () => {
  let db: TestDatabase;
  let api: TestApi;
  let smtp: TestSmtp;
  let adminToken: string;
  let siretSeed = 1;

  const VIEW = `{ myPartnerLogo { version mimeType width height lockups { layout ground format fileName minimumWidthPx minimumWidthMm url } } }`;
  const ATTACH = `mutation($u: ID!) { attachPartnerLogo(uploadId: $u) { version lockups { layout ground format fileName url } } }`;
  const local = (url: string) => url.replace(/^http:\/\/localhost:\d+/, api.url);

  async function upload(body: Buffer | string, token: string) {
    const form = new FormData();
    form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), 'logo');
    const response = await fetch(`${api.url}/uploads?purpose=PARTNER_LOGO`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const answer = (await response.json()) as { id: string };
    expect(answer).toHaveProperty('id');
    return answer;
  }

  /** A partner as the kit sees it: registered, its address confirmed, approved, the charter accepted (unless told otherwise). */
  async function partner(name: string, email: string, { approve = true } = {}): Promise<{ id: string; token: string }> {
    const { data } = await api.graphql(`mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token organisation { id } } }`, {
      i: { organisationName: name, siret: siretFromParts(String(61_282_932 + siretSeed++), '0001'), partnerType: 'COMPANY', epciSiren: '200069052', listInDirectory: false, contactName: 'Camille', email, password: 'a long partner password' },
    });
    const mail = await smtp.next(email, /Demande de partenariat reçue/);
    await api.graphql(`mutation($t: String!) { confirmPartnerEmail(token: $t) }`, { t: decodeURIComponent(/\/kit\/partenaires\?confirmer=([^\s&"]+)/.exec(mail.text)![1]!) });
    const registered = { id: data!.registerPartner.organisation.id, token: data!.registerPartner.token };
    if (approve) {
      await api.graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: registered.id }, { token: adminToken });
      const { version } = (await api.graphql(`{ brandCharter { version } }`)).data!.brandCharter;
      await api.graphql(`mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version }, { token: registered.token });
    }
    return registered;
  }

  const mediaCount = async (organisationId: string) => (await db.dataSource.query(`SELECT count(*)::int AS n FROM media_item WHERE organisation_id = $1`, [organisationId]))[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await startTestSmtp();
    api = await startTestApi({ dataSource: db.dataSource, storage: new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-lockups-'))), config: { smtpUrl: smtp.url, rateLimit: { loginPerMinute: 1000, uploadsPerMinute: 1000 } } });
    await seedDemoBrand(api.brand);
    const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
    const admin = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
    adminToken = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.user.email, p: admin.password })).data!.login.token;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    await db?.drop();
  });

  test('an approved partner gives its logo and downloads its twelve lockups; a replacement takes the old file away and its links with it', async () => {
    const forges = await partner('Forges & Fils', 'logo@forges.example');
    expect((await api.graphql(VIEW, {}, { token: forges.token })).data!.myPartnerLogo).toBeNull();
    const attached = await api.graphql(ATTACH, { u: (await upload(partnerPng, forges.token)).id }, { token: forges.token });
    expect(attached.errors).toBeUndefined();
    const logo = attached.data!.attachPartnerLogo;
    expect(logo.version).toBe(1);
    expect(logo.lockups).toHaveLength(LOCKUP_LAYOUTS.length * LOCKUP_GROUNDS.length * 3);

    const byKey = (layout: string, ground: string, format: string) => logo.lockups.find((l: any) => l.layout === layout && l.ground === ground && l.format === format);
    const expected: Array<[string, string, string, string]> = [
      ['HORIZONTAL', 'LIGHT', 'png', 'image/png'],
      ['VERTICAL', 'DARK', 'svg', 'image/svg+xml'],
      ['HORIZONTAL', 'DARK', 'pdf', 'application/pdf'],
    ];
    for (const [layout, ground, format, type] of expected) {
      const lockup = byKey(layout, ground, format);
      expect(lockup.fileName).toBe(`nfc_forges_fils_${layout.toLowerCase()}_${ground === 'LIGHT' ? 'clair' : 'fonce'}_v1.${format}`);
      const response = await fetch(local(lockup.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toContain(lockup.fileName);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const body = Buffer.from(await response.arrayBuffer());
      if (format === 'png') expect((await sharp(body).metadata()).width).toBe(LOCKUP_RULES.pngWidth);
      if (format === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const view = (await api.graphql(VIEW, {}, { token: forges.token })).data!.myPartnerLogo;
    expect(view).toMatchObject({ version: 1, mimeType: 'image/png', width: 900, height: 300 });
    for (const lockup of view.lockups) expect(lockup.minimumWidthPx).toBeGreaterThan(LOCKUP_RULES.minimumLogoWidthPx);

    // A link opens only the file it names: another name, another version or a forged token does not.
    const png = byKey('HORIZONTAL', 'LIGHT', 'png');
    const token = new URL(png.url).searchParams.get('token');
    expect((await fetch(local(png.url.replace('/v/1/', '/v/2/')))).status).toBe(401);
    expect((await fetch(local(png.url.replace(/token=[^&]+/, `token=${token!.slice(0, -2)}xx`)))).status).toBe(401);
    expect((await fetch(local(png.url.replace('horizontal-light.png', 'diagonal-light.png')))).status).toBe(404);

    // Replaced: version 2, the first file gone (row and storage), the old links open nothing.
    const before = await mediaCount(forges.id);
    const replaced = await api.graphql(ATTACH, { u: (await upload(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100" fill="#2f6b3a"/></svg>`, forges.token)).id }, { token: forges.token });
    expect(replaced.data!.attachPartnerLogo.version).toBe(2);
    expect(await mediaCount(forges.id)).toBe(before);
    expect((await fetch(local(png.url))).status).toBe(404);
    const svgLockup = replaced.data!.attachPartnerLogo.lockups.find((l: any) => l.format === 'png' && l.ground === 'DARK');
    expect((await fetch(local(svgLockup.url))).status).toBe(200);

    // Refused later: its links stop working at once.
    await api.graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: false, reason: "Plus partenaire") }`, { o: forges.id }, { token: adminToken });
    expect((await fetch(local(svgLockup.url))).status).toBe(403);
  });

  test('two first logos at once: both land in turn (no INTERNAL), one file kept; a held logo cannot be deleted from under it; previews are not counted as downloads', async () => {
    const twice = await partner('Deux Onglets SAS', 'onglets@logo.example');
    const [a, b] = await Promise.all([upload(partnerPng, twice.token), upload(partnerPng, twice.token)]);
    const answers = await Promise.all([a, b].map((u) => api.graphql(ATTACH, { u: u.id }, { token: twice.token })));
    expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
    expect(answers.map((answer) => answer.data!.attachPartnerLogo.version).sort()).toEqual([1, 2]);
    expect(await mediaCount(twice.id)).toBe(1);
    const [{ media_id: held }] = await db.dataSource.query(`SELECT media_id FROM partner_logo WHERE organisation_id = $1`, [twice.id]);
    expect((await api.graphql(`mutation($id: ID!) { deleteMedia(id: $id) }`, { id: held }, { token: twice.token })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const png = (await api.graphql(VIEW, {}, { token: twice.token })).data!.myPartnerLogo.lockups.find((l: any) => l.format === 'png');
    const counted = async () => {
      await api.brand.downloads.flush();
      return (await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_download WHERE organisation_id = $1`, [twice.id]))[0].n as number;
    };
    const before = await counted();
    const preview = await fetch(local(`${png.url}&apercu=1`));
    expect(preview.status).toBe(200);
    const again = await fetch(local(`${png.url}&apercu=1`));
    // Drawn once: the second answer is the same file.
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await preview.arrayBuffer()))).toBe(true);
    expect(await counted()).toBe(before);
    expect((await fetch(local(png.url))).status).toBe(200);
    expect(await counted()).toBe(before + 1);
  });

  test.each([
    ['a raster logo too small to print', async () => sharp({ create: { width: 120, height: 60, channels: 3, background: '#123456' } }).png().toBuffer(), 'LOGO_TOO_SMALL'],
  ])('%s is refused and its upload discarded', async (_name, make, reason) => {
    const small = await partner(`Petit Logo ${reason}`, `petit-${reason.toLowerCase()}@logo.example`);
    const uploaded = await upload(await make(), small.token);
    const { errors } = await api.graphql(ATTACH, { u: uploaded.id }, { token: small.token });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(await mediaCount(small.id)).toBe(0);
    expect((await api.graphql(VIEW, {}, { token: small.token })).data!.myPartnerLogo).toBeNull();
  });

  test('a partner not yet approved, or another organisation’s upload, gets nothing', async () => {
    const pending = await partner('En attente SARL', 'attente@logo.example', { approve: false });
    expect((await api.graphql(VIEW, {}, { token: pending.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const owner = await partner('Propriétaire SA', 'proprio@logo.example');
    const thief = await partner('Voleur SA', 'voleur@logo.example');
    const theirs = await upload(partnerPng, owner.token);
    expect((await api.graphql(ATTACH, { u: theirs.id }, { token: thief.token })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.graphql(ATTACH, { u: theirs.id }, { token: pending.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
