import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { photoJpeg } from '../../test/fixtures';
import { MediaService } from '../media/media.service';
import { LocalStorage } from '../media/storage/local-storage';
import { createLogger } from '../logger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-event-image-')));
const env = useTestApi({ storage });
let office: { id: string };
let officeKey: string;
let reviewed: { id: string };
let reviewedKey: string;
let pole: string;

beforeAll(async () => {
  office = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  officeKey = (await issueApiKey(env.db.dataSource, office.id)).key;
  reviewed = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  reviewedKey = (await issueApiKey(env.db.dataSource, reviewed.id)).key;
  await env.db.dataSource.query(`UPDATE organisation SET agenda_requires_review = true WHERE id = $1`, [reviewed.id]);
  const { user, password } = await createUser(env.db.dataSource, { organisationId: (await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, role: 'ADMIN' });
  pole = (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
});

const event = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-09-12T20:00', end: '2031-09-12T23:00' }] },
  ...overrides,
});

async function uploadImage(key: string, bytes?: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes ?? (await photoJpeg({ width: 1000, height: 700 })))], { type: 'image/jpeg' }), 'affiche.jpg');
  const response = await fetch(`${env.api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The image's state: row, visibility, and what its public URL answers. */
async function image(uploadId: string) {
  const [row] = await env.db.dataSource.query(`SELECT visibility, attached_at FROM media_item WHERE id = $1`, [uploadId]);
  const [variant] = await env.db.dataSource.query(`SELECT sha256 FROM media_variant WHERE media_id = $1 AND format = 'webp' ORDER BY width LIMIT 1`, [uploadId]);
  const served = variant ? (await fetch(`${env.api.url}/media/${variant.sha256}.webp`)).status : null;
  return { exists: Boolean(row), attached: Boolean(row?.attached_at), visibility: row?.visibility ?? null, served };
}

const PUBLIC = { exists: true, attached: true, visibility: 'PUBLIC', served: 200 };
const PRIVATE = { exists: true, attached: true, visibility: 'PRIVATE', served: 404 };

async function call(mutation: string, variables: Record<string, unknown>, token: string) {
  const result = await env.api.graphql(mutation, variables, { token });
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id moderation } }`;
const UPDATE = `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`;

test('a draft’s image is attached when it is saved, private until the event is published, and follows every state', async () => {
  const uploadId = await uploadImage(officeKey);
  const { createEvent } = await call(CREATE, { i: event('Concert en brouillon', { draft: true, imageUploadId: uploadId }) }, officeKey);
  expect(createEvent.moderation).toBe('DRAFT');
  expect(await image(uploadId)).toEqual(PRIVATE);
  // Attached, so the purge of abandoned uploads leaves it alone.
  await new MediaService({ dataSource: env.db.dataSource, storage, logger: createLogger('silent') }).purgeUnattached(0);
  expect(await image(uploadId)).toEqual(PRIVATE);

  await call(`mutation($id: ID!) { submitEvent(id: $id) { moderation } }`, { id: createEvent.id }, officeKey);
  expect(await image(uploadId)).toEqual(PUBLIC);
  // Cancelled is still on the agenda, marked: the image stays.
  await call(`mutation($id: ID!) { cancelEvent(id: $id) { status } }`, { id: createEvent.id }, officeKey);
  expect(await image(uploadId)).toEqual(PUBLIC);
  await call(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: createEvent.id }, officeKey);
  expect(await image(uploadId)).toEqual(PRIVATE);
});

test('under review: private while pending, public once published, private again when rejected', async () => {
  const uploadId = await uploadImage(reviewedKey);
  const { createEvent } = await call(CREATE, { i: event('Concert à relire', { imageUploadId: uploadId }) }, reviewedKey);
  expect(createEvent.moderation).toBe('PENDING');
  expect(await image(uploadId)).toEqual(PRIVATE);
  await call(`mutation($id: ID!) { publishEvent(id: $id) { moderation } }`, { id: createEvent.id }, pole);
  expect(await image(uploadId)).toEqual(PUBLIC);
  // A change of content sends it back to review, where its image is private again; refused, it stays so.
  await call(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { moderation } }`, { id: createEvent.id, i: event('Concert à relire encore', { imageUploadId: uploadId }) }, reviewedKey);
  expect(await image(uploadId)).toEqual(PRIVATE);
  await call(`mutation($id: ID!) { rejectEvent(id: $id, reason: "Photo floue.") { moderation } }`, { id: createEvent.id }, pole);
  expect(await image(uploadId)).toEqual(PRIVATE);
});

test('a replaced image turns private; the new one is public with the event', async () => {
  const [first, second] = [await uploadImage(officeKey), await uploadImage(officeKey)];
  const { createEvent } = await call(CREATE, { i: event('Concert illustré', { imageUploadId: first }) }, officeKey);
  expect(await image(first)).toEqual(PUBLIC);
  await call(UPDATE, { id: createEvent.id, i: event('Concert illustré', { imageUploadId: second }) }, officeKey);
  expect(await image(first)).toEqual(PRIVATE);
  expect(await image(second)).toEqual(PUBLIC);
  // Saving again with the image it already holds is fine.
  await call(UPDATE, { id: createEvent.id, i: event('Concert illustré, bis', { imageUploadId: second }) }, officeKey);
  expect(await image(second)).toEqual(PUBLIC);
});

test('an upsert attaches the image too, and an event merged away loses its public image', async () => {
  const upsert = `mutation($s: String!, $e: [UpsertEventInput!]!) { upsertEvents(system: $s, events: $e) { ok eventId code errors { field } } }`;
  const [keepImage, mergedImage] = [await uploadImage(officeKey), await uploadImage(officeKey)];
  const keep = (await call(upsert, { s: 'decibelles', e: [{ externalId: 'IMG-1', event: event('Festival des images', { imageUploadId: keepImage }) }] }, officeKey)).upsertEvents[0];
  const merged = (await call(upsert, { s: 'decibelles', e: [{ externalId: 'IMG-2', event: event('Festival des images (doublon)', { imageUploadId: mergedImage }) }] }, officeKey)).upsertEvents[0];
  expect([keep.ok, merged.ok]).toEqual([true, true]);
  expect(await image(mergedImage)).toEqual(PUBLIC);
  await call(`mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id } }`, { k: keep.eventId, m: merged.eventId }, pole);
  expect(await image(mergedImage)).toEqual(PRIVATE);
  expect(await image(keepImage)).toEqual(PUBLIC);
});

test('an image another event holds is refused for a second event, and is not deleted', async () => {
  const uploadId = await uploadImage(officeKey);
  await call(CREATE, { i: event('Premier concert', { imageUploadId: uploadId }) }, officeKey);
  const [{ n: filesBefore }] = [{ n: (await storage.list('')).length }];
  const second = await env.api.graphql(CREATE, { i: event('Second concert', { imageUploadId: uploadId }) }, { token: officeKey });
  expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_IN_USE', fields: [{ field: 'imageUploadId' }] });
  expect(await env.db.dataSource.query(`SELECT id FROM event WHERE title->>'fr' = 'Second concert'`)).toEqual([]);
  expect(await image(uploadId)).toEqual(PUBLIC);
  expect((await storage.list('')).length).toBe(filesBefore);
  // Two saves at once with the same free upload: one event gets it, the other is refused.
  const free = await uploadImage(officeKey);
  const both = await Promise.all(['Course A', 'Course B'].map((title) => env.api.graphql(CREATE, { i: event(title, { imageUploadId: free }) }, { token: officeKey })));
  expect(both.filter((result) => !result.errors).length).toBe(1);
  expect(both.find((result) => result.errors)!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_IN_USE' });
  expect(await image(free)).toEqual(PUBLIC);
});

test('a variant two public images share stays served until the last of them turns private', async () => {
  const bytes = await photoJpeg({ width: 900, height: 600, seed: 7 });
  // The same file uploaded twice: two items, the same content-addressed variants.
  const [a, b] = [await uploadImage(officeKey, bytes), await uploadImage(officeKey, bytes)];
  const eventA = (await call(CREATE, { i: event('Exposition A', { imageUploadId: a }) }, officeKey)).createEvent.id;
  const eventB = (await call(CREATE, { i: event('Exposition B', { imageUploadId: b }) }, officeKey)).createEvent.id;
  await call(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: eventB }, officeKey);
  expect(await image(b)).toEqual({ ...PRIVATE, served: 200 });
  await call(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: eventA }, officeKey);
  expect(await image(a)).toEqual(PRIVATE);
  expect(await image(b)).toEqual(PRIVATE);
});
