import sharp from 'sharp';
import { useTestApi } from '../../test/api';
import { seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';

const env = useTestApi();

test('the demo gallery is filled through the contest’s own services: approved, public, credited as illustrations, once', async () => {
  await seedDemoContest(env.db.dataSource, env.api.contest);
  expect(await seedDemoContestEntries(env.db.dataSource, env.api.contest)).toEqual({ entries: 12 });
  const { data, errors } = await env.api.graphql(`{ contestGallery(contest: "reperes-nord-franche-comte", first: 50) { entries { title creditLine altText commune { inseeCode } category { slug } images { format width url } } } }`);
  expect(errors).toBeUndefined();
  const entries = data!.contestGallery.entries;
  expect(entries).toHaveLength(12);
  // Every marker category, communes of every EPCI, and each credited as a demo (the credit shows
  // publicly once the jury has judged blind: it is read where it is kept).
  expect(new Set(entries.map((e: any) => e.category.slug)).size).toBe(6);
  expect(entries.every((e: any) => e.creditLine === null && e.altText.startsWith('Illustration'))).toBe(true);
  const credits: Array<{ credit_line: string }> = await env.db.dataSource.query(`SELECT credit_line FROM contest_entry`);
  expect(credits).toHaveLength(12);
  expect(credits.every((row) => /illustration de démonstration/.test(row.credit_line))).toBe(true);
  const [{ epcis }] = await env.db.dataSource.query(`SELECT count(DISTINCT c.epci_siren)::int AS epcis FROM contest_entry e JOIN commune c ON c.insee_code = e.commune_insee`);
  expect(epcis).toBe(5);
  // Served like any approved photo: the variants are public, and are real pictures of at least 2 megapixels at the source.
  const jpeg = entries[0].images.find((i: any) => i.format === 'jpeg');
  const response = await fetch(new URL(new URL(jpeg.url).pathname, env.api.url));
  expect(response.status).toBe(200);
  expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).format).toBe('jpeg');
  const [{ smallest }] = await env.db.dataSource.query(`SELECT min(m.width * m.height)::int AS smallest FROM contest_entry e JOIN media_item m ON m.id = e.media_id`);
  expect(smallest).toBeGreaterThanOrEqual(2_000_000);
  expect(await seedDemoContestEntries(env.db.dataSource, env.api.contest)).toEqual({ entries: 0 });
});

test.each([
  ['200069052', ['90010']],
  ['200069060', ['90052', '90065']],
  ['200065647', ['25031', '25388']],
  ['249000241', ['90033']],
])('the gallery of one EPCI (%s) holds only the photos taken in its communes', async (epci, communes) => {
  const { data, errors } = await env.api.graphql(`query($e: String) { contestGallery(contest: "reperes-nord-franche-comte", epci: $e, first: 50) { entries { commune { inseeCode } } } }`, { e: epci });
  expect(errors).toBeUndefined();
  expect([...new Set(data!.contestGallery.entries.map((e: any) => e.commune.inseeCode))].sort()).toEqual(communes);
});
