import { brandMarkShapes, type LocalizedText, type LogoColourway, type LogoLayout } from '@nfc/shared';

/**
 * A demonstration logo set drawn for this project: NOT the Pôle's real logo. The
 * pictogram is two points (Belfort, Montbéliard) joined by a river; every variant says
 * "DÉMO". It lets `npm start` show a working kit before the real files are uploaded.
 */
const INKS: Record<LogoColourway, { mark: string; detail: string; title: string; subtitle: string; tag: string }> = {
  COLOUR: { mark: '#0b5c8a', detail: '#ffffff', title: '#1b2430', subtitle: '#0b5c8a', tag: '#8a3b12' },
  MONO: { mark: '#1b2430', detail: '#ffffff', title: '#1b2430', subtitle: '#1b2430', tag: '#1b2430' },
  WHITE: { mark: '#ffffff', detail: '#1b2430', title: '#ffffff', subtitle: '#ffffff', tag: '#ffffff' },
};

const FONT = "font-family=\"'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif\"";

function pictogram(x: number, y: number, ink: (typeof INKS)[LogoColourway]): string {
  return `<g transform="translate(${x} ${y})">
    ${brandMarkShapes(ink)}
  </g>`;
}

export function demoLogoSvg(layout: LogoLayout, colourway: LogoColourway): string {
  const ink = INKS[colourway];
  const label = `Nord Franche-Comté — logo de démonstration (${layout === 'HORIZONTAL' ? 'horizontal' : 'vertical'}, ${colourway.toLowerCase()})`;
  if (layout === 'HORIZONTAL') {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 180" role="img" aria-label="${label}">
  <title>${label}</title>
  ${pictogram(20, 20, ink)}
  <text x="185" y="88" ${FONT} font-size="60" font-weight="700" fill="${ink.title}">Nord</text>
  <text x="185" y="146" ${FONT} font-size="46" fill="${ink.subtitle}">Franche-Comté</text>
  <text x="640" y="172" ${FONT} font-size="14" font-weight="700" text-anchor="end" fill="${ink.tag}">DÉMO</text>
</svg>
`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 380 360" role="img" aria-label="${label}">
  <title>${label}</title>
  ${pictogram(120, 16, ink)}
  <text x="190" y="222" ${FONT} font-size="60" font-weight="700" text-anchor="middle" fill="${ink.title}">Nord</text>
  <text x="190" y="282" ${FONT} font-size="42" text-anchor="middle" fill="${ink.subtitle}">Franche-Comté</text>
  <text x="190" y="340" ${FONT} font-size="14" font-weight="700" text-anchor="middle" fill="${ink.tag}">DÉMO</text>
</svg>
`;
}

/** The pictogram alone (square): the source of the favicons and app icons. */
export function demoPictogramSvg(): string {
  const label = 'Nord Franche-Comté — pictogramme de démonstration';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 140 140" role="img" aria-label="${label}">
  <title>${label}</title>
  ${brandMarkShapes(INKS.COLOUR)}
</svg>
`;
}

export const DEMO_SWATCHES: Array<{ slug: string; name: LocalizedText; hex: string; cmyk: string; pantone: string }> = [
  { slug: 'bleu-doubs', name: { fr: 'Bleu Doubs', en: 'Doubs blue', de: 'Doubs-Blau' }, hex: '#0b5c8a', cmyk: '92/49/12/20', pantone: '7692 C' },
  { slug: 'ardoise', name: { fr: 'Ardoise', en: 'Slate', de: 'Schiefer' }, hex: '#1b2430', cmyk: '76/60/43/70', pantone: '532 C' },
  { slug: 'rouille', name: { fr: 'Rouille industrielle', en: 'Industrial rust', de: 'Industrierost' }, hex: '#8a3b12', cmyk: '20/80/100/35', pantone: '7526 C' },
  { slug: 'vert-ballon', name: { fr: "Vert Ballon d'Alsace", en: "Ballon d'Alsace green", de: 'Belchen-Grün' }, hex: '#2f6b3a', cmyk: '78/30/90/22', pantone: '7743 C' },
  { slug: 'sable', name: { fr: 'Grès des Vosges clair', en: 'Light Vosges sandstone', de: 'Heller Vogesensandstein' }, hex: '#e8d8b0', cmyk: '8/13/33/0', pantone: '7506 C' },
  { slug: 'blanc', name: { fr: 'Blanc', en: 'White', de: 'Weiß' }, hex: '#ffffff', cmyk: '0/0/0/0', pantone: '—' },
];

export const DEMO_CHARTER: LocalizedText = {
  fr: "Charte d'usage de la marque Nord Franche-Comté (version de démonstration).\n\n1. Le logo est utilisé tel quel : ni déformé, ni recoloré, ni recadré.\n2. Une zone de protection égale à la hauteur du pictogramme divisée par deux l'entoure.\n3. Taille minimale : 24 mm (imprimé) ou 120 px (écran) de large pour la version horizontale.\n4. Sur fond foncé, utiliser la version blanche.\n5. Le logo signale un projet labellisé « Nord Franche-Comté » ; il ne peut suggérer un soutien financier sans accord écrit du Pôle.",
  en: 'Usage charter of the Nord Franche-Comté brand (demonstration version).\n\n1. Use the logo as supplied: never stretched, recoloured or cropped.\n2. Keep a clear space of half the pictogram height around it.\n3. Minimum width: 24 mm (print) or 120 px (screen) for the horizontal version.\n4. On dark backgrounds, use the white version.\n5. The logo marks a project labelled "Nord Franche-Comté"; it may not suggest funding without the Pôle\'s written agreement.',
  de: 'Nutzungscharta der Marke Nord Franche-Comté (Demonstrationsversion).\n\n1. Das Logo unverändert verwenden: nicht verzerren, umfärben oder beschneiden.\n2. Einen Schutzraum von der halben Höhe des Piktogramms freihalten.\n3. Mindestbreite: 24 mm (Druck) oder 120 px (Bildschirm) für die horizontale Version.\n4. Auf dunklem Grund die weiße Version verwenden.\n5. Das Logo kennzeichnet ein als „Nord Franche-Comté“ ausgezeichnetes Projekt; es darf ohne schriftliche Zustimmung des Pôle keine Förderung suggerieren.',
};

export const USAGE_RULES = {
  clearSpace: { fr: 'la moitié de la hauteur du pictogramme', en: 'half the height of the pictogram', de: 'die halbe Höhe des Piktogramms' },
  minimumSize: { fr: '24 mm ou 120 px de large (horizontal)', en: '24 mm or 120 px wide (horizontal)', de: '24 mm oder 120 px breit (horizontal)' },
} as const;
