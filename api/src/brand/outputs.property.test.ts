import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import postcss from 'postcss';
import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { decodeHtml, parseXml, refusedByTheDoor } from '../../test/output-readers';

/**
 * Random Unicode through two more write paths, then every output read with its own format's
 * parser (the same idea as src/agenda/outputs.property.test.ts):
 *
 * - a colour swatch's name (saveColourSwatch, as the Pôle) → /brand/palette.css read with
 *   PostCSS, /brand/palette.scss line by line, /brand/palette.ase read back as UTF-16BE;
 * - an organisation's name (the operator's factory, fed only what the GraphQL door accepts) →
 *   the organiser of its events: JSON-LD's organizer.name, the event's ICS file with ical.js,
 *   and the RSS and Atom feeds with a strict XML 1.0 parser.
 *
 * Text the door refuses must be refused cleanly and change nothing; any other text must come
 * back equal; and a normal swatch, or a normal event, beside it must stay intact.
 */
const env = useTestApi();
let adminToken: string;


/** The text with every code point the door refuses taken out (what a caller who passes the door could send). */
function withoutRefused(text: string): string {
  let out = '';
  for (const char of text) if (!refusedByTheDoor(char)) out += char;
  return out;
}

/** The form the door hands on: LF line ends, NFC. */
const normalised = (text: string) => text.replace(/\r\n?/g, '\n').normalize('NFC');

/** Pieces that stress each format: its delimiters, escapes, comments and terminators. */
const HOSTILE = [
  '*/', '/*', '*/ } body { display: none } :root { /*', '//', '\n', '\r\n', '\r', '\t', '\\', ';', '{', '}', '#{$x}', '@import "x";', '--nfc-x: red;', '$nfc-x: red;',
  ']]>', '<![CDATA[', '&amp;', '&', '<', '"', "'", '</script>', '<!--', '\u2028', '\u2029', 'BEGIN:VEVENT', 'ORGANIZER;CN=x:mailto:x@x', ',', ':',
  'e\u0301', '🎸', '\uFEFF', '\u0000', '\u000B', '\u000C', '\u001B', '\u0085', '\uFFFE', '\uD800', '\uDFFF',
];
const piece = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 2, arbitrary: fc.string({ maxLength: 6 }) });
const text = (maxPieces: number) => fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((pieces) => pieces.join(''));

async function get(path: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(`${env.api.url}${path}`);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}


/**
 * An Adobe Swatch Exchange file read back: each swatch's group (0xC001 with its name … 0xC002)
 * and, inside, its global RGB entry (UTF-16BE, NUL-ended name) and any CMYK or spot entries.
 */
function readAse(ase: Buffer): Array<{ name: string; rgb: number[] }> {
  expect(ase.subarray(0, 4).toString('ascii')).toBe('ASEF');
  expect([ase.readUInt16BE(4), ase.readUInt16BE(6)]).toEqual([1, 0]);
  const count = ase.readUInt32BE(8);
  const entries: Array<{ name: string; rgb: number[] }> = [];
  let at = 12;
  let group: string | null = null;
  const nameOf = (block: Buffer) => {
    const units = block.readUInt16BE(0);
    expect(units).toBeGreaterThan(0);
    // The name's length counts its closing NUL, which is its last unit and its only NUL.
    const raw = Buffer.from(block.subarray(2, 2 + units * 2)).swap16().toString('utf16le');
    expect(raw.indexOf('\u0000')).toBe(units - 1);
    return { name: raw.slice(0, -1), rest: 2 + units * 2 };
  };
  for (let i = 0; i < count; i += 1) {
    const type = ase.readUInt16BE(at);
    const length = ase.readUInt32BE(at + 2);
    const block = ase.subarray(at + 6, at + 6 + length);
    at += 6 + length;
    if (type === 0xc001) {
      expect(group).toBeNull();
      group = nameOf(block).name;
      continue;
    }
    if (type === 0xc002) {
      expect([group !== null, length]).toEqual([true, 0]);
      group = null;
      continue;
    }
    expect(type).toBe(0x0001);
    const { name, rest } = nameOf(block);
    const model = block.subarray(rest, rest + 4).toString('ascii');
    const channels = model === 'CMYK' ? 4 : 3;
    expect(['RGB ', 'CMYK']).toContain(model);
    expect(length).toBe(rest + 4 + channels * 4 + 2);
    // The swatch itself: its RGB, a global colour named as its group.
    if (model === 'RGB ' && block.readUInt16BE(rest + 16) === 0) {
      expect(name).toBe(group);
      entries.push({ name, rgb: [0, 1, 2].map((c) => Math.round(block.readFloatBE(rest + 4 + c * 4) * 255)) });
    }
  }
  // Blocks add up to the file, and every group is closed.
  expect([at, group]).toEqual([ase.length, null]);
  return entries;
}

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

beforeAll(async () => {
  const pole = await createOrganisation(env.db.dataSource, { kind: 'POLE' });
  const { user, password } = await createUser(env.db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  const { data } = await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password });
  adminToken = data!.login.token;
});

const SAVE = `mutation($i: ColourSwatchInput!) { saveColourSwatch(input: $i) { slug } }`;
const PALETTE = `query($lang: Language) { colourPalette(lang: $lang) { slug name hex } }`;

test('random Unicode in a swatch name is refused cleanly or stays inside its comment in CSS and SCSS and comes back equal in ASE', async () => {
  const NORMAL = { slug: 'bleu-reference', hex: '#0b5c8a', name: 'Bleu de référence' };
  const normal = await env.api.graphql(SAVE, { i: { slug: NORMAL.slug, hex: NORMAL.hex, name: { fr: NORMAL.name }, sortOrder: 0 } }, { token: adminToken });
  expect(normal.errors).toBeUndefined();
  // What the palette holds, in its order (sortOrder, here the run): the normal swatch first.
  const palette: Array<{ slug: string; hex: string; name: { fr: string; en?: string; de?: string } }> = [{ slug: NORMAL.slug, hex: NORMAL.hex, name: { fr: NORMAL.name } }];
  let run = 0;
  let stores = 0;
  let refusals = 0;
  await fc.assert(
    fc.asyncProperty(text(8), fc.option(text(6), { nil: undefined }), fc.option(text(6), { nil: undefined }), fc.stringMatching(/^#[0-9a-fA-F]{6}$/), async (rawFr, en, de, hex) => {
      run += 1;
      // French is required (at least one character); the rest is as random as it comes.
      const fr = `N ${rawFr}`;
      const slug = `fuzz-${run}`;
      const name = { fr, ...(en !== undefined ? { en } : {}), ...(de !== undefined ? { de } : {}) };
      const response = await env.api.graphql(SAVE, { i: { slug, hex, name, sortOrder: run } }, { token: adminToken });
      const refused = Object.values(name).some(refusedByTheDoor);
      if (refused) {
        expect(response.status).toBe(200);
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (response.errors![0]!.extensions!.fields as Array<{ field: string }>).map((f) => f.field);
        expect(fields).toEqual(Object.entries(name).filter(([, value]) => refusedByTheDoor(value)).map(([language]) => `input.name.${language}`));
        refusals += 1;
      } else {
        expect(response.errors).toBeUndefined();
        expect(response.data!.saveColourSwatch.map((s: { slug: string }) => s.slug)).toContain(slug);
        palette.push({ slug, hex: hex.toLowerCase(), name: { fr: normalised(fr), ...(en ? { en: normalised(en) } : {}), ...(de ? { de: normalised(de) } : {}) } });
        stores += 1;
      }

      // GraphQL gives back what was stored, in each language (falling back to French).
      for (const lang of ['fr', 'en', 'de'] as const) {
        const read = (await env.api.graphql(PALETTE, { lang })).data!.colourPalette;
        expect(read).toEqual(palette.map((s) => ({ slug: s.slug, hex: s.hex, name: s.name[lang] || s.name.fr })));
      }

      // CSS: read by PostCSS, one :root rule holding one declaration per swatch, each
      // followed by its comment; once comments are removed, nothing but the declarations.
      const css = await get('/brand/palette.css');
      expect(css.status).toBe(200);
      const cssText = css.body.toString('utf8');
      const root = postcss.parse(cssText);
      const rules = root.nodes.filter((node) => node.type !== 'comment');
      expect(rules.map((node) => node.type)).toEqual(['rule']);
      const rule = rules[0] as postcss.Rule;
      expect(rule.selector).toBe(':root');
      const declarations = rule.nodes.filter((node) => node.type !== 'comment');
      expect(declarations.map((d) => (d.type === 'decl' ? { prop: d.prop, value: d.value, important: d.important ?? false } : d.type))).toEqual(
        palette.map((s) => ({ prop: `--nfc-${s.slug}`, value: s.hex, important: false })),
      );
      expect(rule.nodes.map((node) => node.type)).toEqual(palette.flatMap(() => ['decl', 'comment']));
      const outside = cssText.replace(/\/\*[\s\S]*?\*\//g, '');
      expect(outside.replace(/\s+/g, ' ').trim()).toBe(`:root { ${palette.map((s) => `--nfc-${s.slug}: ${s.hex};`).join(' ')} }`);

      // SCSS: a header comment, then exactly one line per swatch, a variable and its line comment.
      const scss = await get('/brand/palette.scss');
      expect(scss.status).toBe(200);
      const lines = scss.body.toString('utf8').split('\n');
      expect(lines[0]).toMatch(/^\/\/ /);
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(1, -1).map((line) => /^\$nfc-([a-z0-9-]+): (#[0-9a-f]{6}); \/\/ (.*)$/.exec(line)?.slice(1, 3))).toEqual(palette.map((s) => [s.slug, s.hex]));
      // No other line break a CSS or Sass reader would see (CR, form feed, U+2028/2029).
      for (const line of lines) expect(line).not.toMatch(/[\r\f\u2028\u2029]/);

      // ASE: the same names, as stored (NFC, LF), and the same colours.
      const ase = await get('/brand/palette.ase');
      expect(ase.status).toBe(200);
      expect(readAse(ase.body)).toEqual(palette.map((s) => ({ name: s.name.fr, rgb: rgbOf(s.hex) })));
    }),
    { numRuns: 40, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
  // The run exercised both sides of the door.
  expect(stores).toBeGreaterThan(3);
  expect(refusals).toBeGreaterThan(3);
}, 60_000);

const DAY = { from: '2036-06-01T00:00:00Z', to: '2036-06-02T00:00:00Z' };
const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;
const READ = `query($id: ID!) { event(id: $id) { title jsonLd } }`;

function event(title: string, start: string) {
  return { title: { fr: title }, shortDescription: { fr: 'Une description tout à fait normale.' }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start }] } };
}

test("random Unicode in an organisation's name comes back equal as its events' organiser, and the feeds still parse", async () => {
  const { default: ICAL } = await import('ical.js');
  const normalOffice = await createOrganisation(env.db.dataSource, { name: 'Office de tourisme de référence' });
  const normalKey = (await issueApiKey(env.db.dataSource, normalOffice.id)).key;
  const NORMAL_TITLE = 'Concert de référence, Belfort';
  const created = await env.api.graphql(CREATE, { i: event(NORMAL_TITLE, '2036-06-01T08:00') }, { token: normalKey });
  const normalId = created.data!.createEvent.id as string;
  let run = 0;
  await fc.assert(
    // Only what the GraphQL door would let through: the factory does not go through it.
    fc.asyncProperty(text(6).map(withoutRefused), async (raw) => {
      run += 1;
      // A distinct start keeps each slug (derived from the name) unique and non-empty.
      const name = normalised(`Office ${run} ${raw}`);
      const office = await createOrganisation(env.db.dataSource, { name });
      // The service trims the name it stores.
      const want = name.trim();
      expect(office.name).toBe(want);
      const key = (await issueApiKey(env.db.dataSource, office.id)).key;
      const title = `Concert numéro ${run}`;
      const response = await env.api.graphql(CREATE, { i: event(title, `2036-06-01T${String(9 + Math.floor(run / 60)).padStart(2, '0')}:${String(run % 60).padStart(2, '0')}`) }, { token: key });
      expect(response.errors).toBeUndefined();
      const id = response.data!.createEvent.id as string;

      // JSON-LD: the organiser is the publishing organisation, its name equal; the JSON
      // text reads back with JSON.parse and, embedded in a page the way the site does, stays whole.
      const read = (await env.api.graphql(READ, { id })).data!.event;
      expect(read.jsonLd.organizer).toEqual({ '@type': 'Organization', name: want });
      const json = JSON.stringify(read.jsonLd);
      expect(JSON.parse(json)).toEqual(read.jsonLd);
      const embedded = json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const page = new JSDOM(`<!doctype html><head><script type="application/ld+json">${embedded}</script></head><body><p id="after">après</p></body>`).window.document;
      expect(page.querySelectorAll('script')).toHaveLength(1);
      expect(JSON.parse(page.querySelector('script')!.textContent!).organizer.name).toBe(want);
      expect(page.getElementById('after')?.textContent).toBe('après');

      // ICS: the event's own file parses; if it names an organiser, it is this one.
      const own = await get(`/feeds/events/${id}.ics`);
      expect(own.status).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(own.body.toString('utf8')));
      const vevents = calendar.getAllSubcomponents('vevent');
      expect(vevents).toHaveLength(1);
      expect(new ICAL.Event(vevents[0]!).summary).toBe(title);
      const organizer = vevents[0]!.getFirstProperty('organizer');
      if (organizer) expect(organizer.getParameter('cn')).toBe(want.replace(/[\t\n]+/g, ' '));
      const feed = new ICAL.Component(ICAL.parse((await get(`/feeds/agenda.ics?from=${DAY.from}&to=${DAY.to}&commune=90010`)).body.toString('utf8')));
      const events = feed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.find((e) => e.uid.startsWith(id))?.summary).toBe(title);
      expect(events.find((e) => e.uid.startsWith(normalId))?.summary).toBe(NORMAL_TITLE);

      // RSS and Atom: strict XML, this event and the normal one there; if an item names an
      // author (the organiser), it is this one.
      for (const format of ['rss', 'atom'] as const) {
        const xml = await get(`/feeds/agenda.${format}?from=${DAY.from}&to=${DAY.to}&commune=90010`);
        expect(xml.status).toBe(200);
        const document = parseXml(xml.body.toString('utf8'));
        const items = [...document.querySelectorAll(format === 'rss' ? 'item' : 'entry')].map((item) => ({
          title: decodeHtml(item.querySelector('title')?.textContent ?? ''),
          author: item.querySelector(format === 'rss' ? 'author' : 'author > name')?.textContent ?? null,
        }));
        const mine = items.filter((item) => item.title.startsWith(`${title} — `));
        expect(mine).toHaveLength(1);
        // Atom's <name> is plain text (the XML parser has decoded it); titles are type="html", decoded once more.
        if (mine[0]!.author !== null) expect(mine[0]!.author).toContain(want);
        expect(items.some((item) => item.title.startsWith(`${NORMAL_TITLE} — `))).toBe(true);
      }
    }),
    { numRuns: 30, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
}, 60_000);
