import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { startTestApi } from '../../../test/api';
import { createOrganisation, issueApiKey } from '../../../test/factories';
import { photoJpeg } from '../../../test/fixtures';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import type { MediaStorage } from './media-storage';

let s3server: S3rver;
let s3: S3Storage;

beforeAll(async () => {
  // A real S3-compatible server on loopback, in a temporary folder.
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 'nfc-s3-')), configureBuckets: [{ name: 'nfc-media', configs: [] }] });
  const { port } = await s3server.run();
  s3 = new S3Storage({ bucket: 'nfc-media', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
});
afterAll(async () => {
  s3?.destroy();
  await s3server?.close();
});

async function read(storage: MediaStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each([
  ['local files', () => new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-local-')))],
  ['S3', () => s3],
])('%s storage', (_name, make) => {
  test('puts, gets, lists and deletes', async () => {
    const storage = make();
    const prefix = `contract-${Date.now()}`;
    await storage.put(`${prefix}/a/one.jpg`, Buffer.from('one'), 'image/jpeg');
    await storage.put(`${prefix}/b/two.webp`, Buffer.from('two!'), 'image/webp');
    expect(await read(storage, `${prefix}/a/one.jpg`)).toEqual(Buffer.from('one'));
    expect((await storage.get(`${prefix}/b/two.webp`))?.size).toBe(4);
    expect(await storage.list(prefix)).toEqual([`${prefix}/a/one.jpg`, `${prefix}/b/two.webp`]);
    const listed = await storage.listObjects(prefix);
    expect(listed.map((object) => [object.key, object.size])).toEqual([[`${prefix}/a/one.jpg`, 3], [`${prefix}/b/two.webp`, 4]]);
    for (const object of listed) expect(Math.abs(object.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await storage.delete([`${prefix}/a/one.jpg`, `${prefix}/missing.jpg`]);
    expect(await storage.get(`${prefix}/a/one.jpg`)).toBeNull();
    expect(await storage.list(prefix)).toEqual([`${prefix}/b/two.webp`]);
  });

  test.each(['../escape', '/absolute', 'UPPER/case', 'a/../../b', ''])('refuses the key %j', async (key) => {
    await expect(make().put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/Invalid storage key/);
  });
});

describe('the API on S3 storage', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  test('stores an upload in the bucket and serves its variants from there', async () => {
    const api = await startTestApi({ dataSource: db.dataSource, storage: s3 });
    try {
      const { key } = await issueApiKey(db.dataSource, (await createOrganisation(db.dataSource)).id);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await photoJpeg({ width: 1000, height: 700 }))]), 'photo.jpg');
      const response = await fetch(`${api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const [{ original_key }] = await db.dataSource.query(`SELECT original_key FROM media_item WHERE id = $1`, [id]);
      expect(await s3.list(original_key)).toEqual([original_key]);
      await db.dataSource.query(`UPDATE media_item SET visibility = 'PUBLIC' WHERE id = $1`, [id]);
      const [{ sha256 }] = await db.dataSource.query(`SELECT sha256 FROM media_variant WHERE media_id = $1 AND format = 'webp' LIMIT 1`, [id]);
      const served = await fetch(`${api.url}/media/${sha256}.webp`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(Buffer.from(await served.arrayBuffer()).subarray(8, 12).toString()).toBe('WEBP');
    } finally {
      await api.close();
    }
  });
});
