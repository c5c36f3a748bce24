import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/** Images given by address in upsertEvents: through the media intake, idempotent, nothing left behind. */
const env = useTestApi({ config: { outboundAllowPrivate: true } });
let server: Server;
let base: string;
let key: string;
const hits = new Map<string, number>();
const files = new Map<string, { type: string; body: Buffer | string }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = files.get(path);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A photo with GPS and a camera in its EXIF: the intake must strip them.
  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Artist: 'Jean Dupont' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 0/1' } })
    .toBuffer();
  files.set('/affiche.jpg', { type: 'image/jpeg', body: photo });
  files.set('/autre.jpg', { type: 'image/jpeg', body: await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 200, g: 20, b: 20 } } }).jpeg().toBuffer() });
  files.set('/not-an-image.jpg', { type: 'image/jpeg', body: '<html><script>alert(1)</script></html>' });
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200069052' })).id)).key;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const event = (imageUrl: string, title = 'Fête du Lion') => ({
  title: { fr: title },
  categories: ['festival'],
  imageUrl,
  imageCredit: '© Office de Belfort',
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2030-06-20T18:00', end: '2030-06-20T23:00' }] },
});
const UPSERT = `mutation($e: [UpsertEventInput!]!, $d: Boolean!) { upsertEvents(system: "tourinsoft", events: $e, dryRun: $d) { externalId ok outcome code eventId errors { field message } } }`;
async function upsert(items: Array<{ externalId: string; event: Record<string, unknown> }>, dryRun = false) {
  const answer = await env.api.graphql(UPSERT, { e: items, d: dryRun }, { token: key });
  expect(answer.errors).toBeUndefined();
  return answer.data!.upsertEvents as Array<{ ok: boolean; outcome: string; code: string | null; eventId: string | null; errors: Array<{ field: string; message: string }> }>;
}
const unattached = async () => (await env.db.dataSource.query(`SELECT count(*)::int AS n FROM media_item WHERE attached_at IS NULL`))[0].n as number;

test('an image by address is fetched once, stripped, shown; the same address again fetches nothing and changes nothing', async () => {
  const [created] = await upsert([{ externalId: 'fete', event: event(`${base}/affiche.jpg`) }]);
  expect(created).toMatchObject({ ok: true, outcome: 'CREATED' });
  expect(hits.get('/affiche.jpg')).toBe(1);
  const image = (await env.api.graphql(`query($id: ID!) { event(id: $id) { image { credit variants { format width url } } } }`, { id: created!.eventId })).data!.event.image;
  expect(image.credit).toBe('© Office de Belfort');
  const jpeg = image.variants.find((v: { format: string }) => v.format === 'jpeg');
  const bytes = Buffer.from(await (await fetch(jpeg.url.replace(/^http:\/\/localhost:\d+/, env.api.url))).arrayBuffer());
  // Read with sharp: the variant carries no EXIF at all (no camera, no GPS, no author).
  expect((await sharp(bytes).metadata()).exif).toBeUndefined();

  const [again] = await upsert([{ externalId: 'fete', event: event(`${base}/affiche.jpg`) }]);
  expect(again).toMatchObject({ outcome: 'UNCHANGED', eventId: created!.eventId });
  expect(hits.get('/affiche.jpg')).toBe(1);

  const [changed] = await upsert([{ externalId: 'fete', event: event(`${base}/autre.jpg`) }]);
  expect(changed).toMatchObject({ outcome: 'UPDATED' });
  expect(hits.get('/autre.jpg')).toBe(1);
});

test.each([
  ['a page that is no image', '/not-an-image.jpg'],
  ['an address that answers 404', '/missing.jpg'],
])('%s refuses its item alone, with a field error, and leaves no file', async (_name, path) => {
  const before = await unattached();
  const results = await upsert([
    { externalId: `ok-${path}`, event: event(`${base}/affiche.jpg`, 'Bonne affiche') },
    { externalId: `bad-${path}`, event: event(`${base}${path}`, 'Mauvaise affiche') },
  ]);
  expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'REFUSED']);
  expect(results[1]).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ field: 'imageUrl' }] });
  expect(await unattached()).toBe(before);
});

test('an item refused for another field leaves no fetched image behind', async () => {
  const before = await unattached();
  const [result] = await upsert([{ externalId: 'no-category', event: { ...event(`${base}/autre.jpg`), categories: ['nope'] } }]);
  expect(result).toMatchObject({ outcome: 'REFUSED' });
  expect(await unattached()).toBe(before);
});

test('a dry run fetches nothing; an address and an upload id together are refused; createEvent points to upsert', async () => {
  const fetched = hits.get('/autre.jpg') ?? 0;
  const [dry] = await upsert([{ externalId: 'dry', event: event(`${base}/autre.jpg`) }], true);
  expect(dry).toMatchObject({ ok: true, outcome: 'CREATED' });
  expect(hits.get('/autre.jpg') ?? 0).toBe(fetched);
  const [both] = await upsert([{ externalId: 'both', event: { ...event(`${base}/autre.jpg`), imageUploadId: '00000000-0000-4000-8000-000000000000' } }]);
  expect(both).toMatchObject({ outcome: 'REFUSED', errors: [{ field: 'imageUrl' }] });
  const [scheme] = await upsert([{ externalId: 'scheme', event: event('file:///etc/passwd') }]);
  expect(scheme).toMatchObject({ outcome: 'REFUSED', errors: [{ field: 'imageUrl' }] });
  const created = await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: event(`${base}/autre.jpg`) }, { token: key });
  expect(created.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'imageUrl' }] });
});
