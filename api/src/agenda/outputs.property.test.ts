import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { decodeHtml, parseXml, refusedByTheDoor } from '../../test/output-readers';

/**
 * Random Unicode through the agenda's write path (createEvent over HTTP), then every output
 * read with its own format's parser: ical.js for ICS, a strict XML 1.0 parser (saxes, through
 * jsdom's XML mode) for RSS and Atom, JSON.parse and an HTML parser for JSON-LD inside a page,
 * an HTML parser for the Markdown rendering. Text the door refuses must be refused cleanly;
 * any other text must come back equal; and a normal event in the same feeds must stay intact.
 */
const env = useTestApi();
let key: string;
let normalId: string;

const DAY = { from: '2035-06-01T00:00:00Z', to: '2035-06-02T00:00:00Z' };
const NORMAL = { title: 'Concert de référence, Belfort', short: 'Un concert tout à fait normal; entrée libre.' };

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;
const UPSERT = `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "fuzz", events: $e) { ok code eventId } }`;
const READ = `query($id: ID!) { event(id: $id) { title shortDescription longDescription longDescriptionHtml longDescriptionText jsonLd } }`;

function event(title: string, short: string, long: string, start: string) {
  return { title: { fr: title }, shortDescription: { fr: short }, longDescription: { fr: long }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start }] } };
}

beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource)).id)).key;
  const created = await env.api.graphql(CREATE, { i: event(NORMAL.title, NORMAL.short, 'Rien de **spécial**.', '2035-06-01T19:00') }, { token: key });
  normalId = created.data!.createEvent.id;
});


/** The form the API stores: LF, NFC, then trimmed by the service. */
const stored = (text: string) => text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
/** The agenda's own refusal of markup in titles and descriptions (a documented rule, not a failure). */
const looksLikeMarkup = (text: string) => /<\s*\/?\s*[a-z!][^>]*>/i.test(text) || /\]\(\s*(?:javascript|data|vbscript):/i.test(text);

/** Pieces that stress each format: its delimiters, escapes and terminators. */
const HOSTILE = ['\\', ';', ',', ':', '\n', '\r\n', '\r', '\t', ']]>', '<![CDATA[', '&amp;', '&', '"', "'", '</script>', '<!--', '-->', '\u2028', '\u2029', '**', '[lien](javascript:alert(1))', '[site](https://example.org)', '# ', '- ', 'BEGIN:VEVENT', 'END:VCALENDAR', 'e\u0301', '🎸', '\uFEFF', '\u0000', '\u000B', '\u001B', '\u0085', '\uFFFE', '\uD800', '\uDFFF'];
const piece = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 2, arbitrary: fc.string({ maxLength: 6 }) });
const text = (maxPieces: number) => fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((pieces) => pieces.join(''));

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${env.api.url}${path}`);
  return { status: response.status, body: await response.text() };
}


test('random Unicode is refused cleanly or comes back equal through ICS, RSS, Atom, JSON-LD and the Markdown HTML', async () => {
  const { default: ICAL } = await import('ical.js');
  // Calendar apps read the calendar's name (RFC 7986 NAME) as TEXT, with its escapes; ical.js
  // keeps properties it does not know raw unless told their type.
  ICAL.design.defaultSet.property['name'] ??= { defaultType: 'text' };
  let stores = 0;
  let refusals = 0;
  let minute = 0;
  await fc.assert(
    fc.asyncProperty(text(8), text(12), text(20), fc.boolean(), async (rawTitle, rawShort, rawLong, throughUpsert) => {
      // A title must have a letter in it; the rest is as random as it comes.
      const title = `T ${rawTitle}`;
      const short = `S ${rawShort}`;
      const long = `L ${rawLong}`;
      minute += 1;
      const start = `2035-06-01T20:${String(minute % 60).padStart(2, '0')}`;
      // Two write paths: createEvent, and an office system's upsertEvents.
      const response = throughUpsert
        ? await env.api.graphql(UPSERT, { e: [{ externalId: `fuzz-${minute}`, event: event(title, short, long, start) }] }, { token: key })
        : await env.api.graphql(CREATE, { i: event(title, short, long, start) }, { token: key });
      const prefix = throughUpsert ? 'events.0.event' : 'input';
      const refused = [title, short, long].some(refusedByTheDoor);
      if (refused) {
        expect(response.status).toBe(200);
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (response.errors![0]!.extensions!.fields as Array<{ field: string }>).map((f) => f.field);
        const expected = ([['title.fr', title], ['shortDescription.fr', short], ['longDescription.fr', long]] as const).filter(([, value]) => refusedByTheDoor(value)).map(([field]) => `${prefix}.${field}`);
        expect(fields).toEqual(expected);
        refusals += 1;
        return;
      }
      const item = throughUpsert ? response.data?.upsertEvents?.[0] : undefined;
      if (response.errors || (item && !item.ok)) {
        // The only other refusal allowed: the agenda's rule against markup in its texts.
        expect(response.errors?.[0]?.extensions?.code ?? item?.code).toBe('BAD_USER_INPUT');
        expect([title, short, long].some(looksLikeMarkup)).toBe(true);
        return;
      }
      stores += 1;
      const id = (throughUpsert ? item.eventId : response.data!.createEvent.id) as string;
      const want = { title: stored(title), short: stored(short), long: stored(long) };

      // GraphQL gives back what was stored.
      const read = (await env.api.graphql(READ, { id })).data!.event;
      expect({ title: read.title, short: read.shortDescription, long: read.longDescription }).toEqual(want);

      // ICS: the event's own file (its title is the calendar name) and the day's feed.
      const own = await get(`/feeds/events/${id}.ics`);
      expect(own.status).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(own.body));
      const calendarName = want.title.replace(/[\t\n]+/g, ' ').trim();
      // No vendor property where a standard one exists (X-WR-CALNAME beside NAME).
      expect(calendar.hasProperty('x-wr-calname')).toBe(false);
      expect(calendar.getFirstPropertyValue('name')).toBe(calendarName);
      const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect(vevent.summary).toBe(want.title);
      expect(vevent.description).toBe(want.short);
      const feed = new ICAL.Component(ICAL.parse((await get(`/feeds/agenda.ics?from=${DAY.from}&to=${DAY.to}&commune=90010`)).body));
      const events = feed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.find((e) => e.uid.startsWith(id))?.summary).toBe(want.title);
      expect(events.find((e) => e.uid.startsWith(normalId))).toMatchObject({ summary: NORMAL.title, description: NORMAL.short });

      // RSS and Atom: strict XML, the texts equal once decoded, the normal event intact beside.
      for (const format of ['rss', 'atom'] as const) {
        const xml = await get(`/feeds/agenda.${format}?from=${DAY.from}&to=${DAY.to}&commune=90010`);
        expect(xml.status).toBe(200);
        const document = parseXml(xml.body);
        const items = [...document.querySelectorAll(format === 'rss' ? 'item' : 'entry')].map((item) => ({
          link: format === 'rss' ? item.querySelector('link')?.textContent : item.querySelector('link')?.getAttribute('href'),
          title: decodeHtml(item.querySelector('title')?.textContent ?? ''),
          description: decodeHtml(item.querySelector(format === 'rss' ? 'description' : 'summary')?.textContent ?? ''),
        }));
        const mine = items.filter((item) => item.title.startsWith(`${want.title} — `) && item.description === want.short);
        expect(mine.length).toBeGreaterThanOrEqual(1);
        expect(items.some((item) => item.title.startsWith(`${NORMAL.title} — `) && item.description === NORMAL.short)).toBe(true);
      }

      // JSON-LD: plain text equal to the stored one; embedded in a page the way the site does,
      // it reads back unchanged and ends where it should.
      expect(read.jsonLd.name).toBe(want.title);
      expect(read.jsonLd.description).toBe(want.short);
      const embedded = JSON.stringify(read.jsonLd).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const page = new JSDOM(`<!doctype html><head><script type="application/ld+json">${embedded}</script></head><body><p id="after">après</p></body>`).window.document;
      expect(page.querySelectorAll('script')).toHaveLength(1);
      expect(JSON.parse(page.querySelector('script')!.textContent!)).toEqual(read.jsonLd);
      expect(page.getElementById('after')?.textContent).toBe('après');

      // The Markdown, as HTML: only the allow-list, links only to allowed targets, with rel.
      const body = new JSDOM(`<!doctype html><body><div id="d">${read.longDescriptionHtml}</div><p id="after">après</p></body>`).window.document;
      expect(body.getElementById('after')?.textContent).toBe('après');
      for (const element of body.getElementById('d')!.querySelectorAll('*')) {
        expect(['P', 'BR', 'STRONG', 'EM', 'DEL', 'S', 'UL', 'OL', 'LI', 'A', 'BLOCKQUOTE', 'CODE', 'PRE', 'H3', 'H4', 'HR']).toContain(element.tagName);
        for (const attribute of element.getAttributeNames()) expect(['href', 'rel', 'start']).toContain(attribute);
        if (element.tagName === 'A') {
          expect(element.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:|tel:)/i);
          expect(element.getAttribute('rel')).toBe('nofollow noopener');
        }
      }
      expect(typeof read.longDescriptionText).toBe('string');
      expect(refusedByTheDoor(read.longDescriptionText)).toBe(false);
    }),
    { numRuns: 50, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
  // The run exercised both sides of the door.
  expect(stores).toBeGreaterThan(5);
  expect(refusals).toBeGreaterThan(5);
}, 60_000);

test('rows written before the door (control characters already stored) still give feeds that parse', async () => {
  const { default: ICAL } = await import('ical.js');
  const created = await env.api.graphql(CREATE, { i: event('Ancien titre', 'Ancienne description', 'Ancien texte', '2035-06-01T21:30') }, { token: key });
  const id = created.data!.createEvent.id as string;
  const hostile = 'Vieux\u0001titre\u000B\u001B[2J\uFFFE ]]> & \r\nBEGIN:VEVENT';
  // jsonb holds these characters (all but NUL); the door would refuse them today.
  await env.db.dataSource.query(`UPDATE event SET title = jsonb_build_object('fr', $2::text), short_description = jsonb_build_object('fr', $2::text) WHERE id = $1`, [id, hostile]);
  const cleaned = 'Vieuxtitre[2J ]]> & \nBEGIN:VEVENT';

  const own = new ICAL.Component(ICAL.parse((await get(`/feeds/events/${id}.ics`)).body));
  expect(new ICAL.Event(own.getFirstSubcomponent('vevent')!).summary).toBe(cleaned);
  expect(own.getAllSubcomponents('vevent')).toHaveLength(1);
  const feed = new ICAL.Component(ICAL.parse((await get(`/feeds/agenda.ics?from=${DAY.from}&to=${DAY.to}&commune=90010`)).body));
  expect(feed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid.startsWith(normalId))?.summary).toBe(NORMAL.title);
  for (const format of ['rss', 'atom'] as const) {
    const document = parseXml((await get(`/feeds/agenda.${format}?from=${DAY.from}&to=${DAY.to}&commune=90010`)).body);
    const titles = [...document.querySelectorAll(format === 'rss' ? 'item > title' : 'entry > title')].map((title) => decodeHtml(title.textContent ?? ''));
    expect(titles.some((title) => title.startsWith(`${cleaned} — `))).toBe(true);
    expect(titles.some((title) => title.startsWith(`${NORMAL.title} — `))).toBe(true);
  }
  const jsonLd = (await env.api.graphql(READ, { id })).data!.event.jsonLd;
  expect(jsonLd.name).toBe(cleaned);
});
