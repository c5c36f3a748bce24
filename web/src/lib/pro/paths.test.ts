import { safeNext, signInPath } from './paths';

describe('where sign-in sends a person back', () => {
  test.each([
    ['fr', '/pro/equipe', '/pro/equipe'],
    ['de', '/de/pro/doublons?x=1', '/de/pro/doublons?x=1'],
    ['fr', '/concours/moderation', '/concours/moderation'],
    ['de', '/de/concours/reperes-2027/moderation', '/de/concours/reperes-2027/moderation'],
    ['fr', '/concours/reperes-2027/mes-photos', '/pro'],
    ['fr', '/concours/a/b/moderation', '/pro'],
    ['en', '/en/pro', '/en/pro'],
    ['fr', null, '/pro'],
    ['fr', '', '/pro'],
    ['fr', 'https://evil.example/pro', '/pro'],
    ['fr', '//evil.example/pro', '/pro'],
    ['fr', '/\t/evil.example', '/pro'],
    ['fr', '/pro\n//evil.example', '/pro'],
    ['fr', '/\\evil.example', '/pro'],
    ['fr', '/kit/partenaires', '/pro'],
    ['fr', '/program', '/pro'],
    ['en', 'javascript:alert(1)', '/en/pro'],
  ] as const)('%s, asked for %j → %s', (language, next, expected) => {
    expect(safeNext(language, next)).toBe(expected);
  });

  test('a signed-out visitor is sent to sign in, in the language of the page, with its address', () => {
    expect(signInPath('de', '/pro/doublons')).toBe('/de/pro?suite=%2Fde%2Fpro%2Fdoublons');
  });
});
