import { LANGUAGES } from '@nfc/shared';
import { FEEDS, OPEN_DATA_TEXT, PARAMETERS } from '../i18n/open-data';
import { feedLink, readFeedLinkQuery } from './feed-link';

const API = 'https://api.example.org';
const link = (query: string) => feedLink(API, readFeedLinkQuery(new URLSearchParams(query)));

test('the open-data texts exist in every language, with the same keys', () => {
  const keys = Object.keys(OPEN_DATA_TEXT.fr).sort();
  for (const language of LANGUAGES) {
    expect(Object.keys(OPEN_DATA_TEXT[language]).sort()).toEqual(keys);
    for (const value of Object.values(OPEN_DATA_TEXT[language])) expect(value.trim()).not.toBe('');
    for (const feed of FEEDS) expect(feed.contents[language].trim()).not.toBe('');
    for (const parameter of PARAMETERS) expect(parameter.description[language].trim()).not.toBe('');
  }
});

test.each([
  ['days are Paris days, "to" included (winter)', 'format=csv&du=2026-12-07&au=2026-12-13', `${API}/feeds/agenda.csv?from=2026-12-07T00%3A00%3A00%2B01%3A00&to=2026-12-14T00%3A00%3A00%2B01%3A00`, false],
  ['summer time', 'format=ics&du=2026-07-01', `${API}/feeds/agenda.ics?from=2026-07-01T00%3A00%3A00%2B02%3A00`, false],
  ['across the October change', 'format=rss&au=2026-10-24', `${API}/feeds/agenda.rss?to=2026-10-25T00%3A00%3A00%2B02%3A00`, false],
  ['lang only where the format has texts', 'format=pdf&langue=de&epci=200069052', `${API}/feeds/programme.pdf?epci=200069052&lang=de`, false],
  ['no lang for OpenAgenda (every language)', 'format=openagenda&langue=de&commune=90010', `${API}/feeds/openagenda.json?commune=90010`, false],
  ['a category and an EPCI', 'format=datatourisme&categorie=market&epci=200069052', `${API}/feeds/datatourisme.jsonld?epci=200069052&category=market`, false],
  ['a bad day is left out, and said', 'format=xlsx&du=2026-02-30&au=demain', `${API}/feeds/agenda.xlsx`, true],
  ['malformed filters are dropped', 'format=csv&epci=12&commune=x&categorie=nope&langue=it', `${API}/feeds/agenda.csv`, false],
])('%s', (_case, query, url, badDate) => {
  expect(link(query)).toEqual({ url, badDate });
});

test.each([['format=jsonld'], ['format=nope'], ['']])('no link without a downloadable format (%s)', (query) => {
  expect(link(query)).toBeNull();
});
