import { foldForSearch, scopesForUser, scopesAllowedForApiKey, pickLanguage, INSEE_CODE_PATTERN } from './index';

describe('foldForSearch', () => {
  test.each([
    ['Héricourt', 'hericourt'],
    ['Montbéliard', 'montbeliard'],
    ['Rougemont-le-Château', 'rougemont le chateau'],
    ["L'Isle-sur-le-Doubs", 'l isle sur le doubs'],
    ['  ÉTOBON  ', 'etobon'],
  ])('%s → %s', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });
});

describe('access model', () => {
  test('a tourism-office editor may write the agenda but not administer the platform', () => {
    const scopes = scopesForUser('TOURISM_OFFICE', 'EDITOR');
    expect(scopes).toContain('agenda:write');
    expect(scopes).not.toContain('platform:admin');
    expect(scopes).not.toContain('moderation');
  });
  test('a partner never gets agenda:write, whatever its role', () => {
    expect(scopesForUser('PARTNER', 'ADMIN')).not.toContain('agenda:write');
  });
  test('API keys never carry administrative scopes', () => {
    expect(scopesAllowedForApiKey('POLE')).not.toContain('platform:admin');
    expect(scopesAllowedForApiKey('TOURISM_OFFICE')).toEqual(['agenda:write', 'brand:read']);
  });
});

describe('pickLanguage', () => {
  test('falls back to French', () => {
    expect(pickLanguage({ fr: 'Bonjour', de: 'Hallo' }, 'en')).toBe('Bonjour');
    expect(pickLanguage({ fr: 'Bonjour', de: 'Hallo' }, 'de')).toBe('Hallo');
  });
});

test.each([
  ['90010', true],
  ['2A004', true],
  ['9001', false],
  ['900100', false],
  ['abcde', false],
])('INSEE pattern %s → %s', (code, valid) => {
  expect(INSEE_CODE_PATTERN.test(code)).toBe(valid);
});
