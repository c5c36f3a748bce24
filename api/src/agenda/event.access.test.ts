import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { agendaCases } from '../../test/access/agenda';

const env = useTestApi({ config: { rateLimit: { uploadsPerMinute: 10_000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('agenda', agendaCases, () => scene);

test("another office's draft, by slug, answers exactly like a slug that does not exist", async () => {
  const draft = await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id slug } }`, {
    i: { title: { fr: 'Brouillon secret' }, categories: ['concert'], isFree: true, draft: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-09-01T20:00' }] } },
  }, { token: scene.principals.agendaKey.token! });
  const { slug } = draft.data!.createEvent;
  const update = (s: string) =>
    env.api.graphql(`mutation($s: String!, $i: EventInput!) { updateEvent(slug: $s, input: $i) { id } }`, { s, i: { title: { fr: 'Pris' }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-09-01T20:00' }] } } }, { token: scene.principals.otherOffice.token! });
  const [theirs, unknown] = [await update(slug), await update('no-such-event-000000')];
  expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect(theirs.errors?.[0]?.message.replace(slug, '<slug>')).toBe(unknown.errors?.[0]?.message.replace('no-such-event-000000', '<slug>'));
  expect(JSON.stringify(theirs)).not.toContain(draft.data!.createEvent.id);
});

test("an office sending another office's external id gets an event of its own; the other's is untouched and its sync goes on", async () => {
  const upsert = `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "apidae", events: $e) { ok created eventId code } }`;
  const item = (title: string) => ({ externalId: 'APIDAE-4242', event: { title: { fr: title }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-10-01T20:00' }] } } });
  // B registers A's public id first; A's own sync must still work.
  const squatted = (await env.api.graphql(upsert, { e: [item('Pris par B')] }, { token: scene.principals.otherOffice.token! })).data!.upsertEvents[0];
  const own = (await env.api.graphql(upsert, { e: [item('Concert de A')] }, { token: scene.principals.agendaKey.token! })).data!.upsertEvents[0];
  expect(own).toMatchObject({ ok: true, created: true, code: null });
  expect(own.eventId).not.toBe(squatted.eventId);
  const again = (await env.api.graphql(upsert, { e: [item('Concert de A, modifié')] }, { token: scene.principals.agendaKey.token! })).data!.upsertEvents[0];
  expect(again).toMatchObject({ ok: true, created: false, eventId: own.eventId });
  const titles = await env.db.dataSource.query(`SELECT id, title->>'fr' AS title FROM event WHERE id = ANY($1) ORDER BY title`, [[own.eventId, squatted.eventId]]);
  expect(titles).toEqual([{ id: own.eventId, title: 'Concert de A, modifié' }, { id: squatted.eventId, title: 'Pris par B' }]);
});
