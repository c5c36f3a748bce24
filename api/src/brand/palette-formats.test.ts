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

/** Reads an ASE file back: its blocks, with the colours' names, models, values and types. */
function readAse(ase: Buffer) {
  expect(ase.subarray(0, 4).toString('ascii')).toBe('ASEF');
  const blocks: Array<{ type: number; name?: string; model?: string; values?: number[]; colourType?: number }> = [];
  let at = 12;
  for (let i = 0; i < ase.readUInt32BE(8); i += 1) {
    const type = ase.readUInt16BE(at);
    const body = ase.subarray(at + 6, at + 6 + ase.readUInt32BE(at + 2));
    at += 6 + body.length;
    if (type === 0xc002) { blocks.push({ type }); continue; }
    const units = body.readUInt16BE(0);
    const name = Buffer.from(body.subarray(2, 2 + units * 2)).swap16().toString('utf16le').slice(0, -1);
    if (type === 0xc001) { blocks.push({ type, name }); continue; }
    const model = body.subarray(2 + units * 2, 6 + units * 2).toString('ascii');
    const count = model === 'CMYK' ? 4 : 3;
    const values = [...Array(count).keys()].map((k) => body.readFloatBE(6 + units * 2 + k * 4));
    blocks.push({ type, name, model, values, colourType: body.readUInt16BE(6 + units * 2 + count * 4) });
  }
  // The blocks add up to the file.
  expect(at).toBe(ase.length);
  return blocks;
}

test('ASE: one group per swatch, with its RGB (global), CMYK (process) and Pantone (spot) colours', () => {
  const blocks = readAse(paletteAse(colours));
  const first = blocks.slice(0, 5);
  expect(first.map((b) => [b.type, b.name, b.model, b.colourType])).toEqual([
    [0xc001, 'Bleu Doubs', undefined, undefined],
    [0x0001, 'Bleu Doubs', 'RGB ', 0],
    [0x0001, 'Bleu Doubs CMJN', 'CMYK', 2],
    [0x0001, 'PANTONE 7692 C', 'CMYK', 1],
    [0xc002, undefined, undefined, undefined],
  ]);
  expect(Math.round(first[1]!.values![0]! * 255)).toBe(11);
  expect(first[2]!.values!.map((v) => Math.round(v * 100))).toEqual([92, 49, 12, 20]);
  expect(blocks.filter((b) => b.type === 0xc001)).toHaveLength(colours.length);
});

test.each([
  ['no CMYK: the spot colour previews in RGB', { cmyk: null, pantone: '7692 C' }, ['RGB ', 'RGB ']],
  ['no Pantone: no spot colour', { cmyk: '92/49/12/20', pantone: null }, ['RGB ', 'CMYK']],
  ['a CMYK that is not one: left out', { cmyk: '92/49/twelve', pantone: null }, ['RGB ']],
])('ASE: %s', (_case, swatch, models) => {
  const blocks = readAse(paletteAse([{ slug: 'x', name: { fr: 'X' }, hex: '#0b5c8a', ...swatch }]));
  expect(blocks.filter((b) => b.type === 0x0001).map((b) => b.model)).toEqual(models);
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
