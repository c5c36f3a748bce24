import sharp from 'sharp';
import { DateTime } from 'luxon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ART_IDS } from '@nfc/shared';
import { useTestApi } from '../../test/api';
import { seedDevelopment } from '../organisations/seed-development';
import { seedDemoAgenda } from './seed-demo-agenda';
import { DEMO_IMAGE_CREDIT, renderDemoIllustration, seedDemoEventImages } from './seed-demo-images';

const env = useTestApi();

test.each(ART_IDS.map((id) => [id]))('the %s illustration renders as a 2-megapixel JPEG without metadata', async (id) => {
  const bytes = await renderDemoIllustration(id, 1920, 1200);
  const meta = await sharp(bytes).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', width: 1920, height: 1200 });
  expect(meta.exif).toBeUndefined();
  // A drawing, not a blank: its pixels vary.
  const { channels } = await sharp(bytes).stats();
  expect(channels.some((channel) => channel.stdev > 20)).toBe(true);
});

test('the demo agenda gets illustrations through the intake, public with their events, most events but not all, once', async () => {
  await seedDevelopment(env.db.dataSource, mkdtempSync(join(tmpdir(), 'nfc-demo-')));
  await seedDemoAgenda(env.db.dataSource, { events: 120, seed: 3, anchor: DateTime.fromISO('2031-01-01', { zone: 'Europe/Paris' }) });
  const first = await seedDemoEventImages(env.db.dataSource, env.api.contest.media);
  const [counts] = await env.db.dataSource.query(
    `SELECT count(*) FILTER (WHERE e.image_media_id IS NOT NULL)::int AS illustrated, count(*)::int AS events,
       count(DISTINCT e.image_media_id)::int AS images, bool_and(e.image_credit = $1 OR e.image_media_id IS NULL) AS credited
     FROM event e WHERE e.deleted_at IS NULL`,
    [DEMO_IMAGE_CREDIT],
  );
  expect(first).toEqual({ images: counts.images, events: counts.illustrated });
  expect(counts.illustrated / counts.events).toBeGreaterThan(0.6);
  expect(counts.illustrated).toBeLessThan(counts.events);
  expect(counts.credited).toBe(true);
  // Through the intake: web variants exist, and the image of a published event is public.
  const [image] = await env.db.dataSource.query(
    `SELECT m.visibility, m.attached_at, (SELECT count(*)::int FROM media_variant v WHERE v.media_id = m.id) AS variants
     FROM media_item m JOIN event e ON e.image_media_id = m.id WHERE e.moderation = 'PUBLISHED' LIMIT 1`,
  );
  expect(image).toMatchObject({ visibility: 'PUBLIC', variants: expect.any(Number) });
  expect(image.variants).toBeGreaterThan(2);
  expect(image.attached_at).not.toBeNull();
  // The API shows it, with its alternative text in the visitor's language and its credit.
  const { data } = await env.api.graphql(`{ events(filter: { from: "2031-01-01T00:00:00Z" }, first: 50) { nodes { event { image(lang: de) { alt credit variants { format } } } } } }`);
  const shown = data!.events.nodes.map((n: any) => n.event.image).find(Boolean);
  expect(shown).toMatchObject({ alt: expect.stringMatching(/^Illustration: /), credit: DEMO_IMAGE_CREDIT });
  expect(new Set(shown.variants.map((v: { format: string }) => v.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
  expect(await seedDemoEventImages(env.db.dataSource, env.api.contest.media)).toEqual({ images: 0, events: 0 });
});
