import { contrastRatio, contrastVerdict, findRenditionPreset, isValidSiret } from './brand';

describe('contrast', () => {
  test.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#0b5c8a', '#ffffff', 7.21],
  ])('%s on %s ≈ %f', (a, b, expected) => {
    expect(contrastRatio(a, b)).toBeCloseTo(expected, 1);
  });
  test.each([
    [21, 'AAA'],
    [4.5, 'AA'],
    [3.2, 'AA_LARGE'],
    [2.1, 'FAIL'],
  ] as const)('ratio %f → %s', (ratio, verdict) => expect(contrastVerdict(ratio)).toBe(verdict));
});

describe('SIRET', () => {
  test.each([
    ['73282932000074', true], // Apple France, a published SIRET
    ['73282932000075', false],
    ['35600000000001', true], // La Poste (SIREN 356000000): digits sum to a multiple of 5
    ['35600000000002', false],
    ['1234567890123', false],
    ['7328293200007A', false],
  ])('%s → %s', (siret, valid) => expect(isValidSiret(siret)).toBe(valid));
});

test('only whitelisted rendition presets exist', () => {
  expect(findRenditionPreset('png-2048')).toMatchObject({ format: 'png', width: 2048 });
  expect(findRenditionPreset('png-2000')).toBeUndefined();
});
