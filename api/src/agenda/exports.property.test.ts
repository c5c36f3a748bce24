import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import jsonld from 'jsonld';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { refusedByTheDoor } from '../../test/output-readers';

/**
 * Random Unicode through createEvent, then every export read back with its own format's
 * reader: csv-parse, exceljs, JSON.parse (OpenAgenda), the JSON-LD processor (DATAtourisme).
 * Texts the door takes come back equal, apart from the spreadsheets' documented apostrophe
 * before a leading = + - @; a normal event beside stays intact.
 */
const env = useTestApi();
let key: string;
const NORMAL = 'Concert de référence';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

const stored = (text: string) => text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
const looksLikeMarkup = (text: string) => /<\s*\/?\s*[a-z!][^>]*>/i.test(text) || /\]\(\s*(?:javascript|data|vbscript):/i.test(text);
const spreadsheet = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const HOSTILE = ['"', '""', ',', ';', '\n', '\r\n', '\t', "'", '\\', '=', '+', '-', '@', '=SUM(A1)', '@cmd', '\uFEFF', 'ß', 'é', 'e\u0301', '🎸', '\u2028', '<', '&', ']]>', '\u0000', '\uD800'];
const piece = fc.oneof({ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 5 }) }, { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) });
const text = (max: number) => fc.array(piece, { minLength: 1, maxLength: max }).map((pieces) => pieces.join(''));
// Some titles start with a formula character: the spreadsheets must neutralise them.
const lead = fc.constantFrom('', '=', '+', '-', '@');

beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource)).id)).key;
  await env.api.graphql(CREATE, { i: event(NORMAL, 'Normal, "vraiment".', '2036-03-01T18:00') }, { token: key });
});

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;
function event(title: string, short: string, start: string) {
  return { title: { fr: title }, shortDescription: { fr: short }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start }] } };
}

test('random Unicode comes back equal through CSV, XLSX, OpenAgenda JSON and DATAtourisme JSON-LD', async () => {
  let minute = 0;
  let stores = 0;
  await fc.assert(
    fc.asyncProperty(lead, text(8), text(10), async (first, rawTitle, rawShort) => {
      const title = `${first}T ${rawTitle}`;
      const short = `S ${rawShort}`;
      minute += 1;
      const start = `2036-03-01T19:${String(minute % 60).padStart(2, '0')}`;
      const response = await env.api.graphql(CREATE, { i: event(title, short, start) }, { token: key });
      if ([title, short].some(refusedByTheDoor) || response.errors) {
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        if (!response.errors?.[0]?.extensions?.fields || ![title, short].some(refusedByTheDoor)) expect([title, short].some(looksLikeMarkup)).toBe(true);
        return;
      }
      stores += 1;
      const id = response.data!.createEvent.id as string;
      const want = { title: stored(title), short: stored(short) };
      const window = `from=2036-03-01T00:00:00Z&to=2036-03-02T00:00:00Z&commune=90010`;

      const csv: string[][] = parse(Buffer.from(await (await fetch(`${env.api.url}/feeds/agenda.csv?${window}`)).arrayBuffer()), { bom: true });
      const [header, ...rows] = csv;
      const [t, s] = [header!.indexOf('Titre'), header!.indexOf('Description courte')];
      expect(rows.some((row) => row[t] === spreadsheet(want.title) && row[s] === spreadsheet(want.short))).toBe(true);
      expect(rows.some((row) => row[t] === NORMAL && row[s] === 'Normal, "vraiment".')).toBe(true);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await (await fetch(`${env.api.url}/feeds/agenda.xlsx?${window}`)).arrayBuffer()) as any);
      const cells: Array<[unknown, unknown]> = [];
      workbook.worksheets[0]!.eachRow((row, n) => n > 1 && cells.push([row.getCell(t + 1).value, row.getCell(s + 1).value]));
      expect(cells).toContainEqual([spreadsheet(want.title), spreadsheet(want.short)]);
      expect(cells).toContainEqual([NORMAL, 'Normal, "vraiment".']);

      const agenda = (await (await fetch(`${env.api.url}/feeds/openagenda.json?${window}`)).json()) as any;
      expect(agenda.events.find((e: any) => e.uid === id)).toMatchObject({ title: { fr: want.title }, description: { fr: want.short } });

      const expanded = (await jsonld.expand((await (await fetch(`${env.api.url}/feeds/datatourisme.jsonld?${window}`)).json()) as any)) as any[];
      const labels = expanded.flatMap((node) => (node[RDFS_LABEL] ?? []).map((v: { '@value': string }) => v['@value']));
      expect(labels).toContain(want.title);
      expect(labels).toContain(NORMAL);
    }),
    { numRuns: 25, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
  // The property is about stored texts: most runs must get that far.
  expect(stores).toBeGreaterThan(5);
});
