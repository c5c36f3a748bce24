import { presetRange, readAgendaQuery, toFilter, feedParameters, jsonForScript } from './agenda';

describe('date presets, in Paris time', () => {
  test('today runs to local midnight, across the winter offset', () => {
    expect(presetRange('today', new Date('2026-12-10T15:00:00Z'))).toEqual({ from: '2026-12-10T15:00:00.000Z', to: '2026-12-10T23:00:00.000Z' });
  });
  test('this weekend from a Wednesday is Saturday 00:00 to Monday 00:00 (summer offset)', () => {
    expect(presetRange('weekend', new Date('2026-07-15T10:00:00Z'))).toEqual({ from: '2026-07-17T22:00:00.000Z', to: '2026-07-19T22:00:00.000Z' });
  });
  test('on a Sunday, this weekend is what is left of it', () => {
    expect(presetRange('weekend', new Date('2026-07-19T10:00:00Z'))).toEqual({ from: '2026-07-19T10:00:00.000Z', to: '2026-07-19T22:00:00.000Z' });
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
