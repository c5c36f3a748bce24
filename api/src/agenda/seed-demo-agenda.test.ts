import { DateTime } from 'luxon';
import { useTestApi } from '../../test/api';
import { seedDevelopment } from '../organisations/seed-development';
import { seedDemoAgenda } from './seed-demo-agenda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = useTestApi();

test('the demo agenda is deterministic, spread over the territory and its offices, and idempotent', async () => {
  await seedDevelopment(env.db.dataSource, mkdtempSync(join(tmpdir(), 'nfc-demo-')));
  const anchor = DateTime.fromISO('2030-01-01', { zone: 'Europe/Paris' });
  const first = await seedDemoAgenda(env.db.dataSource, { events: 400, seed: 7, anchor });
  const stats = async () =>
    (await env.db.dataSource.query(`
      SELECT count(*)::int AS events,
             count(DISTINCT commune_insee)::int AS communes,
             count(DISTINCT publisher_id)::int AS publishers,
             count(*) FILTER (WHERE schedule ? 'recurrence' AND schedule->'recurrence' <> 'null')::int AS recurring,
             count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
             count(*) FILTER (WHERE title ? 'de')::int AS german,
             md5(string_agg(slug, ',' ORDER BY slug)) AS fingerprint,
             (SELECT count(*)::int FROM event_occurrence) AS occurrences,
             (SELECT count(*)::int FROM event e JOIN commune c ON c.insee_code = e.commune_insee JOIN organisation o ON o.id = e.publisher_id WHERE o.epci_siren <> c.epci_siren) AS wrong_office
      FROM event`))[0];
  const before = await stats();
  expect(before).toMatchObject({ events: 400, communes: 197, publishers: 5, wrong_office: 0, occurrences: first.occurrences });
  expect(before.recurring).toBeGreaterThan(30);
  expect(before.cancelled).toBeGreaterThan(0);
  expect(before.german).toBeGreaterThan(0);
  await seedDemoAgenda(env.db.dataSource, { events: 400, seed: 7, anchor });
  expect(await stats()).toEqual(before);
  // The same seed gives the same agenda: the fingerprint of the slugs is stable.
  expect(before.fingerprint).toHaveLength(32);
  const { data } = await env.api.graphql(`{ events(filter: { from: "2030-01-01T00:00:00Z" }, first: 5) { totalCount } }`);
  expect(data!.events.totalCount).toBe(first.occurrences);
});
