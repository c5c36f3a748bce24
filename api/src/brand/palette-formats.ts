import { contrastRatio, contrastVerdict, type LocalizedText } from '@nfc/shared';

export interface PaletteColour {
  slug: string;
  name: LocalizedText;
  hex: string;
  cmyk: string | null;
  pantone: string | null;
}

export function hexToRgb(hex: string): [number, number, number] {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Contrast of a colour as text on white and on black, with the WCAG verdicts. */
export function contrasts(hex: string) {
  const onWhite = contrastRatio(hex, '#ffffff');
  const onBlack = contrastRatio(hex, '#000000');
  return { onWhite, onBlack, onWhiteVerdict: contrastVerdict(onWhite), onBlackVerdict: contrastVerdict(onBlack) };
}

/** A name as one line of a comment: no line break, and nothing that could end a CSS comment or open another. */
export function commentText(name: string): string {
  return name.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '* /').replace(/\/\*/g, '/ *').trim();
}

export function paletteCss(colours: PaletteColour[]): string {
  return `/* Nord Franche-Comté palette */\n:root {\n${colours.map((c) => `  --nfc-${c.slug}: ${c.hex}; /* ${commentText(c.name.fr)} */`).join('\n')}\n}\n`;
}

export function paletteScss(colours: PaletteColour[]): string {
  return `// Nord Franche-Comté palette\n${colours.map((c) => `$nfc-${c.slug}: ${c.hex}; // ${commentText(c.name.fr)}`).join('\n')}\n`;
}

/** CMYK written "92/49/12/20" (percent), as swatches keep it; null if it is not that. */
export function parseCmyk(cmyk: string | null): [number, number, number, number] | null {
  const parts = cmyk?.split(/[\s/,]+/).map(Number);
  return parts && parts.length === 4 && parts.every((p) => Number.isFinite(p) && p >= 0 && p <= 100) ? (parts as [number, number, number, number]) : null;
}

const ASE_TYPE = { GLOBAL: 0, SPOT: 1, NORMAL: 2 } as const;

/** One ASE block: its type, then its body (a UTF-16BE name first). */
function aseBlock(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function aseName(name: string): Buffer {
  const units = Buffer.from(`${name}\u0000`, 'utf16le').swap16();
  const length = Buffer.alloc(2);
  length.writeUInt16BE(units.length / 2, 0);
  return Buffer.concat([length, units]);
}

function aseColour(name: string, model: 'RGB ' | 'CMYK', values: number[], colourType: number): Buffer {
  const body = Buffer.alloc(4 + values.length * 4 + 2);
  let at = body.write(model, 0, 'ascii');
  for (const value of values) at = body.writeFloatBE(value, at);
  body.writeUInt16BE(colourType, at);
  return aseBlock(0x0001, Buffer.concat([aseName(name), body]));
}

/**
 * Adobe Swatch Exchange (ASE 1.0): "ASEF", version, block count, then one group per swatch
 * (0xC001 … 0xC002) holding its colours as a designer's software wants them: the RGB as a
 * global swatch, the CMYK as a process one, and the Pantone reference as a spot colour (with
 * its CMYK, else RGB, for the preview).
 */
export function paletteAse(colours: PaletteColour[]): Buffer {
  const blocks = colours.flatMap((colour) => {
    const name = colour.name.fr;
    const rgb = hexToRgb(colour.hex).map((channel) => channel / 255);
    const cmyk = parseCmyk(colour.cmyk)?.map((percent) => percent / 100) ?? null;
    return [
      aseBlock(0xc001, aseName(name)),
      aseColour(name, 'RGB ', rgb, ASE_TYPE.GLOBAL),
      ...(cmyk ? [aseColour(`${name} CMJN`, 'CMYK', cmyk, ASE_TYPE.NORMAL)] : []),
      ...(colour.pantone ? [aseColour(`PANTONE ${colour.pantone}`, cmyk ? 'CMYK' : 'RGB ', cmyk ?? rgb, ASE_TYPE.SPOT)] : []),
      aseBlock(0xc002, Buffer.alloc(0)),
    ];
  });
  const head = Buffer.alloc(12);
  head.write('ASEF', 0, 'ascii');
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(0, 6);
  head.writeUInt32BE(blocks.length, 8);
  return Buffer.concat([head, ...blocks]);
}
