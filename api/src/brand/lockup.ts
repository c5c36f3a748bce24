import { DARK_GROUND, LOCKUP_RULES, type LockupFormat, type LockupGround, type LockupLayout } from '@nfc/shared';
import sharp from 'sharp';
import { openPdf } from '../common/pdf';

/** A rectangle in the lockup's own units (those of the territory logo's master). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where everything sits in a lockup: computed once, drawn by every format, checked by the tests. */
export interface LockupGeometry {
  width: number;
  height: number;
  /** Half the pictogram's height (the charter's clear space), kept free around the territory logo. */
  clearSpace: number;
  territoryLogo: Box;
  rule: Box;
  /** The partner logo's own box, fitted to its proportions. */
  partnerLogo: Box;
  /** On a dark ground, the white plate the partner logo sits on (its colours were made for light grounds). */
  plate: Box | null;
}

/** The rule between the two logos: a hairline relative to the clear space. */
const RULE_SHARE_OF_CLEAR_SPACE = 1 / 20;
/** A partner logo is never wider than the territory logo, nor taller than it (horizontal) or 60 % of it (vertical). */
const VERTICAL_PARTNER_HEIGHT_SHARE = 0.6;
const RULE_COLOUR: Record<LockupGround, string> = { LIGHT: '#1b2430', DARK: '#ffffff' };

/**
 * The lockup's layout from the territory logo's size and the partner logo's proportions:
 * margins of one clear space outside, one clear space on either side of the rule, so that
 * nothing enters the territory logo's clear space, and the partner logo fitted (never
 * stretched) into the room the charter leaves it.
 */
export function lockupGeometry(layout: LockupLayout, ground: LockupGround, territory: { width: number; height: number }, partnerAspect: number): LockupGeometry {
  const c = (territory.height * LOCKUP_RULES.pictogramShareOfLogoHeight[layout]) / 2;
  const t = c * RULE_SHARE_OF_CLEAR_SPACE;
  const fit = (maxWidth: number, maxHeight: number) => {
    const height = Math.min(maxHeight, maxWidth / partnerAspect);
    return { width: height * partnerAspect, height };
  };
  const inset = ground === 'DARK' ? c / 4 : 0;
  if (layout === 'HORIZONTAL') {
    const partner = fit(territory.width - 2 * inset, territory.height - 2 * inset);
    const ruleX = c + territory.width + c;
    const partnerX = ruleX + t + c + inset;
    const width = partnerX + partner.width + inset + c;
    const height = 2 * c + territory.height;
    const partnerLogo = { x: partnerX, y: c + (territory.height - partner.height) / 2, ...partner };
    return {
      width,
      height,
      clearSpace: c,
      territoryLogo: { x: c, y: c, width: territory.width, height: territory.height },
      rule: { x: ruleX, y: c, width: t, height: territory.height },
      partnerLogo,
      plate: inset ? { x: partnerLogo.x - inset, y: partnerLogo.y - inset, width: partner.width + 2 * inset, height: partner.height + 2 * inset } : null,
    };
  }
  const partner = fit(territory.width - 2 * inset, territory.height * VERTICAL_PARTNER_HEIGHT_SHARE - 2 * inset);
  const ruleY = c + territory.height + c;
  const partnerY = ruleY + t + c + inset;
  const width = 2 * c + territory.width;
  const height = partnerY + partner.height + inset + c;
  const partnerLogo = { x: c + (territory.width - partner.width) / 2, y: partnerY, ...partner };
  return {
    width,
    height,
    clearSpace: c,
    territoryLogo: { x: c, y: c, width: territory.width, height: territory.height },
    rule: { x: c, y: ruleY, width: territory.width, height: t },
    partnerLogo,
    plate: inset ? { x: partnerLogo.x - inset, y: partnerLogo.y - inset, width: partner.width + 2 * inset, height: partner.height + 2 * inset } : null,
  };
}

/** The smallest a lockup may be shown: the width at which its territory logo reaches the charter's minimum. */
export function lockupMinimumWidth(geometry: LockupGeometry): { px: number; mm: number } {
  const ratio = geometry.width / geometry.territoryLogo.width;
  return { px: Math.ceil(LOCKUP_RULES.minimumLogoWidthPx * ratio), mm: Math.ceil(LOCKUP_RULES.minimumLogoWidthMm * ratio) };
}

export interface LockupInput {
  layout: LockupLayout;
  ground: LockupGround;
  /** The territory logo's master (SVG or raster) in the colourway the ground needs, and its size. */
  territory: { bytes: Buffer; mimeType: string; width: number; height: number };
  /** The partner's logo as it passed the intake. */
  partner: { bytes: Buffer; mimeType: string; width: number; height: number };
  /** Names for the file's title (escaped here). */
  partnerName: string;
}

export interface RenderedLockup {
  bytes: Buffer;
  mimeType: string;
  /** Pixels for PNG and SVG; points for PDF. */
  width: number;
  height: number;
  geometry: LockupGeometry;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const n = (value: number) => String(Math.round(value * 1000) / 1000);

/**
 * The partner logo as an image the lockup can embed: an SVG as it passed the intake (checked,
 * nothing in it runs inside <image>), a raster re-encoded from its pixels as PNG (upright, no
 * metadata, at most 2000 px on its longer side).
 */
async function embeddablePartnerLogo(partner: LockupInput['partner']): Promise<{ mimeType: string; bytes: Buffer }> {
  if (partner.mimeType === 'image/svg+xml') return { mimeType: partner.mimeType, bytes: partner.bytes };
  const bytes = await sharp(partner.bytes, { limitInputPixels: 100_000_000, failOn: 'truncated' })
    .autoOrient()
    .resize({ width: 2000, height: 2000, fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { mimeType: 'image/png', bytes };
}

/** The lockup as a self-contained SVG document: both logos embedded, the rule and grounds drawn. */
export async function lockupSvg(input: LockupInput): Promise<{ svg: string; geometry: LockupGeometry }> {
  const geometry = lockupGeometry(input.layout, input.ground, input.territory, input.partner.width / input.partner.height);
  const partner = await embeddablePartnerLogo(input.partner);
  const dataUri = (mimeType: string, bytes: Buffer) => `data:${mimeType};base64,${bytes.toString('base64')}`;
  const { territoryLogo: l, partnerLogo: p, rule: r, plate } = geometry;
  const title = escapeXml(`Nord Franche-Comté × ${input.partnerName}`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(geometry.width)} ${n(geometry.height)}" width="${n(geometry.width)}" height="${n(geometry.height)}" role="img" aria-label="${title}">
  <title>${title}</title>
${input.ground === 'DARK' ? `  <rect x="-1" y="-1" width="${n(geometry.width + 2)}" height="${n(geometry.height + 2)}" fill="${DARK_GROUND}"/>\n` : ''}  <image x="${n(l.x)}" y="${n(l.y)}" width="${n(l.width)}" height="${n(l.height)}" preserveAspectRatio="xMidYMid meet" href="${dataUri(input.territory.mimeType, input.territory.bytes)}"/>
  <rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" fill="${RULE_COLOUR[input.ground]}" fill-opacity="0.6"/>
${plate ? `  <rect x="${n(plate.x)}" y="${n(plate.y)}" width="${n(plate.width)}" height="${n(plate.height)}" rx="${n(geometry.clearSpace / 8)}" fill="#ffffff"/>\n` : ''}  <image x="${n(p.x)}" y="${n(p.y)}" width="${n(p.width)}" height="${n(p.height)}" preserveAspectRatio="xMidYMid meet" href="${dataUri(partner.mimeType, partner.bytes)}"/>
</svg>
`;
  return { svg, geometry };
}

/** Drawn at the density that gives the width asked for, so nothing is resampled (no blur, no ringing into the clear space). */
async function rasterise(svg: string, geometryWidth: number, width: number, ground: LockupGround): Promise<{ bytes: Buffer; width: number; height: number }> {
  let image = sharp(Buffer.from(svg), { density: (72 * width) / geometryWidth, limitInputPixels: 200_000_000 }).resize({ width, kernel: 'nearest' });
  // A dark lockup is opaque to its last pixel (its ground overflows the canvas: its edge would fall between pixels).
  if (ground === 'DARK') image = image.removeAlpha();
  const { data, info } = await image
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

const MM_TO_PT = 72 / 25.4;
/** Print resolution of the PDF's picture. */
const PDF_DPI = 300;

/**
 * One lockup in one format. PNG: LOCKUP_RULES.pngWidth wide, transparent on a light ground.
 * SVG: the self-contained document. PDF: one page exactly the lockup's size, at the print size
 * where the territory logo is LOCKUP_RULES.pdfLogoWidthMm wide, its picture at 300 dpi.
 */
export async function renderLockup(input: LockupInput, format: LockupFormat): Promise<RenderedLockup> {
  const { svg, geometry } = await lockupSvg(input);
  if (format === 'svg') return { bytes: Buffer.from(svg), mimeType: 'image/svg+xml', width: geometry.width, height: geometry.height, geometry };
  if (format === 'png') {
    const png = await rasterise(svg, geometry.width, LOCKUP_RULES.pngWidth, input.ground);
    return { bytes: png.bytes, mimeType: 'image/png', width: png.width, height: png.height, geometry };
  }
  const mmPerUnit = LOCKUP_RULES.pdfLogoWidthMm / geometry.territoryLogo.width;
  const page = { width: geometry.width * mmPerUnit * MM_TO_PT, height: geometry.height * mmPerUnit * MM_TO_PT };
  const picture = await rasterise(svg, geometry.width, Math.round((geometry.width * mmPerUnit * PDF_DPI) / 25.4), input.ground);
  const { doc, done } = openPdf({
    size: [page.width, page.height],
    margin: 0,
    info: { Title: `Nord Franche-Comté × ${input.partnerName}`, Author: 'Pôle métropolitain Nord Franche-Comté', Subject: 'Co-branded lockup', CreationDate: new Date(0) },
  });
  doc.image(picture.bytes, 0, 0, { width: page.width, height: page.height });
  doc.end();
  return { bytes: await done, mimeType: 'application/pdf', width: page.width, height: page.height, geometry };
}
