import { DateTime } from 'luxon';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { parseXml, validateFeed } from '../../test/output-readers';
import { EventFilter } from './event.types';
import { feedCacheKey, feedWindow } from './feeds.routes';

const env = useTestApi();
let key: string;

beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200065647' })).id)).key;
});

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug occurrences { startsAt } } }`;
const UPDATE = `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { sequence } }`;

function market(overrides: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Marché du samedi, Montbéliard', en: 'Saturday market, Montbéliard' },
    categories: ['market'],
    isFree: true,
    place: { name: 'Place Saint-Martin', communeInsee: '25388', lat: 47.5098, lon: 6.7985 },
    schedule: { allDay: false, recurrence: { start: '2026-10-10T08:00', durationMinutes: 300, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261107', exceptions: ['2026-10-31T08:00'] } },
    ...overrides,
  };
}

async function get(path: string) {
  const response = await fetch(`${env.api.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, text: await response.text() };
}

/** The next page's path, from Link rel=next (on the API's public address, which the test server is not). */
function nextPath(link: string | null): string | null {
  const next = /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];
  return next ? `${new URL(next).pathname}${new URL(next).search}` : null;
}

interface Expanded {
  sequence: number;
  components: number;
  occurrences: Array<{ start: string; end: string }>;
}

/**
 * An ICS as a calendar reads it, with ical.js: VTIMEZONE registered, each UID's master with its
 * overrides (RECURRENCE-ID) related, every instance expanded. Timed instants as UTC ISO strings,
 * all-day dates as dates.
 */
async function expandIcs(text: string): Promise<Map<string, Expanded>> {
  const { default: ICAL } = await import('ical.js');
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const byUid = new Map<string, InstanceType<typeof ICAL.Component>[]>();
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const uid = String(component.getFirstPropertyValue('uid'));
    byUid.set(uid, [...(byUid.get(uid) ?? []), component]);
  }
  const result = new Map<string, Expanded>();
  for (const [uid, components] of byUid) {
    const masters = components.filter((c) => !c.hasProperty('recurrence-id'));
    expect(masters).toHaveLength(1);
    const master = new ICAL.Event(masters[0]!);
    for (const component of components) if (component !== masters[0]) master.relateException(new ICAL.Event(component));
    const occurrences: Array<{ start: string; end: string }> = [];
    const iterator = master.iterator();
    for (let next = iterator.next(); next && occurrences.length < 2000; next = iterator.next()) {
      const details = master.getOccurrenceDetails(next);
      occurrences.push(
        details.startDate.isDate
          ? { start: details.startDate.toString(), end: details.endDate.toString() }
          : { start: details.startDate.toJSDate().toISOString(), end: details.endDate.toJSDate().toISOString() },
      );
    }
    result.set(uid, { sequence: master.sequence, components: components.length, occurrences: occurrences.sort((a, b) => a.start.localeCompare(b.start)) });
  }
  return result;
}

/** What the database holds for an event, in the same shape. */
async function stored(id: string, allDay: boolean): Promise<Array<{ start: string; end: string }>> {
  const rows: Array<{ starts_at: Date; ends_at: Date }> = await env.db.dataSource.query(`SELECT starts_at, ends_at FROM event_occurrence WHERE event_id = $1 ORDER BY starts_at`, [id]);
  const day = (date: Date) => DateTime.fromJSDate(date, { zone: 'Europe/Paris' }).toISODate()!;
  return rows.map((row) => (allDay ? { start: day(row.starts_at), end: day(row.ends_at) } : { start: row.starts_at.toISOString(), end: row.ends_at.toISOString() }));
}

const CASES: Array<{ name: string; schedule: Record<string, unknown>; expect?: string[] }> = [
  {
    name: 'explicit dates of different lengths',
    schedule: { allDay: false, dates: [{ start: '2027-05-01T20:00', end: '2027-05-01T22:00' }, { start: '2027-05-08T20:00', end: '2027-05-08T23:30' }, { start: '2027-05-15T20:00', end: '2027-05-15T22:00' }] },
  },
  {
    name: 'a weekly rule across both clock changes',
    schedule: { allDay: false, recurrence: { start: '2027-03-20T10:00', durationMinutes: 90, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20271106' } },
  },
  { name: 'all-day explicit dates', schedule: { allDay: true, dates: [{ start: '2027-06-21', end: '2027-06-23' }, { start: '2027-07-01' }, { start: '2027-10-30', end: '2027-10-31' }] } },
  { name: 'an all-day weekly rule', schedule: { allDay: true, recurrence: { start: '2027-03-27', durationMinutes: 0, rule: 'FREQ=WEEKLY;COUNT=3' } } },
  {
    name: 'exceptions and additions',
    schedule: { allDay: false, recurrence: { start: '2027-09-05T15:00', durationMinutes: 120, rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=6', exceptions: ['2027-09-19T15:00'], additions: ['2027-09-22T18:00'] } },
  },
  // 02:30 on 28 March 2027 does not exist in Paris: stored as 03:30 CEST, 01:30 UTC (RFC 5545 §3.3.5).
  { name: 'an explicit date in the spring-forward gap', schedule: { allDay: false, dates: [{ start: '2027-03-28T02:30', end: '2027-03-28T04:00' }] }, expect: ['2027-03-28T01:30:00.000Z'] },
  {
    name: 'a rule whose occurrence falls in the spring-forward gap',
    schedule: { allDay: false, recurrence: { start: '2027-03-21T02:30', durationMinutes: 60, rule: 'FREQ=WEEKLY;COUNT=3' } },
    expect: ['2027-03-21T01:30:00.000Z', '2027-03-28T01:30:00.000Z', '2027-04-04T00:30:00.000Z'],
  },
  // The rule runs on the time as written: only the date in the gap moves, the next day is 02:30 again.
  {
    name: 'a rule that starts in the spring-forward gap',
    schedule: { allDay: false, recurrence: { start: '2027-03-28T02:30', durationMinutes: 60, rule: 'FREQ=DAILY;COUNT=2' } },
    expect: ['2027-03-28T01:30:00.000Z', '2027-03-29T00:30:00.000Z'],
  },
  // 02:30 on 31 October 2027 happens twice: whichever the schedule chose, the feed says that instant.
  { name: 'an explicit date in the repeated autumn hour', schedule: { allDay: false, dates: [{ start: '2027-10-24T02:30' }, { start: '2027-10-31T02:30' }] } },
  { name: 'a rule through the repeated autumn hour', schedule: { allDay: false, recurrence: { start: '2027-10-24T02:30', durationMinutes: 45, rule: 'FREQ=WEEKLY;COUNT=3' } } },
];

test.each(CASES)('ICS of $name: ical.js expands it to exactly our stored dates, under one UID', async ({ schedule, expect: starts }) => {
  const created = await env.api.graphql(CREATE, { i: market({ schedule }) }, { token: key });
  expect(created.errors).toBeUndefined();
  const { id } = created.data!.createEvent;
  const feed = await get(`/feeds/events/${id}.ics`);
  expect(feed.status).toBe(200);
  const expanded = await expandIcs(feed.text);
  expect([...expanded.keys()]).toEqual([`${id}@agenda.nord-franche-comte.fr`]);
  const want = await stored(id, Boolean(schedule.allDay));
  expect(expanded.get(`${id}@agenda.nord-franche-comte.fr`)!.occurrences).toEqual(want);
  if (starts) expect(want.map((o) => o.start)).toEqual(starts);
});

test('an event feed: VTIMEZONE, UTC timestamps, no vendor property, labels in the language, and cancelling keeps the UID with a higher SEQUENCE', async () => {
  const { default: ICAL } = await import('ical.js');
  const created = (await env.api.graphql(CREATE, { i: market() }, { token: key })).data!.createEvent;
  const first = await get(`/feeds/events/${created.id}.ics`);
  expect(first.status).toBe(200);
  expect(first.type).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(first.text));
  expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
  expect(first.text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20261107T225959Z/);
  // RFC 5545 §3.8.7: DTSTAMP, CREATED and LAST-MODIFIED are UTC.
  for (const name of ['DTSTAMP', 'CREATED', 'LAST-MODIFIED']) expect(first.text).toMatch(new RegExp(`^${name}:\\d{8}T\\d{6}Z\\r$`, 'm'));
  expect(first.text).not.toMatch(/^X-/m);
  expect(first.text).toMatch(/^CATEGORIES:Marché\r$/m);
  expect((await get(`/feeds/events/${created.id}.ics?lang=en`)).text).toMatch(/^CATEGORIES:Market\r$/m);
  expect((await get(`/feeds/events/${created.id}.ics?lang=en`)).text).toMatch(/^SUMMARY:Saturday market\\, Montbéliard\r$/m);
  const before = (await expandIcs(first.text)).get(`${created.id}@agenda.nord-franche-comte.fr`)!;
  expect(before.sequence).toBe(0);
  // 08:00 in Paris: 06:00 UTC before the 25 October change, 07:00 UTC after it; the 31st is excepted.
  expect(before.occurrences.map((o) => o.start)).toEqual(['2026-10-10T06:00:00.000Z', '2026-10-17T06:00:00.000Z', '2026-10-24T06:00:00.000Z', '2026-11-07T07:00:00.000Z']);

  expect((await env.api.graphql(UPDATE, { id: created.id, i: market({ status: 'CANCELLED' }) }, { token: key })).data!.updateEvent.sequence).toBe(1);
  const text = (await get(`/feeds/events/${created.id}.ics`)).text;
  const after = (await expandIcs(text)).get(`${created.id}@agenda.nord-franche-comte.fr`)!;
  expect(after.sequence).toBe(1);
  expect(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
});

test('a rescheduled event keeps its UID: the SEQUENCE rises and the feed holds only the new dates', async () => {
  const schedule = (dates: string[]) => ({ allDay: false, dates: dates.map((start) => ({ start })) });
  const input = (overrides: Record<string, unknown>) => market({ title: { fr: 'Concert reporté, Audincourt' }, categories: ['concert'], ...overrides });
  const created = (await env.api.graphql(CREATE, { i: input({ schedule: schedule(['2028-05-06T20:30', '2028-05-07T17:00']) }) }, { token: key })).data!.createEvent;
  const uid = `${created.id}@agenda.nord-franche-comte.fr`;
  const window = '/feeds/agenda.ics?category=concert&commune=25388&from=2028-01-01T00:00:00Z&to=2028-12-31T00:00:00Z';
  const before = await expandIcs((await get(window)).text);
  expect(before.get(uid)!.sequence).toBe(0);
  expect((await env.api.graphql(UPDATE, { id: created.id, i: input({ status: 'RESCHEDULED', schedule: schedule(['2028-06-10T20:30', '2028-06-11T17:00']) }) }, { token: key })).errors).toBeUndefined();
  const after = await expandIcs((await get(window)).text);
  expect([...after.keys()]).toEqual([uid]);
  expect(after.get(uid)!.sequence).toBe(1);
  expect(after.get(uid)!.occurrences).toEqual(await stored(created.id, false));
  expect(after.get(uid)!.occurrences.map((o) => o.start)).toEqual(['2028-06-10T18:30:00.000Z', '2028-06-11T15:00:00.000Z']);
});

test('the agenda feed takes the same filters, keeps cancelled events marked, and states its window', async () => {
  const { default: ICAL } = await import('ical.js');
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Concert annulé' }, categories: ['concert'], status: 'CANCELLED', schedule: { allDay: false, dates: [{ start: '2030-06-21T20:00' }] } }) }, { token: key });
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Expo à Belfort' }, categories: ['exhibition'], place: { communeInsee: '90010' }, schedule: { allDay: true, dates: [{ start: '2030-06-21', end: '2030-06-23' }] } }) }, { token: key });
  const feed = await get('/feeds/agenda.ics?epci=200065647&category=concert&from=2030-01-01T00:00:00Z');
  const events = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  expect(events.map((e) => e.summary)).toEqual(['Concert annulé']);
  expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  // No "to": twelve months from "from"; a later "to" is brought back to that bound.
  expect(feed.headers.get('x-window')).toBe('2030-01-01T00:00:00.000Z/2031-01-01T00:00:00.000Z');
  expect((await get('/feeds/agenda.ics?from=2030-01-01T00:00:00Z&to=2040-01-01T00:00:00Z')).headers.get('x-window')).toBe('2030-01-01T00:00:00.000Z/2031-01-01T00:00:00.000Z');
  const allDay = new ICAL.Component(ICAL.parse((await get('/feeds/agenda.ics?commune=90010&from=2030-01-01T00:00:00Z')).text)).getFirstSubcomponent('vevent')!;
  expect(String(allDay.getFirstPropertyValue('dtstart'))).toBe('2030-06-21');
  expect((await get('/feeds/agenda.ics?epci=12')).status).toBe(400);
  expect((await get('/feeds/agenda.ics?lang=xx')).status).toBe(400);
  // A preset by name, as the website's calendar links send it: resolved now, in Paris time.
  const weekend = await get('/feeds/agenda.ics?when=THIS_WEEKEND');
  expect(weekend.status).toBe(200);
  const [windowFrom, windowTo] = weekend.headers.get('x-window')!.split('/').map((iso) => DateTime.fromISO(iso).setZone('Europe/Paris'));
  expect(windowTo!.weekday).toBe(1);
  expect(windowTo!.toFormat('HH:mm')).toBe('00:00');
  expect(windowTo!.diff(windowFrom!, 'days').days).toBeLessThanOrEqual(2);
  const bad = await get('/feeds/agenda.ics?when=NEXT_YEAR');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('BAD_USER_INPUT');
  expect((await get('/feeds/events/00000000-0000-0000-0000-000000000000.ics')).status).toBe(404);
});

test('the agenda ICS pages by Link rel=next: followed to the end, every event once and every date of the window once', async () => {
  // Every hour (the agenda takes daily rules at the finest, with their hours).
  const hourly = (start: string) => ({ allDay: false, recurrence: { start, durationMinutes: 30, rule: `FREQ=DAILY;BYHOUR=${Array.from({ length: 24 }, (_, h) => h).join(',')};COUNT=800` } });
  const ids: string[] = [];
  for (const schedule of [hourly('2031-01-05T00:00'), hourly('2031-01-06T00:00'), hourly('2031-01-28T00:00'), { allDay: false, dates: [{ start: '2031-01-10T20:00' }, { start: '2031-03-01T20:00' }] }]) {
    const created = await env.api.graphql(CREATE, { i: market({ title: { fr: 'Course horaire' }, categories: ['sport'], schedule }) }, { token: key });
    expect(created.errors).toBeUndefined();
    ids.push(created.data!.createEvent.id);
  }
  const from = new Date('2031-01-01T00:00:00Z');
  const to = new Date('2031-02-01T00:00:00Z');
  let path: string | null = `/feeds/agenda.ics?category=sport&commune=25388&from=${from.toISOString()}&to=${to.toISOString()}`;
  const seen: string[] = [];
  const dates: string[] = [];
  let results = 0;
  let total = 0;
  let pages = 0;
  while (path) {
    const page = await get(path);
    expect(page.status).toBe(200);
    pages += 1;
    total = Number(page.headers.get('x-total-count'));
    results += Number(page.headers.get('x-result-count'));
    for (const [uid, event] of await expandIcs(page.text)) {
      seen.push(uid);
      dates.push(...event.occurrences.filter((o) => new Date(o.end) >= from && new Date(o.start) < to).map((o) => `${uid} ${o.start}`));
    }
    path = nextPath(page.headers.get('link'));
  }
  expect(pages).toBe(2);
  expect(seen.sort()).toEqual(ids.map((id) => `${id}@agenda.nord-franche-comte.fr`).sort());
  const want: string[] = [];
  for (const id of ids) want.push(...(await stored(id, false)).filter((o) => new Date(o.end) >= from && new Date(o.start) < to).map((o) => `${id}@agenda.nord-franche-comte.fr ${o.start}`));
  expect(dates.sort()).toEqual(want.sort());
  expect(results).toBe(total);
  expect(total).toBe(want.length);
});

test('RSS and Atom validate, name their author and category terms, link to where they are served, and page to the end (RFC 5005)', async () => {
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Récital annulé' }, categories: ['concert'], status: 'CANCELLED', schedule: { allDay: false, dates: [{ start: '2032-03-03T20:00' }] } }) }, { token: key });
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Expo du printemps' }, categories: ['exhibition'], schedule: { allDay: false, dates: [{ start: '2032-03-03T10:00' }] } }) }, { token: key });
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Concert quotidien & co' }, categories: ['concert'], organiserName: 'Les Amis du Kiosque', schedule: { allDay: false, recurrence: { start: '2032-03-04T18:00', durationMinutes: 60, rule: 'FREQ=DAILY;COUNT=150' } } }) }, { token: key });
  for (const [format, type] of [['rss', 'application/rss+xml'], ['atom', 'application/atom+xml']] as const) {
    const query = `category=concert&from=2032-01-01T00:00:00Z&to=2033-01-01T00:00:00Z`;
    let path: string | null = `/feeds/agenda.${format}?${query}`;
    const ids: string[] = [];
    let pages = 0;
    let total = 0;
    while (path) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.type).toContain(type);
      expect(await validateFeed(response.text, format)).toEqual([]);
      const document = parseXml(response.text);
      const self = format === 'atom' ? document.querySelector('feed > link[rel="self"]') : document.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')[0];
      // Where it is served: the API's public URL, the path, and the query the feed read.
      const url = new URL(self!.getAttribute('href')!);
      const asked = new URL(path, 'http://x');
      expect(url.pathname).toBe(asked.pathname);
      expect([...url.searchParams].sort()).toEqual([...asked.searchParams].sort());
      expect(url.origin).toBe(new URL(process.env.PUBLIC_API_URL ?? `http://localhost:${process.env.API_PORT ?? 4000}`).origin);
      const items = [...document.querySelectorAll(format === 'rss' ? 'item' : 'entry')];
      if (pages === 0) {
        expect(response.text).toContain('ANNULÉ — Récital annulé');
        expect(response.text).not.toContain('Expo du printemps');
        if (format === 'atom') {
          // RFC 4287 §4.1.1: an author on the feed (or on every entry); category terms are our ids.
          expect(document.querySelector('feed > author > name')?.textContent).toBe('Pôle métropolitain Nord Franche-Comté');
          expect(items.every((entry) => entry.querySelector('category')?.getAttribute('term') === 'concert' && entry.querySelector('category')?.getAttribute('label') === 'Concert')).toBe(true);
          expect(items.some((entry) => entry.querySelector('author > name')?.textContent === 'Les Amis du Kiosque')).toBe(true);
        } else {
          expect(items.every((item) => item.querySelector('category')?.textContent === 'Concert')).toBe(true);
        }
      }
      ids.push(...items.map((item) => item.querySelector(format === 'rss' ? 'guid' : 'id')!.textContent!));
      total = Number(response.headers.get('x-total-count'));
      const next = format === 'atom' ? document.querySelector('feed > link[rel="next"]')?.getAttribute('href') : [...document.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')].find((l) => l.getAttribute('rel') === 'next')?.getAttribute('href');
      expect(next ?? null).toBe(response.headers.get('link')?.match(/<([^>]+)>; rel="next"/)?.[1] ?? null);
      path = nextPath(response.headers.get('link'));
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(total).toBe(151);
    expect(new Set(ids).size).toBe(151);
    expect(ids).toHaveLength(151);
  }
});

test('the feed validator refuses what the grammars refuse (so a passing feed means something)', async () => {
  await env.api.graphql(CREATE, { i: market({ title: { fr: 'Concert témoin' }, categories: ['concert'], organiserName: 'Témoin', schedule: { allDay: false, dates: [{ start: '2032-02-02T20:00' }] } }) }, { token: key });
  const atom = (await get('/feeds/agenda.atom?from=2032-01-01T00:00:00Z&category=concert')).text;
  const rss = (await get('/feeds/agenda.rss?from=2032-01-01T00:00:00Z&category=concert')).text;
  expect(await validateFeed(atom, 'atom')).toEqual([]);
  expect(await validateFeed(atom.replace(/<id>[^<]*<\/id>/, ''), 'atom')).not.toEqual([]);
  expect(await validateFeed(atom.replace(/<updated>[^<]*</, '<updated>yesterday<'), 'atom')).not.toEqual([]);
  expect(await validateFeed(rss.replace(/<description>[^<]*<\/description>/, ''), 'rss')).not.toEqual([]);
  expect(await validateFeed(rss.replace(/<pubDate>[^<]*</, '<pubDate>2032-03-03<'), 'rss')).not.toEqual([]);
  expect(await validateFeed(rss.replace('<dc:creator>', '<author>').replace('</dc:creator>', '</author>'), 'rss')).not.toEqual([]);
});

test('the window is bounded and the page cursor and language are part of the cache key', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  expect(feedWindow(new EventFilter(), now)).toEqual({ from: now, to: new Date('2027-12-02T10:00:00Z') });
  expect(feedWindow(Object.assign(new EventFilter(), { to: new Date('2027-01-01T00:00:00Z') }), now).to).toEqual(new Date('2027-01-01T00:00:00Z'));
  expect(feedWindow(Object.assign(new EventFilter(), { to: new Date('2030-01-01T00:00:00Z') }), now).to).toEqual(new Date('2027-12-02T10:00:00Z'));
  const key = (query: Record<string, string>) => feedCacheKey('/feeds/agenda.atom', { query } as any);
  expect(key({ after: 'abc' })).not.toBe(key({}));
  expect(key({ lang: 'en' })).not.toBe(key({}));
  expect(key({ junk: 'x' })).toBe(key({}));
});
