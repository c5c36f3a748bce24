import { LOGO_COLOURWAYS, LOGO_LAYOUTS, type LogoColourway, type LogoLayout } from '@nfc/shared';
import { OPERATOR } from '../auth/viewer';
import { BrandAsset } from './brand.entities';
import type { BrandService } from './brand.service';
import { buildKit } from './build-kit';
import { DEMO_CHARTER, DEMO_SWATCHES, demoLogoSvg, demoPictogramSvg } from './demo-brand';

const LAYOUT_NAMES: Record<LogoLayout, { fr: string; en: string; de: string }> = {
  HORIZONTAL: { fr: 'horizontal', en: 'horizontal', de: 'horizontal' },
  VERTICAL: { fr: 'vertical', en: 'vertical', de: 'vertikal' },
};
const COLOURWAY_NAMES: Record<LogoColourway, { fr: string; en: string; de: string }> = {
  COLOUR: { fr: 'couleur', en: 'colour', de: 'farbig' },
  MONO: { fr: 'monochrome', en: 'mono', de: 'einfarbig' },
  WHITE: { fr: 'blanc sur fond foncé', en: 'white on dark', de: 'weiß auf dunklem Grund' },
};

/** The pictogram alone, public: its renditions include the favicons (presetsForKind). */
async function seedPictogram(brand: BrandService, sortOrder: number): Promise<void> {
  await brand.createAsset(
    {
      slug: 'pictogramme',
      kind: 'PICTOGRAM',
      access: 'PUBLIC',
      layout: null,
      colourway: 'COLOUR',
      name: { fr: 'Pictogramme et favicons', en: 'Pictogram and favicons', de: 'Piktogramm und Favicons' },
      sortOrder,
    },
    OPERATOR,
  );
  await brand.publishVersion({ slug: 'pictogramme', bytes: Buffer.from(demoPictogramSvg()), viewer: OPERATOR });
}

/**
 * Seeds the demonstration kit once: six logo variants (the vertical ones for partners
 * only, to show both levels), the pictogram with its favicons, the palette, charter version
 * 1, and both prebuilt kits. Idempotent: an existing kit is left as it is.
 */
export async function seedDemoBrand(brand: BrandService): Promise<{ created: boolean }> {
  const { dataSource } = brand;
  // A kit already there (the demonstration one, or the Pôle's real files) is never added to.
  if (await dataSource.getRepository(BrandAsset).exists()) return { created: false };
  let order = 0;
  for (const layout of LOGO_LAYOUTS) {
    for (const colourway of LOGO_COLOURWAYS) {
      const slug = `logo-${layout.toLowerCase()}-${colourway.toLowerCase()}`;
      await brand.createAsset(
        {
          slug,
          kind: 'LOGO',
          access: layout === 'HORIZONTAL' ? 'PUBLIC' : 'PARTNER',
          layout,
          colourway,
          name: {
            fr: `Logo ${LAYOUT_NAMES[layout].fr}, ${COLOURWAY_NAMES[colourway].fr}`,
            en: `Logo, ${LAYOUT_NAMES[layout].en}, ${COLOURWAY_NAMES[colourway].en}`,
            de: `Logo ${LAYOUT_NAMES[layout].de}, ${COLOURWAY_NAMES[colourway].de}`,
          },
          sortOrder: (order += 1),
        },
        OPERATOR,
      );
      await brand.publishVersion({ slug, bytes: Buffer.from(demoLogoSvg(layout, colourway)), viewer: OPERATOR });
    }
  }
  await seedPictogram(brand, order + 1);
  await dataSource.query(
    `INSERT INTO colour_swatch (slug, name, hex, cmyk, pantone, sort_order)
     SELECT slug, name, hex, cmyk, pantone, ord FROM jsonb_to_recordset($1::jsonb) AS s(slug text, name jsonb, hex text, cmyk text, pantone text, ord int)
     ON CONFLICT (slug) DO NOTHING`,
    [JSON.stringify(DEMO_SWATCHES.map((s, index) => ({ ...s, ord: index })))],
  );
  await dataSource.query(`INSERT INTO brand_charter (version, text) VALUES (1, $1) ON CONFLICT DO NOTHING`, [JSON.stringify(DEMO_CHARTER)]);
  await buildKit(brand, 'PUBLIC');
  await buildKit(brand, 'PARTNER');
  return { created: true };
}
