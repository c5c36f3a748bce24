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
