import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';

const env = useTestApi();
let belfort: { id: string };
let montbeliard: { id: string };
let belfortKey: string;
let montbeliardKey: string;
let pole: string;
let partner: string;

async function login(organisationId: string, role: 'ADMIN' | 'EDITOR') {
  const { user, password } = await createUser(env.db.dataSource, { organisationId, role });
  return (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token as string;
}

const inMonths = (months: number, day = 10) => {
  const date = new Date();
  date.setUTCDate(day);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

const event = (title: string, months: number) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: `${inMonths(months)}T20:00`, end: `${inMonths(months)}T22:00` }] },
});

beforeAll(async () => {
  belfort = await createOrganisation(env.db.dataSource, { epciSiren: '200069052', name: 'Office de Belfort' });
  montbeliard = await createOrganisation(env.db.dataSource, { epciSiren: '200065647', name: 'Office de Montbéliard' });
  belfortKey = (await issueApiKey(env.db.dataSource, belfort.id)).key;
  montbeliardKey = (await issueApiKey(env.db.dataSource, montbeliard.id)).key;
  pole = await login((await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, 'ADMIN');
  partner = await login((await createOrganisation(env.db.dataSource, { kind: 'PARTNER' })).id, 'ADMIN');
  for (const [title, months, key] of [['Concert A', 1, belfortKey], ['Concert B', 1, belfortKey], ['Concert C', 2, belfortKey], ['Concert D', 1, montbeliardKey]] as const) {
    const created = await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: event(title, months) }, { token: key });
    if (created.errors) throw new Error(JSON.stringify(created.errors));
  }
  // One of Belfort's events was last touched four months ago.
  await env.db.dataSource.query(`UPDATE event SET updated_at = now() - interval '120 days' WHERE title->>'fr' = 'Concert C'`);
});

const DASHBOARD = `{ dashboard { agenda { months byOrganisationMonth { organisationName month count } withoutImage { organisationName count } staleFor90Days { organisationName count } } review { pendingEvents openDuplicates pendingPartners } kit { weeks byAudience { audience count } } contest { contestTitle } } }`;

test('the Pôle counts every office, month by month, with the events that lack an image or an update', async () => {
  const { dashboard } = (await env.api.graphql(DASHBOARD, {}, { token: pole })).data!;
  expect(dashboard.agenda.months).toHaveLength(12);
  expect(dashboard.agenda.months[5]).toBe(new Date().toISOString().slice(0, 7));
  const month = (months: number) => inMonths(months).slice(0, 7);
  expect(dashboard.agenda.byOrganisationMonth).toEqual(
    expect.arrayContaining([
      { organisationName: 'Office de Belfort', month: month(1), count: 2 },
      { organisationName: 'Office de Belfort', month: month(2), count: 1 },
      { organisationName: 'Office de Montbéliard', month: month(1), count: 1 },
    ]),
  );
  expect(dashboard.agenda.withoutImage).toEqual([{ organisationName: 'Office de Belfort', count: 3 }, { organisationName: 'Office de Montbéliard', count: 1 }]);
  expect(dashboard.agenda.staleFor90Days).toEqual([{ organisationName: 'Office de Belfort', count: 1 }]);
  // Montbéliard's "Concert D" looks like Belfort's two concerts of the same evening, in the same commune.
  expect(dashboard.review).toEqual({ pendingEvents: 0, openDuplicates: 2, pendingPartners: 0 });
  expect(dashboard.kit.weeks).toHaveLength(12);
  expect(dashboard.contest).toBeNull();
});

test.each([
  ['an office', () => montbeliardKey, { agenda: true, review: false, kit: false }],
  ['a partner', () => partner, { agenda: false, review: false, kit: false }],
])('%s sees only its own part, and only its own events', async (_who, token, parts) => {
  const { dashboard } = (await env.api.graphql(DASHBOARD, {}, { token: token() })).data!;
  expect({ agenda: dashboard.agenda !== null, review: dashboard.review !== null, kit: dashboard.kit !== null }).toEqual(parts);
  if (parts.agenda) {
    expect(dashboard.agenda.withoutImage).toEqual([{ organisationName: 'Office de Montbéliard', count: 1 }]);
    expect(dashboard.agenda.byOrganisationMonth.every((row: { organisationName: string }) => row.organisationName === 'Office de Montbéliard')).toBe(true);
  }
});

test('a visitor without an account gets no dashboard', async () => {
  expect((await env.api.graphql(DASHBOARD)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
