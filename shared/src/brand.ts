/** The communication kit's vocabulary, shared by the API and the /kit pages. */
export const BRAND_ASSET_KINDS = ['LOGO', 'PICTOGRAM', 'PALETTE', 'FONT', 'TEMPLATE', 'GUIDELINE'] as const;
export type BrandAssetKind = (typeof BRAND_ASSET_KINDS)[number];

export const BRAND_ACCESS_LEVELS = ['PUBLIC', 'PARTNER', 'INTERNAL'] as const;
export type BrandAccessLevel = (typeof BRAND_ACCESS_LEVELS)[number];

export const LOGO_LAYOUTS = ['HORIZONTAL', 'VERTICAL'] as const;
export type LogoLayout = (typeof LOGO_LAYOUTS)[number];

export const LOGO_COLOURWAYS = ['COLOUR', 'MONO', 'WHITE'] as const;
export type LogoColourway = (typeof LOGO_COLOURWAYS)[number];

/** French words used in downloaded file names (nfc_logo_horizontal_couleur_2048.png). */
export const FILE_NAME_WORDS: Record<LogoLayout | LogoColourway, string> = {
  HORIZONTAL: 'horizontal',
  VERTICAL: 'vertical',
  COLOUR: 'couleur',
  MONO: 'mono',
  WHITE: 'blanc',
};

export interface RenditionPreset {
  id: string;
  format: 'png' | 'jpeg' | 'webp';
  /** Width in pixels; favicons are square. */
  width: number;
  square?: boolean;
  /** JPEG has no transparency: flattened on white (a white logo on DARK_GROUND, presetFor). */
  background?: string;
}

/** The only renditions that exist: no arbitrary sizes can be asked for. */
export const RENDITION_PRESETS: readonly RenditionPreset[] = [
  ...[256, 512, 1024, 2048, 4096].map((width) => ({ id: `png-${width}`, format: 'png' as const, width })),
  ...[1024, 2048].map((width) => ({ id: `jpg-${width}`, format: 'jpeg' as const, width, background: '#ffffff' })),
  ...[1024, 2048].map((width) => ({ id: `webp-${width}`, format: 'webp' as const, width })),
  ...[32, 180, 192, 512].map((width) => ({ id: `favicon-${width}`, format: 'png' as const, width, square: true })),
];

export function findRenditionPreset(id: string): RenditionPreset | undefined {
  return RENDITION_PRESETS.find((preset) => preset.id === id);
}

/** The dark ground a white logo's JPEG is flattened on (ardoise): on white it would vanish. */
export const DARK_GROUND = '#1b2430';

/** A preset as rendered for a logo of this colourway: a white logo's JPEG on the dark ground. */
export function presetFor(preset: RenditionPreset, colourway: LogoColourway | null): RenditionPreset {
  return preset.format === 'jpeg' && colourway === 'WHITE' ? { ...preset, background: DARK_GROUND } : preset;
}

export const PARTNER_TYPES = ['TOURISM_OFFICE', 'EPCI', 'COMPANY', 'ASSOCIATION', 'UNIVERSITY', 'EVENT_ORGANISER', 'PUBLIC_BODY'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** WCAG 2.1 contrast ratio between two sRGB colours given as #rrggbb. */
export function contrastRatio(hexA: string, hexB: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(hexA), luminance(hexB)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The best WCAG level a contrast ratio reaches for normal text. */
export function contrastVerdict(ratio: number): 'AAA' | 'AA' | 'AA_LARGE' | 'FAIL' {
  if (ratio >= 7) return 'AAA';
  if (ratio >= 4.5) return 'AA';
  if (ratio >= 3) return 'AA_LARGE';
  return 'FAIL';
}

/** A Luhn sum: every second digit from the right doubled (its digits added), the rest as they are. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}

/** The digit that makes `digits` followed by it Luhn-valid. */
function luhnKey(digits: string): string {
  return String([...Array(10).keys()].find((key) => luhnSum(`${digits}${key}`) % 10 === 0)!);
}

/** A SIRET from a SIREN's first 8 digits and an establishment's first 4, both keys computed (for examples and fixtures). */
export function siretFromParts(siren8: string, nic4: string): string {
  const siren = `${siren8}${luhnKey(siren8)}`;
  return `${siren}${nic4}${luhnKey(`${siren}${nic4}`)}`;
}

/** SIREN: 9 digits, not all zeros, whose Luhn sum is a multiple of 10 (INSEE's key). */
export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && siren !== '000000000' && luhnSum(siren) % 10 === 0;
}

/**
 * SIRET: a valid SIREN, then an establishment number (NIC) that is not 00000, the whole 14 digits
 * with a Luhn sum that is a multiple of 10 (La Poste's establishments use a sum of digits instead).
 * All zeros passes a bare Luhn check; no company has it.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret) || !isValidSiren(siret.slice(0, 9)) || siret.endsWith('00000')) return false;
  if (siret.startsWith('356000000')) return [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  return luhnSum(siret) % 10 === 0;
}

/**
 * The presets offered for an asset of this kind. Favicons are square and tiny: they are made
 * from the pictogram, a wordmark squeezed into 32 px is unreadable.
 */
export function presetsForKind(kind: BrandAssetKind): readonly RenditionPreset[] {
  return kind === 'PICTOGRAM' ? RENDITION_PRESETS : RENDITION_PRESETS.filter((preset) => !preset.square);
}

/** Co-branded lockups: the territory's logo beside (or above) a partner's, separated by a rule. */
export const LOCKUP_LAYOUTS = ['HORIZONTAL', 'VERTICAL'] as const;
export type LockupLayout = (typeof LOCKUP_LAYOUTS)[number];

/** LIGHT: the colour logo, transparent, for light grounds. DARK: the white logo on the slate ground. */
export const LOCKUP_GROUNDS = ['LIGHT', 'DARK'] as const;
export type LockupGround = (typeof LOCKUP_GROUNDS)[number];

export const LOCKUP_FORMATS = ['png', 'svg', 'pdf'] as const;
export type LockupFormat = (typeof LOCKUP_FORMATS)[number];

/**
 * The charter's rules a lockup is built to (DEMO_CHARTER points 2 and 3). The clear space is half
 * the pictogram's height; in the territory's logo the pictogram takes this share of the logo's
 * height. The minimum sizes are the horizontal logo's: a lockup may not be shown smaller than
 * the size at which its territory logo reaches them.
 */
export const LOCKUP_RULES = {
  pictogramShareOfLogoHeight: { HORIZONTAL: 140 / 180, VERTICAL: 140 / 360 } satisfies Record<LockupLayout, number>,
  minimumLogoWidthPx: 120,
  minimumLogoWidthMm: 24,
  /** A partner's raster logo must be at least this long on its longer side (px), or it prints blurred. */
  minimumPartnerLogoPx: 400,
  /** Width of the lockup's PNG, in pixels. */
  pngWidth: 2400,
  /** Width of the territory logo in the PDF, in millimetres (well above the print minimum). */
  pdfLogoWidthMm: 60,
} as const;

/** French words of lockup file names (nfc_association_horizontal_clair.png). */
export const LOCKUP_FILE_WORDS: Record<LockupLayout | LockupGround, string> = { HORIZONTAL: 'horizontal', VERTICAL: 'vertical', LIGHT: 'clair', DARK: 'fonce' };
