import { readAgendaQuery, toFilter, feedParameters, jsonForScript } from './agenda';

describe('date presets travel by name, for the API to resolve in Paris time', () => {
  test.each([
    ['quand=today', { when: 'TODAY' }],
    ['quand=weekend', { when: 'THIS_WEEKEND' }],
    ['quand=week', { when: 'NEXT_7_DAYS' }],
    ['quand=upcoming', {}],
    ['quand=tomorrow', {}],
  ])('%s', (search, expected) => {
    expect(toFilter(readAgendaQuery(new URLSearchParams(search)))).toEqual(expected);
  });

  test('the same page asked a minute apart sends the same variables (one cache entry for everyone)', () => {
    for (const search of ['quand=today', 'quand=weekend&gratuit=1', 'du=2026-12-03&au=2026-12-05', 'du=2026-12-10']) {
      const early = toFilter(readAgendaQuery(new URLSearchParams(search)), 'fr', new Date('2026-12-03T09:00:00Z'));
      const later = toFilter(readAgendaQuery(new URLSearchParams(search)), 'fr', new Date('2026-12-03T09:01:30Z'));
      expect([search, later]).toEqual([search, early]);
    }
  });

  test('the calendar link keeps the preset', () => {
    expect(feedParameters(toFilter(readAgendaQuery(new URLSearchParams('quand=weekend&commune=90010'))))).toBe('when=THIS_WEEKEND&commune=90010');
  });
});

test('the URL is the state: filters are read from it and written to the feed link', () => {
  const query = readAgendaQuery(new URLSearchParams('quand=upcoming&epci=200069052&categorie=concert&gratuit=1&q=jazz&epci2=x'));
  expect(query).toMatchObject({ when: 'upcoming', epci: '200069052', category: 'concert', free: true, text: 'jazz' });
  expect(feedParameters(toFilter(query))).toBe('epci=200069052&category=concert&free=true&text=jazz');
  // The German page subscribes to a calendar in German.
  expect(feedParameters(toFilter(query), 'de')).toBe('lang=de&epci=200069052&category=concert&free=true&text=jazz');
  expect(readAgendaQuery(new URLSearchParams('epci=DROP&categorie=<script>')).epci).toBe('');
});

test.each([
  ['fr', undefined],
  ['en', 'en'],
  ['de', 'de'],
] as const)('a search on the %s pages is made in their language', (language, expected) => {
  const query = readAgendaQuery(new URLSearchParams('q=Führungen'));
  expect(toFilter(query, language).language).toBe(expected);
  // No search, no language: the filter (and the cache key) of an unsearched page stays the same.
  expect(toFilter(readAgendaQuery(new URLSearchParams('gratuit=1')), language)).toEqual({ free: true });
});

test.each([
  ['a closing script tag', '</script><script>alert(1)</script>'],
  ['a closing tag in another case', '</ScRiPt >'],
  ['an HTML comment opener', '<!-- <script>'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['ampersands and entities', '&lt;/script&gt; & &amp;'],
])('JSON-LD in a page: %s cannot end or change the script, and reads back unchanged', (_name, text) => {
  const value = { '@type': 'Event', name: text, nested: [{ description: text }] };
  const embedded = jsonForScript(value);
  expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
  expect(JSON.parse(embedded)).toEqual(value);
});

describe('the visitor’s filters, read from the URL', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  test.each<[string, string, Record<string, unknown>]>([
    ['a date range, both days included, in Paris time', 'du=2026-12-10&au=2026-12-12', { from: '2026-12-09T23:00:00.000Z', to: '2026-12-12T23:00:00.000Z' }],
    ['a range across the spring clock change', 'du=2027-03-27&au=2027-03-28', { from: '2027-03-26T23:00:00.000Z', to: '2027-03-28T22:00:00.000Z' }],
    ['a range starting today starts now (the API’s default, so no instant is sent)', 'du=2026-12-03', {}],
    ['a range starting in the past too', 'du=2026-11-20&au=2026-12-05', { to: '2026-12-05T23:00:00.000Z' }],
    ['a range that ends before it starts is its first day', 'du=2026-12-10&au=2026-12-01', { from: '2026-12-09T23:00:00.000Z', to: '2026-12-10T23:00:00.000Z' }],
    ['a day that does not exist is ignored', 'du=2026-02-30&quand=today', { when: 'TODAY' }],
    ['a commune by its INSEE code', 'commune=90010', { commune: '90010' }],
    ['a postal code is not a commune', 'commune=90000x', {}],
    ['an age', 'age=7', { age: 7 }],
    ['an age out of range is ignored', 'age=-3', {}],
    ['several accessibility needs, unknown codes dropped', 'acces=VISUAL&acces=HEARING&acces=TELEPATHY', { accessibility: ['VISUAL', 'HEARING'] }],
    ['the former wheelchair box is the motor code', 'accessible=1', { accessibility: ['MOTOR'] }],
    ['near me with a radius', 'lat=47.6379&lon=6.8628&km=5', { near: { lat: 47.6379, lon: 6.8628, km: 5 } }],
    ['near me without a radius: 10 km', 'lat=47.6379&lon=6.8628', { near: { lat: 47.6379, lon: 6.8628, km: 10 } }],
    ['a point far from France is ignored', 'lat=10&lon=6.8', {}],
  ])('%s', (_case, search, expected) => {
    expect(toFilter(readAgendaQuery(new URLSearchParams(search)), 'fr', now)).toEqual(expected);
  });

  test('the cursors of earlier pages are kept in order, at most twenty', () => {
    const cursors = Array.from({ length: 25 }, (_, i) => `c${i}`);
    expect(readAgendaQuery(new URLSearchParams({ avant: ['-', 'abc', 'def'].join(' ') })).before).toEqual(['-', 'abc', 'def']);
    expect(readAgendaQuery(new URLSearchParams({ avant: cursors.join(' ') })).before).toEqual(cursors.slice(-20));
  });

  test('the calendar link keeps the commune', () => {
    expect(feedParameters(toFilter(readAgendaQuery(new URLSearchParams('commune=25388')), 'fr', now))).toBe('commune=25388');
  });
});
