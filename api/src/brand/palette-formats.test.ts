import { DEMO_SWATCHES } from './demo-brand';
import { contrasts, hexToRgb, paletteAse, paletteCss, paletteScss } from './palette-formats';

const colours = DEMO_SWATCHES.map((s) => ({ ...s }));

test('RGB is derived from HEX', () => {
  expect(hexToRgb('#0b5c8a')).toEqual([11, 92, 138]);
  expect(() => hexToRgb('0b5c8a')).toThrow();
});

test('contrast verdicts against white and black', () => {
  expect(contrasts('#0b5c8a')).toMatchObject({ onWhiteVerdict: 'AAA', onBlackVerdict: 'FAIL' });
  expect(contrasts('#e8d8b0')).toMatchObject({ onWhiteVerdict: 'FAIL', onBlackVerdict: 'AAA' });
});

test('CSS and SCSS variables', () => {
  expect(paletteCss(colours)).toContain('--nfc-bleu-doubs: #0b5c8a;');
  expect(paletteScss(colours)).toContain('$nfc-rouille: #8a3b12;');
});

test('ASE: a well-formed Adobe Swatch Exchange file that reads back', () => {
  const ase = paletteAse(colours);
  expect(ase.subarray(0, 4).toString('ascii')).toBe('ASEF');
  expect(ase.readUInt32BE(8)).toBe(colours.length);
  // Read the first block back.
  expect(ase.readUInt16BE(12)).toBe(0x0001);
  const length = ase.readUInt32BE(14);
  const block = ase.subarray(18, 18 + length);
  const nameUnits = block.readUInt16BE(0);
  const name = Buffer.from(block.subarray(2, 2 + nameUnits * 2)).swap16().toString('utf16le').slice(0, -1);
  expect(name).toBe('Bleu Doubs');
  const model = block.subarray(2 + nameUnits * 2, 6 + nameUnits * 2).toString('ascii');
  expect(model).toBe('RGB ');
  const red = block.readFloatBE(6 + nameUnits * 2);
  expect(Math.round(red * 255)).toBe(11);
  // Blocks add up to the file.
  let at = 12;
  for (let i = 0; i < colours.length; i += 1) at += 6 + ase.readUInt32BE(at + 2);
  expect(at).toBe(ase.length);
});

test.each([
  ['a CSS comment end', 'Bleu */ } body { display: none } :root { /*', ':root'],
  ['a line break then an @import', 'Bleu\n@import "https://evil.example/x";', '@import'],
  ['a Unicode line separator', 'Bleu\u2028@import "x";', '@import'],
])('a swatch name with %s stays inside its comment', (_case, name, _hostile) => {
  const colours = [{ slug: 'bleu', hex: '#123456', name: { fr: name } }];
  const css = paletteCss(colours as never);
  const scss = paletteScss(colours as never);
  // One declaration per colour, on one line each; nothing outside the comments but the variables.
  const cssOutside = css.replace(/\/\*[\s\S]*?\*\//g, '');
  expect(cssOutside.replace(/\s+/g, ' ').trim()).toBe(':root { --nfc-bleu: #123456; }');
  expect(scss.split('\n').filter((line) => line && !line.startsWith('//'))).toEqual([expect.stringMatching(/^\$nfc-bleu: #123456; \/\/ [^\n]*$/)]);
  expect(scss.split('\n')).toHaveLength(3);
});
