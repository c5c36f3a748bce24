import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

const env = useTestApi();
let key: string;

beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200065647' })).id)).key;
});

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug occurrences { startsAt } } }`;
const UPDATE = `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { sequence } }`;

function market(overrides: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Marché du samedi, Montbéliard' },
    categories: ['market'],
    isFree: true,
    place: { name: 'Place Saint-Martin', communeInsee: '25388', lat: 47.5098, lon: 6.7985 },
    schedule: { allDay: false, recurrence: { start: '2026-10-10T08:00', durationMinutes: 300, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261107', exceptions: ['2026-10-31T08:00'] } },
    ...overrides,
  };
}

async function ics(path: string) {
  const response = await fetch(`${env.api.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

test('an event feed parses in ical.js, with VTIMEZONE, stable UID, rising SEQUENCE, and recurrences matching across the clock change', async () => {
  const { default: ICAL } = await import('ical.js');
  const created = (await env.api.graphql(CREATE, { i: market() }, { token: key })).data!.createEvent;
  const first = await ics(`/feeds/events/${created.id}.ics`);
  expect(first.status).toBe(200);
  expect(first.type).toBe('text/calendar; charset=utf-8');

  const calendar = new ICAL.Component(ICAL.parse(first.text));
  expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
  const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  expect(vevent.uid).toBe(`${created.id}@agenda.nord-franche-comte.fr`);
  expect(vevent.sequence).toBe(0);
  expect(first.text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20261107T225959Z/);

  // Expanded by ical.js, with the VTIMEZONE registered, the dates are exactly ours.
  ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
  const calendarDates: string[] = [];
  const iterator = vevent.iterator();
  for (let next = iterator.next(); next && calendarDates.length < 10; next = iterator.next()) {
    if (vevent.component.getAllProperties('exdate').some((p) => p.getValues().some((v: any) => v.compare(next!) === 0))) continue;
    calendarDates.push(next.toJSDate().toISOString());
  }
  expect(calendarDates).toEqual(created.occurrences.map((o: any) => o.startsAt));
  // 08:00 in Paris: 06:00 UTC before the 25 October change, 07:00 UTC after it.
  expect(calendarDates).toEqual(['2026-10-10T06:00:00.000Z', '2026-10-17T06:00:00.000Z', '2026-10-24T06:00:00.000Z', '2026-11-07T07:00:00.000Z']);

  expect((await env.api.graphql(UPDATE, { id: created.id, i: market({ status: 'CANCELLED' }) }, { token: key })).data!.updateEvent.sequence).toBe(1);
  const after = new ICAL.Event(new ICAL.Component(ICAL.parse((await ics(`/feeds/events/${created.id}.ics`)).text)).getFirstSubcomponent('vevent')!);
  expect(after.uid).toBe(vevent.uid);
  expect(after.sequence).toBe(1);
  expect(after.component.getFirstPropertyValue('status')).toBe('CANCELLED');
});

test('the agenda feed takes the same filters, and keeps cancelled events, marked', async () => {
  const { default: ICAL } = await import('ical.js');
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Concert annulé' }, categories: ['concert'], status: 'CANCELLED', schedule: { allDay: false, dates: [{ start: '2030-06-21T20:00' }] } }) }, { token: key });
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Expo à Belfort' }, categories: ['exhibition'], place: { communeInsee: '90010' }, schedule: { allDay: true, dates: [{ start: '2030-06-21', end: '2030-06-23' }] } }) }, { token: key });
  const feed = await ics('/feeds/agenda.ics?epci=200065647&category=concert&from=2030-01-01T00:00:00Z');
  const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  expect(events.map((e) => e.summary)).toEqual(['Concert annulé']);
  expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  const allDay = new ICAL.Component(ICAL.parse((await ics('/feeds/agenda.ics?commune=90010&from=2030-01-01T00:00:00Z')).text)).getFirstSubcomponent('vevent')!;
  expect(String(allDay.getFirstPropertyValue('dtstart'))).toBe('2030-06-21');
  expect((await ics('/feeds/agenda.ics?epci=12')).status).toBe(400);
  expect((await ics('/feeds/events/00000000-0000-0000-0000-000000000000.ics')).status).toBe(404);
});

test('RSS and Atom list the next dates with the same filters, cancelled ones marked', async () => {
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Récital annulé' }, categories: ['concert'], status: 'CANCELLED', schedule: { allDay: false, dates: [{ start: '2032-03-03T20:00' }] } }) }, { token: key });
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Expo du printemps' }, categories: ['exhibition'], schedule: { allDay: false, dates: [{ start: '2032-03-03T10:00' }] } }) }, { token: key });
  for (const [format, type, root] of [['rss', 'application/rss+xml', '<rss'], ['atom', 'application/atom+xml', '<feed']]) {
    const response = await fetch(`${env.api.url}/feeds/agenda.${format}?category=concert&from=2032-01-01T00:00:00Z`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    const xml = await response.text();
    expect(xml).toContain(root);
    expect(xml).toContain('ANNULÉ — Récital annulé');
    expect(xml).not.toContain('Expo du printemps');
  }
});
