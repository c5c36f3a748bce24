import { contrastRatio, contrastVerdict, findRenditionPreset, isValidSiren, isValidSiret, siretFromParts } from './brand';

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
    ['00000000000000', false], // passes a bare Luhn check
    ['00000000000018', false], // Luhn-valid, SIREN all zeros
    ['73282932000000', false], // NIC 00000
    ['12345678900015', false], // Luhn-valid as 14 digits, but its SIREN 123456789 is not
    ['12345678200010', true], // SIREN 123456782 and the whole both Luhn-valid
  ])('%s → %s', (siret, valid) => expect(isValidSiret(siret)).toBe(valid));

  test.each([
    ['732829320', true], // Apple France
    ['356000000', true], // La Poste
    ['200069052', true], // Grand Belfort
    ['000000000', false],
    ['732829321', false],
    ['73282932', false],
  ])('SIREN %s → %s', (siren, valid) => expect(isValidSiren(siren)).toBe(valid));

  test('a SIRET built from its parts has both keys right', () => {
    expect(siretFromParts('73282932', '0007')).toBe('73282932000074');
    for (let n = 0; n < 200; n += 1) expect(isValidSiret(siretFromParts(String(10_000_000 + n * 4_999_999).slice(0, 8), String(1 + n).padStart(4, '0')))).toBe(true);
  });
});

test('only whitelisted rendition presets exist', () => {
  expect(findRenditionPreset('png-2048')).toMatchObject({ format: 'png', width: 2048 });
  expect(findRenditionPreset('png-2000')).toBeUndefined();
});
