/**
 * Flat illustrations of the agenda's categories and the contest's markers, drawn in SVG from
 * constants only (no text from anyone goes in). The website shows them where an event has no
 * photograph; the demo seed renders them to JPEG so that a fresh start looks lived in. One
 * drawing for both, so the placeholder and the demo never disagree.
 */

export const ART_IDS = [
  'concert',
  'exhibition',
  'festival',
  'sport',
  'nature-outing',
  'heritage-visit',
  'industrial-heritage',
  'market',
  'show',
  'workshop',
  'conference',
  'children',
  'cinema',
  'food',
  'water',
  'mobility',
  'shared-facilities',
] as const;
export type ArtId = (typeof ART_IDS)[number];

export function isArtId(value: string): value is ArtId {
  return (ART_IDS as readonly string[]).includes(value);
}

interface Palette {
  skyTop: string;
  skyBottom: string;
  far: string;
  near: string;
  motif: string;
  accent: string;
  sun: string;
}

/** Colours per drawing, from the territory's palette: blues of water, greens of the Vosges, rust of the forges. */
const PALETTES: Record<ArtId, Palette> = {
  concert: { skyTop: '#1d2b53', skyBottom: '#7e2553', far: '#2f3b6e', near: '#141d3a', motif: '#ffd166', accent: '#ef476f', sun: '#ffe8a3' },
  exhibition: { skyTop: '#f4efe6', skyBottom: '#e9dfcf', far: '#d8c9b0', near: '#c2ad8c', motif: '#0b5c8a', accent: '#c2410c', sun: '#ffffff' },
  festival: { skyTop: '#3a86ff', skyBottom: '#8ec5ff', far: '#6bbf59', near: '#3f8f3a', motif: '#ffbe0b', accent: '#fb5607', sun: '#fff3b0' },
  sport: { skyTop: '#48cae4', skyBottom: '#caf0f8', far: '#74a57f', near: '#2d6a4f', motif: '#1b1f24', accent: '#e63946', sun: '#fff6cc' },
  'nature-outing': { skyTop: '#90e0ef', skyBottom: '#e0f7e9', far: '#52b788', near: '#1b4332', motif: '#2d6a4f', accent: '#95d5b2', sun: '#fffbe6' },
  'heritage-visit': { skyTop: '#ffb347', skyBottom: '#ffe5b4', far: '#c9a27e', near: '#7f5539', motif: '#6b4f3a', accent: '#3d2b1f', sun: '#fff4d6' },
  'industrial-heritage': { skyTop: '#5c677d', skyBottom: '#d9a384', far: '#8d6e63', near: '#4e342e', motif: '#3e2723', accent: '#c2410c', sun: '#ffd7b5' },
  market: { skyTop: '#8ecae6', skyBottom: '#fefae0', far: '#a3b18a', near: '#588157', motif: '#bc4749', accent: '#f2e8cf', sun: '#fff8dc' },
  show: { skyTop: '#3c096c', skyBottom: '#7b2cbf', far: '#5a189a', near: '#240046', motif: '#c1121f', accent: '#ffd60a', sun: '#ffe066' },
  workshop: { skyTop: '#f1e3d3', skyBottom: '#e6ccb2', far: '#ddb892', near: '#b08968', motif: '#9c6644', accent: '#0b5c8a', sun: '#fff7ec' },
  conference: { skyTop: '#e3f2fd', skyBottom: '#bbdefb', far: '#90caf9', near: '#1565c0', motif: '#0b3d66', accent: '#ffffff', sun: '#ffffff' },
  children: { skyTop: '#a2d2ff', skyBottom: '#ffe5ec', far: '#b9fbc0', near: '#7ae582', motif: '#ff006e', accent: '#ffbe0b', sun: '#fff1a8' },
  cinema: { skyTop: '#0d1b2a', skyBottom: '#1b263b', far: '#415a77', near: '#0d1b2a', motif: '#e0e1dd', accent: '#fca311', sun: '#f8f9fa' },
  food: { skyTop: '#ffcdb2', skyBottom: '#fff1e6', far: '#e5989b', near: '#b5838d', motif: '#6d597a', accent: '#ffd166', sun: '#fffaf0' },
  water: { skyTop: '#4cc9f0', skyBottom: '#caf0f8', far: '#4895ef', near: '#3a0ca3', motif: '#ffffff', accent: '#4361ee', sun: '#fffbe0' },
  mobility: { skyTop: '#a8dadc', skyBottom: '#f1faee', far: '#8fb8a8', near: '#457b9d', motif: '#1d3557', accent: '#e63946', sun: '#ffffff' },
  'shared-facilities': { skyTop: '#cdb4db', skyBottom: '#fde2e4', far: '#bde0fe', near: '#8e9aaf', motif: '#3d405b', accent: '#f2cc8f', sun: '#ffffff' },
};

/** The motif of each drawing, in a 1200 × 750 frame whose ground starts near y = 560. */
const MOTIFS: Record<ArtId, (p: Palette) => string> = {
  concert: (p) =>
    `<path d="M420 120 L300 600 L520 600 Z M780 120 L680 600 L900 600 Z" fill="${p.motif}" opacity=".25"/>` +
    `<rect x="330" y="520" width="540" height="70" rx="8" fill="${p.near}"/>` +
    [0, 1, 2].map((i) => `<g fill="${p.motif}"><ellipse cx="${500 + i * 110}" cy="${330 + (i % 2) * 50}" rx="30" ry="22"/><rect x="${524 + i * 110}" y="${200 + (i % 2) * 50}" width="8" height="130"/></g>`).join('') +
    `<path d="M532 200 q60 -20 118 0 v18 q-58 -20 -118 0 Z" fill="${p.accent}"/>`,
  exhibition: (p) =>
    [[260, 200, 200, 260], [520, 160, 180, 320], [760, 220, 200, 220]]
      .map(([x, y, w, h]) => `<rect x="${x! - 14}" y="${y! - 14}" width="${w! + 28}" height="${h! + 28}" fill="${p.accent}"/><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${p.motif}"/><circle cx="${x! + w! * 0.35}" cy="${y! + h! * 0.4}" r="${Math.min(w!, h!) * 0.18}" fill="${p.sun}" opacity=".8"/>`)
      .join(''),
  festival: (p) =>
    `<path d="M0 190 Q600 330 1200 190" stroke="${p.motif}" stroke-width="6" fill="none"/>` +
    Array.from({ length: 11 }, (_, i) => {
      const x = 60 + i * 108;
      const y = 190 + Math.sin((i / 10) * Math.PI) * 120;
      return `<path d="M${x - 34} ${y} L${x + 34} ${y} L${x} ${y + 70} Z" fill="${i % 2 ? p.accent : p.motif}"/>`;
    }).join(''),
  sport: (p) =>
    `<g stroke="${p.motif}" stroke-width="16" fill="none" stroke-linecap="round"><circle cx="420" cy="470" r="110"/><circle cx="780" cy="470" r="110"/>` +
    `<path d="M420 470 L540 300 L700 300 L780 470 M540 300 L600 470 L700 300 M520 260 L580 260 M700 300 L690 250 L740 250"/></g><circle cx="600" cy="470" r="16" fill="${p.accent}"/>`,
  'nature-outing': (p) =>
    [[300, 1], [430, 1.4], [560, 0.9], [760, 1.6], [900, 1.1]]
      .map(([x, s]) => `<g fill="${p.motif}"><path d="M${x} ${560 - 300 * s!} L${x! - 80 * s!} ${560 - 120 * s!} L${x! + 80 * s!} ${560 - 120 * s!} Z"/><path d="M${x} ${560 - 230 * s!} L${x! - 105 * s!} ${560 - 20 * s!} L${x! + 105 * s!} ${560 - 20 * s!} Z"/></g><rect x="${x! - 10 * s!}" y="${560 - 20 * s!}" width="${20 * s!}" height="${40 * s!}" fill="${p.near}"/>`)
      .join(''),
  'heritage-visit': (p) =>
    `<g fill="${p.motif}"><rect x="330" y="330" width="540" height="240"/>` +
    Array.from({ length: 9 }, (_, i) => `<rect x="${330 + i * 64}" y="300" width="36" height="40"/>`).join('') +
    `<rect x="540" y="200" width="120" height="140"/>${[0, 1, 2].map((i) => `<rect x="${540 + i * 44}" y="172" width="32" height="34"/>`).join('')}</g>` +
    `<path d="M565 570 V470 a35 35 0 0 1 70 0 V570 Z" fill="${p.accent}"/>`,
  'industrial-heritage': (p) =>
    `<g fill="${p.motif}"><path d="M260 570 V380 L380 300 V380 L500 300 V380 L620 300 V380 L740 300 V570 Z"/><rect x="780" y="180" width="54" height="390"/><rect x="880" y="250" width="44" height="320"/></g>` +
    `<g fill="${p.sun}" opacity=".55"><circle cx="820" cy="140" r="36"/><circle cx="870" cy="100" r="46"/><circle cx="940" cy="70" r="54"/><circle cx="915" cy="215" r="28"/></g>` +
    [0, 1, 2, 3].map((i) => `<rect x="${300 + i * 110}" y="430" width="60" height="70" fill="${p.accent}" opacity=".85"/>`).join(''),
  market: (p) =>
    [250, 510, 770]
      .map((x) => `<rect x="${x}" y="380" width="200" height="190" fill="${p.accent}"/>${Array.from({ length: 5 }, (_, i) => `<path d="M${x + i * 40} 300 h40 v80 a20 20 0 0 1 -40 0 Z" fill="${i % 2 ? p.accent : p.motif}"/>`).join('')}<circle cx="${x + 60}" cy="450" r="26" fill="${p.motif}"/><circle cx="${x + 130}" cy="455" r="22" fill="${p.near}"/>`)
      .join(''),
  show: (p) =>
    `<rect x="200" y="120" width="800" height="40" fill="${p.accent}"/>` +
    `<path d="M200 160 H520 Q470 380 520 570 H200 Z M1000 160 H680 Q730 380 680 570 H1000 Z" fill="${p.motif}"/>` +
    `<ellipse cx="600" cy="560" rx="260" ry="30" fill="${p.accent}" opacity=".5"/><circle cx="600" cy="380" r="54" fill="${p.sun}"/>`,
  workshop: (p) =>
    `<ellipse cx="600" cy="560" rx="250" ry="40" fill="${p.near}"/>` +
    `<path d="M520 540 C470 470 470 380 540 330 C520 300 520 270 550 250 H650 C680 270 680 300 660 330 C730 380 730 470 680 540 Z" fill="${p.motif}"/>` +
    `<path d="M505 430 H695" stroke="${p.accent}" stroke-width="14"/>`,
  conference: (p) =>
    `<path d="M500 570 L530 380 H670 L700 570 Z" fill="${p.motif}"/><rect x="480" y="350" width="240" height="40" rx="6" fill="${p.near}"/>` +
    `<path d="M720 160 h300 a30 30 0 0 1 30 30 v110 a30 30 0 0 1 -30 30 h-200 l-60 50 v-50 h-40 a30 30 0 0 1 -30 -30 v-110 a30 30 0 0 1 30 -30 Z" fill="${p.accent}"/>` +
    [0, 1, 2].map((i) => `<rect x="770" y="${200 + i * 36}" width="${220 - i * 60}" height="14" rx="7" fill="${p.motif}"/>`).join(''),
  children: (p) =>
    [[420, 250, p.motif], [560, 190, p.accent], [700, 260, p.near], [830, 200, p.motif]]
      .map(([x, y, c]) => `<path d="M${x} ${Number(y) + 80} Q${Number(x) - 20} ${Number(y) + 200} ${Number(x) + 10} 560" stroke="${p.near}" stroke-width="4" fill="none"/><ellipse cx="${x}" cy="${y}" rx="66" ry="80" fill="${c}"/>`)
      .join(''),
  cinema: (p) =>
    `<rect x="280" y="130" width="640" height="330" rx="10" fill="${p.motif}"/><path d="M560 240 L680 295 L560 350 Z" fill="${p.accent}"/>` +
    `<rect x="0" y="500" width="1200" height="90" fill="${p.accent}"/>` +
    Array.from({ length: 20 }, (_, i) => `<rect x="${i * 62 + 12}" y="512" width="34" height="20" rx="4" fill="${p.near}"/><rect x="${i * 62 + 12}" y="558" width="34" height="20" rx="4" fill="${p.near}"/>`).join(''),
  food: (p) =>
    `<path d="M380 380 H820 V470 a90 90 0 0 1 -90 90 H470 a90 90 0 0 1 -90 -90 Z" fill="${p.motif}"/><rect x="350" y="360" width="500" height="34" rx="17" fill="${p.near}"/>` +
    `<g stroke="${p.sun}" stroke-width="12" fill="none" stroke-linecap="round" opacity=".8"><path d="M500 320 q-30 -50 0 -100 q30 -50 0 -100"/><path d="M600 320 q-30 -50 0 -100 q30 -50 0 -100"/><path d="M700 320 q-30 -50 0 -100 q30 -50 0 -100"/></g>` +
    `<path d="M860 560 L1010 470 L1010 560 Z" fill="${p.accent}"/>`,
  water: (p) =>
    Array.from({ length: 5 }, (_, i) => `<path d="M0 ${430 + i * 60} q75 -40 150 0 t150 0 t150 0 t150 0 t150 0 t150 0 t150 0 t150 0" stroke="${p.motif}" stroke-width="10" fill="none" opacity="${0.9 - i * 0.15}"/>`).join('') +
    `<path d="M520 420 L600 250 L680 420 Z" fill="${p.accent}"/><rect x="596" y="250" width="8" height="170" fill="${p.near}"/>`,
  mobility: (p) =>
    `<rect x="0" y="540" width="1200" height="14" fill="${p.motif}"/>` +
    `<rect x="230" y="330" width="740" height="190" rx="40" fill="${p.accent}"/><rect x="230" y="330" width="740" height="50" rx="25" fill="${p.motif}"/>` +
    [0, 1, 2, 3, 4].map((i) => `<rect x="${280 + i * 135}" y="400" width="100" height="70" rx="10" fill="${p.sun}"/>`).join('') +
    `<circle cx="340" cy="530" r="28" fill="${p.motif}"/><circle cx="860" cy="530" r="28" fill="${p.motif}"/><path d="M540 330 L600 240 L660 330" stroke="${p.motif}" stroke-width="8" fill="none"/>`,
  'shared-facilities': (p) =>
    `<rect x="300" y="300" width="600" height="270" fill="${p.motif}"/><path d="M270 310 L600 170 L930 310 Z" fill="${p.near}"/>` +
    [0, 1, 2, 3].map((i) => `<rect x="${350 + i * 135}" y="360" width="80" height="90" fill="${p.accent}"/>`).join('') +
    `<rect x="555" y="470" width="90" height="100" fill="${p.sun}"/>`,
};

/**
 * The drawing of a category or marker as an SVG document, `role="img"` with no text of its own:
 * used as a decorative picture (alt="") beside the event's title, it adds no words to read.
 */
export function categoryArtSvg(id: ArtId, { width = 1200, height = 750 }: { width?: number; height?: number } = {}): string {
  const p = PALETTES[id];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 750" width="${width}" height="${height}" preserveAspectRatio="xMidYMid slice" aria-hidden="true">` +
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.skyTop}"/><stop offset="1" stop-color="${p.skyBottom}"/></linearGradient></defs>` +
    `<rect width="1200" height="750" fill="url(#sky)"/>` +
    `<circle cx="980" cy="150" r="70" fill="${p.sun}" opacity=".9"/>` +
    `<path d="M0 500 Q250 400 520 470 T1200 430 V750 H0 Z" fill="${p.far}"/>` +
    MOTIFS[id](p) +
    `<path d="M0 590 Q300 540 640 580 T1200 570 V750 H0 Z" fill="${p.near}"/>` +
    `</svg>`
  );
}

/** The drawing for an event: its first category's, or the festival's for a category without one. */
export function artForCategories(categoryIds: readonly string[]): ArtId {
  const first = categoryIds.find(isArtId);
  return first ?? 'festival';
}
