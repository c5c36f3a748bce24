import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';
import { OPERATOR } from '../auth/viewer';
import { buildKit } from '../brand/build-kit';
import { createLogger } from '../logger';
import { startTestApi, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { photoJpeg } from '../../test/fixtures';
import { LocalStorage } from './storage/local-storage';
import type { MediaStorage } from './storage/media-storage';
import { S3Storage } from './storage/s3-storage';
import { sweepMediaOnce } from './sweeper';

const BUCKET = 'nfc-sweep';
const s3dir = mkdtempSync(join(tmpdir(), 'nfc-sweep-s3-'));
const localDir = mkdtempSync(join(tmpdir(), 'nfc-sweep-local-'));
let s3server: S3rver;
let s3: S3Storage;

beforeAll(async () => {
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3server.run();
  s3 = new S3Storage({ bucket: BUCKET, region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
});
afterAll(async () => {
  s3?.destroy();
  await s3server?.close();
});

/** Where each storage keeps an object on disk, to set its modification time as a real clock would have. */
const kinds = [
  ['local files', () => new LocalStorage(localDir) as MediaStorage, (key: string) => join(localDir, key)],
  ['S3 (s3rver)', () => s3 as MediaStorage, (key: string) => join(s3dir, BUCKET, `${key}._S3rver_object`)],
] as const;

describe.each(kinds)('the sweeper on %s', (kind, makeStorage, pathOf) => {
  let db: TestDatabase;
  let api: TestApi;
  let storage: MediaStorage;
  const logger = createLogger('silent');
  const hoursAgo = async (key: string, hours: number) => {
    const when = new Date(Date.now() - hours * 3600_000);
    await utimes(pathOf(key), when, when);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    storage = makeStorage();
    api = await startTestApi({ dataSource: db.dataSource, storage });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function upload(key: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await photoJpeg({ width: 1000, height: 700 }))]), 'photo.jpg');
    const response = await fetch(`${api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** Every key a row references, from the tables themselves. */
  async function referenced(): Promise<string[]> {
    const rows: Array<{ key: string }> = await db.dataSource.query(
      `SELECT original_key AS key FROM media_item
       UNION SELECT 'variants/' || substr(sha256, 1, 2) || '/' || sha256 || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format::text END FROM media_variant
       UNION SELECT storage_key FROM brand_asset_version UNION SELECT storage_key FROM brand_rendition UNION SELECT storage_key FROM brand_kit`,
    );
    return rows.map((row) => row.key).sort();
  }

  test('removes old objects no row references, originals included, and keeps fresh ones and every referenced one', async () => {
    const { key } = await issueApiKey(db.dataSource, (await createOrganisation(db.dataSource)).id);
    const attached = await upload(key);
    await db.dataSource.query(`UPDATE media_item SET attached_at = now() WHERE id = $1`, [attached]);
    const abandoned = await upload(key);
    await db.dataSource.query(`UPDATE media_item SET created_at = now() - interval '2 days' WHERE id = $1`, [abandoned]);
    const [{ original_key: abandonedOriginal }] = await db.dataSource.query(`SELECT original_key FROM media_item WHERE id = $1`, [abandoned]);
    await api.brand.createAsset({ slug: 'logo-sweep', kind: 'LOGO', access: 'PUBLIC', layout: 'HORIZONTAL', colourway: 'COLOUR', name: { fr: 'Logo' }, sortOrder: 1 }, OPERATOR);
    await api.brand.publishVersion({ slug: 'logo-sweep', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><rect width="200" height="50" fill="#0b5c8a"/></svg>'), viewer: OPERATOR });
    await buildKit(api.brand, 'PUBLIC');

    // What a crash leaves: files written, rows never committed (or deleted since).
    const oldOrphans = [`originals/ab/${randomUUID()}`, 'originals/ab/------------------------------------', `variants/cd/${'cd'.padEnd(64, '7')}.webp`, `brand/renditions/${randomUUID()}/png-256.png`, `brand/masters/${randomUUID()}/v1.svg`];
    const freshOrphan = `originals/ef/${randomUUID()}`;
    const notOurs = 'other/backup.txt';
    for (const orphan of [...oldOrphans, freshOrphan, notOurs]) await storage.put(orphan, Buffer.from('orphan'), 'application/octet-stream');
    if (kind === 'local files') {
      // A local write that died between its temporary file and the rename.
      const temporary = `originals/ab/${randomUUID()}.tmp-0a1b2c3d4e5f`;
      await mkdir(dirname(pathOf(temporary)), { recursive: true });
      await writeFile(pathOf(temporary), 'half');
      oldOrphans.push(temporary);
    }
    const keep = await referenced();
    // Everything is old, except the fresh orphan.
    for (const object of await storage.listObjects('')) if (object.key !== freshOrphan) await hoursAgo(object.key, 48);

    const result = await sweepMediaOnce({ dataSource: db.dataSource, storage, logger, graceHours: 24 });
    expect(result).not.toBeNull();
    const abandonedFiles = keep.filter((k) => k === abandonedOriginal);
    expect(result!.purgedUploads).toBe(1);
    expect([...result!.deletedKeys].sort()).toEqual([...oldOrphans].sort());
    const left = (await storage.listObjects('')).map((object) => object.key);
    expect(left).not.toEqual(expect.arrayContaining(oldOrphans));
    expect(left).toEqual(expect.arrayContaining([freshOrphan, notOurs, ...(await referenced())]));
    expect(abandonedFiles).toHaveLength(1);
    expect(left).not.toContain(abandonedOriginal);
    // The attached upload, the version, its renditions and the kit are whole.
    expect(await db.dataSource.query(`SELECT id FROM media_item`)).toEqual([{ id: attached }]);
    expect((await fetch(`${api.url}/brand/assets/logo-sweep/v/1/png-512`)).status).toBe(200);
    expect(await storage.get(keep.find((k) => k.startsWith('brand/kits/'))!)).not.toBeNull();
  }, 120_000);

  test('the media.sweep job (scheduled hourly on the queue) sweeps with the API’s own storage', async () => {
    const orphan = `originals/bb/${randomUUID()}`;
    await storage.put(orphan, Buffer.from('orphan'), 'application/octet-stream');
    await hoursAgo(orphan, 48);
    expect((await storage.listObjects('originals/bb')).map((o) => o.key)).toEqual([orphan]);
    // The kit builds the previous test asked for render on the same thread pool as the sweep's
    // file reads: on a loaded machine they can outlast a drain's default wait. Let them finish first.
    await api.jobs.drain(undefined, 90_000);
    expect(await api.jobs.send('media.sweep', {})).toEqual(expect.any(String));
    await api.jobs.drain(['media.sweep'], 60_000);
    expect(await storage.listObjects('originals/bb')).toEqual([]);
  }, 180_000);

  test('one process sweeps at a time: while another holds the lock, nothing is done', async () => {
    // No job of the earlier tests may still be sweeping (it would hold the lock, or delete the orphan).
    await api.jobs.drain(undefined, 90_000);
    const orphan = `originals/aa/${randomUUID()}`;
    await storage.put(orphan, Buffer.from('orphan'), 'application/octet-stream');
    await hoursAgo(orphan, 48);
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('nfc-media-sweeper'))`);
      expect(await sweepMediaOnce({ dataSource: db.dataSource, storage, logger, graceHours: 24 })).toBeNull();
      expect((await storage.listObjects('originals/aa')).map((o) => o.key)).toContain(orphan);
      await other.query(`SELECT pg_advisory_unlock(hashtext('nfc-media-sweeper'))`);
      expect((await sweepMediaOnce({ dataSource: db.dataSource, storage, logger, graceHours: 24 }))!.deletedKeys).toEqual([orphan]);
    } finally {
      await other.release();
    }
  }, 120_000);
});
