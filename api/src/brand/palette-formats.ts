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

/**
 * Adobe Swatch Exchange (ASE 1.0): "ASEF", version, block count, then one colour entry
 * per swatch (UTF-16BE name, "RGB " model, three big-endian floats, type "global").
 */
export function paletteAse(colours: PaletteColour[]): Buffer {
  const blocks = colours.map((colour) => {
    const name = Buffer.from(`${colour.name.fr}\u0000`, 'utf16le').swap16();
    const body = Buffer.alloc(2 + name.length + 4 + 12 + 2);
    let at = body.writeUInt16BE(name.length / 2, 0);
    at += name.copy(body, at);
    at += body.write('RGB ', at, 'ascii');
    for (const channel of hexToRgb(colour.hex)) at = body.writeFloatBE(channel / 255, at);
    body.writeUInt16BE(0, at);
    const header = Buffer.alloc(6);
    header.writeUInt16BE(0x0001, 0);
    header.writeUInt32BE(body.length, 2);
    return Buffer.concat([header, body]);
  });
  const head = Buffer.alloc(12);
  head.write('ASEF', 0, 'ascii');
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(0, 6);
  head.writeUInt32BE(blocks.length, 8);
  return Buffer.concat([head, ...blocks]);
}
