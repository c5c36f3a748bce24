import { languageFromParam, localizedPath, neutralPath, translate } from './i18n';
import { UI } from './ui';

describe('i18n', () => {
  test.each([
    [undefined, 'fr'],
    ['en', 'en'],
    ['de', 'de'],
    ['fr', undefined],
    ['it', undefined],
    ['territoire', undefined],
  ])('route parameter %s → %s', (param, language) => {
    expect(languageFromParam(param)).toBe(language);
  });

  test.each([
    ['fr', '/', '/'],
    ['en', '/', '/en'],
    ['de', '/territoire/', '/de/territoire'],
    ['fr', '/territoire', '/territoire'],
  ] as const)('%s %s → %s', (language, path, expected) => {
    expect(localizedPath(language, path)).toBe(expected);
  });

  test.each([
    ['/de/territoire/200069052', '/territoire/200069052'],
    ['/en', '/'],
    ['/territoire/', '/territoire'],
    ['/english', '/english'],
  ])('neutral path of %s is %s', (pathname, expected) => {
    expect(neutralPath(pathname)).toBe(expected);
  });

  test('every text exists in the three languages', () => {
    const keys = Object.keys(UI.fr).sort();
    expect(Object.keys(UI.en).sort()).toEqual(keys);
    expect(Object.keys(UI.de).sort()).toEqual(keys);
  });

  test('placeholders are filled', () => {
    expect(translate('en', 'epci.noResult', { query: 'xyz' })).toBe('No commune matches “xyz”.');
  });
});
