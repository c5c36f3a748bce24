import { contestText } from './contest';

describe('contest texts', () => {
  test('counts take the singular where each language’s plural rules ask for it', () => {
    expect(contestText('fr', 'results.counted', { count: 1 })).toBe('1 vote compté.');
    expect(contestText('fr', 'results.counted', { count: 0 })).toBe('0 vote compté.'); // French says “0 vote”
    expect(contestText('fr', 'results.counted', { count: 12 })).toBe('12 votes comptés.');
    expect(contestText('en', 'votes', { count: 1 })).toBe('1 vote');
    expect(contestText('en', 'votes', { count: 0 })).toBe('0 votes');
    expect(contestText('de', 'map.missing', { count: 1 })).toBe('1 Gemeinde hat noch kein Foto.');
    expect(contestText('de', 'map.missing', { count: 3 })).toBe('3 Gemeinden haben noch kein Foto.');
  });

  test('a text without a count is left as it is, its placeholders filled', () => {
    expect(contestText('fr', 'credit', { name: 'Claire H.' })).toBe('Photo : Claire H.');
  });
});
