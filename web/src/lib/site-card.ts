import sharp from 'sharp';
import { TERRITORY } from '@nfc/shared';
import type { MapData } from './api';
import { EPCI_COLOURS, createProjection, toSvgPath } from './map';

/** The size social networks expect of a shared page's image (Open Graph, Twitter's large card). */
export const CARD = { width: 1200, height: 630 } as const;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The site's card: its name and the Pôle's on the left, the five EPCI drawn from their commune
 * boundaries on the right (no map when the boundaries could not be read). An SVG rendered by sharp.
 */
export function siteCardSvg(map: MapData | null): string {
  let drawing = '';
  if (map) {
    const communes = map.epcis.flatMap((epci) => epci.communes.map((commune) => ({ epci: epci.siren, geometry: commune.geometry })));
    const projection = createProjection(communes.map((commune) => commune.geometry), 460, 4);
    const scale = Math.min(1, 540 / projection.height);
    const x = 700 + (460 - projection.width * scale) / 2;
    const y = (CARD.height - projection.height * scale) / 2;
    const paths = communes.map((commune) => `<path d="${toSvgPath(commune.geometry, projection)}" fill="${EPCI_COLOURS[commune.epci] ?? '#0b5c8a'}"/>`).join('');
    drawing = `<g transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${scale.toFixed(4)})" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">${paths}</g>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}" viewBox="0 0 ${CARD.width} ${CARD.height}">
  <rect width="100%" height="100%" fill="#f3f5f7"/>
  <rect width="14" height="100%" fill="#0b5c8a"/>
  ${drawing}
  <g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#1b1f24">
    <text x="80" y="240" font-size="68" font-weight="700">Nord</text>
    <text x="80" y="320" font-size="68" font-weight="700">Franche-Comté</text>
    <text x="80" y="400" font-size="28" fill="#4a5260">${escape(TERRITORY.officialName)}</text>
    <text x="80" y="452" font-size="26" fill="#4a5260">Belfort · Montbéliard · Héricourt</text>
    <text x="80" y="490" font-size="26" fill="#4a5260">Vosges du Sud · Sud Territoire</text>
  </g>
</svg>`;
}

export async function renderSiteCard(map: MapData | null): Promise<Buffer> {
  return sharp(Buffer.from(siteCardSvg(map))).png({ compressionLevel: 9 }).toBuffer();
}
