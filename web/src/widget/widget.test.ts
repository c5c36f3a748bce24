import { formatWhen } from './format';
import { notModified, publicFileHeaders, withApiUrl } from './serve';
import { pickLanguage, TEXTS } from './texts';

describe('formatWhen: the reader’s language, Paris time', () => {
  test.each([
    // Winter (UTC+1) and summer (UTC+2): 09:00 UTC is 10:00 and 11:00 in Paris.
    ['fr', '2026-12-05T09:00:00Z', '2026-12-05T11:00:00Z', false, 'Europe/Paris', /^samedi 5 décembre 2026.*10:00.*12:00$/],
    ['de', '2026-07-04T09:00:00Z', '2026-07-04T10:30:00Z', false, 'Europe/Paris', /^Samstag, 4\. Juli 2026.*11:00.*12:30 Uhr$/],
    ['en', '2026-07-04T09:00:00Z', '2026-07-04T10:30:00Z', false, 'Europe/Paris', /^Saturday.*4 July 2026.*11:00.*12:30$/],
    // A reader in another zone still reads Paris times, and is told so.
    ['en', '2026-12-05T09:00:00Z', '2026-12-05T11:00:00Z', false, 'America/New_York', /10:00.*12:00.*(CET|GMT\+1|UTC\+1)/],
    // A day-long event: its days only, and the end's midnight is not a day of it.
    ['fr', '2026-12-04T23:00:00Z', '2026-12-05T23:00:00Z', true, 'Europe/Paris', /^samedi 5 décembre 2026$/],
    ['de', '2026-12-04T23:00:00Z', '2026-12-06T23:00:00Z', true, 'Europe/Paris', /^Samstag, 5\.\s*–\s*Sonntag, 6\. Dezember 2026$/],
  ] as const)('%s %s → %s', (language, startsAt, endsAt, allDay, readerTimeZone, expected) => {
    expect(formatWhen({ language, startsAt, endsAt, allDay, readerTimeZone }).replace(/\u202f|\u2009/g, ' ')).toMatch(expected);
  });
});

describe('pickLanguage', () => {
  test.each([
    [['de', 'fr'], 'de'],
    [[null, 'en-GB'], 'en'],
    [[undefined, '', 'it', 'de-CH'], 'de'],
    [['es', 'it'], 'fr'],
    [[], 'fr'],
  ] as const)('%j → %s', (candidates, expected) => {
    expect(pickLanguage(...candidates)).toBe(expected);
  });

  test('every text exists in the three languages, with the same placeholders', () => {
    for (const key of Object.keys(TEXTS.fr) as Array<keyof typeof TEXTS.fr>) {
      const placeholders = (value: string) => value.match(/\{\w+\}/g)?.sort() ?? [];
      expect(placeholders(TEXTS.en[key])).toEqual(placeholders(TEXTS.fr[key]));
      expect(placeholders(TEXTS.de[key])).toEqual(placeholders(TEXTS.fr[key]));
    }
  });
});

describe('serving the bundle', () => {
  test.each([
    ['const a="__NFC_API_URL__";', 'https://api.nordfranchecomte.fr/', 'const a="https://api.nordfranchecomte.fr";'],
    ["const a='__NFC_API_URL__';", 'http://127.0.0.1:4000', 'const a="http://127.0.0.1:4000";'],
  ])('writes the API origin in place of the marker: %s', (bundle, url, expected) => {
    expect(withApiUrl(bundle, url)).toBe(expected);
  });

  test.each([
    ['no marker', 'const a=1;', 'https://api.example'],
    ['two markers', '"__NFC_API_URL__"+"__NFC_API_URL__"', 'https://api.example'],
    ['not a URL', '"__NFC_API_URL__"', 'nowhere'],
  ])('refuses %s', (_case, bundle, url) => {
    expect(() => withApiUrl(bundle, url)).toThrow();
  });

  test('an ETag the browser sends back gets a 304', () => {
    const headers = publicFileHeaders('body', 'text/javascript');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(notModified(new Request('http://x/', { headers: { 'if-none-match': headers.etag! } }), headers)).toBe(true);
    expect(notModified(new Request('http://x/', { headers: { 'if-none-match': `W/${headers.etag!}` } }), headers)).toBe(true);
    expect(notModified(new Request('http://x/', { headers: { 'if-none-match': '"other"' } }), headers)).toBe(false);
    expect(notModified(new Request('http://x/'), headers)).toBe(false);
  });
});
