import exifr from 'exifr';
import sharp from 'sharp';
import { MEDIA_LIMITS } from '@nfc/shared';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { photoJpeg, pngBomb, zipPayload } from '../../test/fixtures';
import { rawUpload } from '../../test/raw-upload';
import { LocalStorage } from './storage/local-storage';
import { MediaService } from './media.service';
import { createLogger } from '../logger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let db: TestDatabase;
let api: TestApi;
let storage: LocalStorage;
let token: string;
let otherToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-media-test-')));
  api = await startTestApi({ dataSource: db.dataSource, storage, config: { rateLimit: { uploadsPerMinute: 1000 } } });
  const login = async (organisationId: string) => {
    const { user, password } = await createUser(db.dataSource, { organisationId });
    const { data } = await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password });
    return data!.login.token as string;
  };
  token = await login((await createOrganisation(db.dataSource)).id);
  otherToken = await login((await createOrganisation(db.dataSource)).id);
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

async function upload(bytes: Buffer, options: { name?: string; type?: string; purpose?: string; auth?: string | null } = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: options.type ?? 'image/jpeg' }), options.name ?? 'photo.jpg');
  const auth = options.auth === undefined ? token : options.auth;
  const response = await fetch(`${api.url}/uploads?purpose=${options.purpose ?? 'EVENT_IMAGE'}`, {
    method: 'POST',
    body: form,
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function snapshot() {
  const [{ items, variants }] = await db.dataSource.query(`SELECT (SELECT count(*)::int FROM media_item) AS items, (SELECT count(*)::int FROM media_variant) AS variants`);
  return { items, variants, files: await storage.list('') };
}

async function makePublic(id: string) {
  await db.dataSource.query(`UPDATE media_item SET visibility = 'PUBLIC' WHERE id = $1`, [id]);
}

async function variantUrls(id: string, auth = token): Promise<Array<{ format: string; width: number; url: string }>> {
  const { data, errors } = await api.graphql(`query($id: ID!) { mediaItem(id: $id) { variants { format width url } } }`, { id }, { token: auth });
  expect(errors).toBeUndefined();
  return data!.mediaItem.variants;
}

describe('a phone photo', () => {
  let id: string;
  beforeAll(async () => {
    const { status, body } = await upload(await photoJpeg({ width: 3000, height: 2000, orientation: 6 }));
    expect(status).toBe(201);
    id = body.id;
    // EXIF orientation 6: the upright photo is portrait.
    expect([body.width, body.height]).toEqual([2000, 3000]);
    expect(body.mimeType).toBe('image/jpeg');
  });

  test('gets AVIF, WebP and JPEG variants at the preset widths below its own, never upscaled', async () => {
    const variants = await variantUrls(id);
    expect(variants.map((v) => `${v.width}.${v.format}`).sort()).toEqual(
      ['480', '960', '1600'].flatMap((w) => ['avif', 'jpeg', 'webp'].map((f) => `${w}.${f}`)).sort(),
    );
  });

  test('keeps its capture date, GPS, hashes and original privately', async () => {
    const [row] = await db.dataSource.query(`SELECT captured_at, gps_lat, gps_lon, sha256, perceptual_hash, original_key FROM media_item WHERE id = $1`, [id]);
    expect(row.gps_lat).toBeCloseTo(47.6380, 3);
    expect(row.gps_lon).toBeCloseTo(6.8628, 3);
    expect(row.captured_at).toBeInstanceOf(Date);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.perceptual_hash).toMatch(/^[0-9a-f]{16}$/);
    const original = await storage.get(row.original_key);
    expect(original?.size).toBeGreaterThan(0);
    original?.stream.destroy();
  });

  test('is not served while private', async () => {
    const [first] = await variantUrls(id);
    expect((await fetch(first!.url.replace(/^http:\/\/localhost:\d+/, api.url))).status).toBe(404);
  });

  test('once public, every variant is served immutable, sniff-proof, and without EXIF or GPS', async () => {
    await makePublic(id);
    for (const variant of await variantUrls(id)) {
      const response = await fetch(variant.url.replace(/^http:\/\/localhost:\d+/, api.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(response.headers.get('content-type')).toBe(`image/${variant.format}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const tags = await exifr.parse(bytes, { gps: true, tiff: true, exif: true }).catch(() => undefined);
      expect(tags?.latitude).toBeUndefined();
      expect(tags?.Make).toBeUndefined();
      // sharp reads every format's metadata (exifr does not read WebP); the raw markers too.
      const metadata = await sharp(bytes).metadata();
      expect([variant.format, metadata.exif, metadata.xmp, metadata.icc, metadata.iptc, metadata.comments]).toEqual([variant.format, undefined, undefined, undefined, undefined, undefined]);
      for (const marker of ['Exif\0', 'TestCam', 'http://ns.adobe.com/xap']) expect([variant.format, marker, bytes.includes(marker)]).toEqual([variant.format, marker, false]);
      const revalidated = await fetch(variant.url.replace(/^http:\/\/localhost:\d+/, api.url), { headers: { 'if-none-match': response.headers.get('etag')! } });
      expect(revalidated.status).toBe(304);
    }
  });

  test('another organisation cannot see or delete it', async () => {
    const seen = await api.graphql(`query($id: ID!) { mediaItem(id: $id) { id } }`, { id }, { token: otherToken });
    expect(seen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const deleted = await api.graphql(`mutation($id: ID!) { deleteMedia(id: $id) }`, { id }, { token: otherToken });
    expect(deleted.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('hostile and bad files are refused, leaving nothing behind', () => {
  test.each([
    ['a text file named .jpg', async () => Buffer.from('just some text, not a photo\n'.repeat(20)), 'UNSUPPORTED_TYPE', 400],
    ['a truncated JPEG', async () => (await photoJpeg({ width: 800, height: 600 })).subarray(0, 20_000), 'CORRUPT_FILE', 400],
    ['a PNG declaring 100,000 × 100,000 pixels', async () => pngBomb(), 'TOO_MANY_PIXELS', 400],
    ['an SVG offered as a photo', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'UNSUPPORTED_TYPE', 400],
    ['an empty file', async () => Buffer.alloc(0), 'NO_FILE', 400],
  ])('%s → %s', async (_case, make, reason, status) => {
    const before = await snapshot();
    const response = await upload(await make());
    expect(response.status).toBe(status);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  test('a file over the cap is cut off while streaming, not read whole', async () => {
    const before = await snapshot();
    const boundary = 'nfc-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const offered = 3 * MEDIA_LIMITS.maxUploadBytes;
    let pulled = 0;
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (pulled >= offered) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    let status: number | undefined;
    try {
      // No Content-Length: the cap must hold while streaming, not only on the declared size.
      const response = await fetch(`${api.url}/uploads?purpose=EVENT_IMAGE`, {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      } as RequestInit);
      status = response.status;
      expect((await response.json() as any).errors[0].extensions.reason).toBe('FILE_TOO_LARGE');
    } catch {
      // The server may close the connection before the client reads the answer.
    }
    if (status !== undefined) expect(status).toBe(413);
    expect(pulled).toBeLessThan(MEDIA_LIMITS.maxUploadBytes + 8 * 1024 * 1024);
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  test('a declared length over the cap is refused before the body is read', async () => {
    const response = await fetch(`${api.url}/uploads?purpose=EVENT_IMAGE`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MEDIA_LIMITS.maxUploadBytes * 2) },
      body: Buffer.alloc(10),
    }).catch(() => undefined);
    if (response) expect(response.status).toBe(413);
  });

  test.each([
    ['a JPEG followed by HTML', async () => Buffer.concat([await photoJpeg({ width: 900, height: 600, gps: false }), Buffer.from('<html><body><script>alert("polyglot")</script></body></html>')]), 'polyglot'],
    ['a PNG followed by a ZIP', async () => Buffer.concat([await sharp({ create: { width: 700, height: 500, channels: 3, background: '#884422' } }).png().toBuffer(), zipPayload()]), 'evil.html'],
  ])('%s is kept only as its image: the payload is in no stored or served file', async (_case, make, marker) => {
    const { status, body } = await upload(await make());
    expect(status).toBe(201);
    await makePublic(body.id);
    const [row] = await db.dataSource.query(`SELECT original_key FROM media_item WHERE id = $1`, [body.id]);
    const stored = [row.original_key, ...(await storage.list('variants'))];
    for (const key of stored) {
      const object = await storage.get(key);
      const chunks: Buffer[] = [];
      for await (const chunk of object!.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).includes(marker)).toBe(false);
    }
    for (const variant of await variantUrls(body.id)) {
      const served = Buffer.from(await (await fetch(variant.url.replace(/^http:\/\/localhost:\d+/, api.url))).arrayBuffer());
      expect(served.includes(marker)).toBe(false);
    }
  });

  test('an upload without credentials is refused', async () => {
    const before = await snapshot();
    const response = await upload(await photoJpeg({ width: 600, height: 400 }), { auth: null });
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  test('an unknown purpose is refused', async () => {
    const response = await upload(await photoJpeg({ width: 600, height: 400 }), { purpose: 'ANYTHING' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

test('uploads never attached are purged after the delay, with their files', async () => {
  const before = await snapshot();
  const { body } = await upload(await photoJpeg({ width: 700, height: 500, gps: false }));
  expect((await snapshot()).items).toBe(before.items + 1);
  const media = new MediaService({ dataSource: db.dataSource, storage, logger: createLogger('silent') });
  expect(await media.purgeUnattached(24)).toBe(0);
  await db.dataSource.query(`UPDATE media_item SET created_at = now() - interval '25 hours' WHERE id = $1`, [body.id]);
  expect(await media.purgeUnattached(24)).toBe(1);
  expect(await snapshot()).toEqual(before);
});

describe('deleting', () => {
  test('removes the rows and the files; variants shared with another upload stay until the last one goes', async () => {
    const before = await snapshot();
    const photo = await photoJpeg({ width: 1200, height: 800 });
    const first = await upload(photo);
    const second = await upload(photo);
    expect([first.status, second.status]).toEqual([201, 201]);
    const afterUploads = await snapshot();
    // Same pixels, same variants: stored once, content-addressed.
    const variantFiles = afterUploads.files.filter((f) => f.startsWith('variants/')).length - before.files.filter((f) => f.startsWith('variants/')).length;
    expect(variantFiles).toBe(6);

    expect((await api.graphql(`mutation($id: ID!) { deleteMedia(id: $id) }`, { id: first.body.id }, { token })).data!.deleteMedia).toBe(true);
    const afterFirst = await snapshot();
    expect(afterFirst.files.filter((f) => f.startsWith('variants/'))).toEqual(afterUploads.files.filter((f) => f.startsWith('variants/')));
    await api.graphql(`mutation($id: ID!) { deleteMedia(id: $id) }`, { id: second.body.id }, { token });
    expect(await snapshot()).toEqual(before);
  });
});

describe('a file over the cap gets its whole 413, then the connection closes cleanly', () => {
  const cap = MEDIA_LIMITS.maxUploadBytes;
  test.each([
    ['announced by Content-Length, while the client keeps sending', { declareLength: true, bodyBytes: cap + 2 * 1024 * 1024 }],
    ['sent chunked, unannounced, past the cap', { declareLength: false, bodyBytes: cap + 2 * 1024 * 1024 }],
    ['announced, from a client that stops sending', { declareLength: true, bodyBytes: cap * 2, stopAfter: 256 * 1024 }],
    ['announced, from a client that stops sending and only then reads', { declareLength: true, bodyBytes: cap * 2, stopAfter: 2 * 1024 * 1024, readAfterSending: true }],
    ['sent chunked past the cap by a client that reads only once done', { declareLength: false, bodyBytes: cap + 1024 * 1024, readAfterSending: true }],
  ])('%s', async (_case, options) => {
    const before = await snapshot();
    const result = await rawUpload({ url: `${api.url}/uploads?purpose=EVENT_IMAGE`, authorization: `Bearer ${token}`, ...options });
    expect(result.errorBeforeAnswer).toBeNull();
    expect(result.status).toBe(413);
    expect(result.headers.connection).toBe('close');
    expect(JSON.parse(result.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE' });
    // The server half-closes after its answer: no hang for a client that stopped sending. A hang
    // lasts until the test's own 60 s; the answer itself took up to 5 s on two busy cores.
    expect(result.serverEnded).toBe(true);
    expect(result.answeredAfterMs!).toBeLessThan(20_000);
    expect(result.sent).toBeLessThanOrEqual(options.bodyBytes);
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
