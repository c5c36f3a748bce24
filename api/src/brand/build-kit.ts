import { PassThrough } from 'node:stream';
import type { BrandAccessLevel, BrandAssetKind } from '@nfc/shared';
import { contrasts, hexToRgb, commentText } from './palette-formats';
import type { BrandService } from './brand.service';
import { BrandKit } from './brand.entities';
import { PUBLIC_AUDIENCE, type Audience } from './download-token';
import { USAGE_RULES } from './demo-brand';
import { readStream } from '../media/storage/media-storage';

/** Presets included in the kit for each logo and for the pictogram (the rest stay one click away on /kit). */
const KIT_PRESETS: Partial<Record<BrandAssetKind, string[]>> = {
  LOGO: ['png-512', 'png-2048', 'jpg-2048'],
  PICTOGRAM: ['png-512', 'favicon-32', 'favicon-180', 'favicon-192', 'favicon-512'],
};

type ReadmeLanguage = 'fr' | 'en' | 'de';

/** The kit's read-me in each of the site's languages, one file each (LISEZMOI, README, LIESMICH). */
const README_FILES: Record<ReadmeLanguage, string> = { fr: 'LISEZMOI.txt', en: 'README.txt', de: 'LIESMICH.txt' };

const README_TEXTS: Record<ReadmeLanguage, {
  title: string; version: (n: number, partner: boolean) => string; charter: (v: string) => string; publisher: string; demo: string; colours: string;
  colour: (values: { name: string; hex: string; rgb: string; cmyk: string; pantone: string; contrast: string }) => string;
  clearSpace: string; minimumSize: string; dont: string; files: string; fileLines: string[]; licence: string;
}> = {
  fr: {
    title: 'KIT DE COMMUNICATION NORD FRANCHE-COMTÉ',
    version: (n, partner) => `Version du kit : ${n} (${partner ? 'partenaires' : 'public'})`,
    charter: (v) => `Charte d'usage : version ${v}`,
    publisher: 'Éditeur : Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, 25200 Montbéliard',
    demo: 'ATTENTION : les logos de ce kit sont des logos de DÉMONSTRATION, pas le logo officiel.',
    colours: 'COULEURS',
    colour: (c) => `- ${c.name} : HEX ${c.hex} · RVB ${c.rgb} · CMJN ${c.cmyk} · Pantone ${c.pantone} · contraste sur blanc ${c.contrast}`,
    clearSpace: 'ZONE DE PROTECTION', minimumSize: 'TAILLE MINIMALE',
    dont: 'À NE PAS FAIRE : déformer, recolorer, recadrer, ajouter une ombre, poser la version couleur sur un fond foncé.',
    files: 'FICHIERS',
    fileLines: [
      '- nfc_logo_<disposition>_<couleur>.svg : fichiers maîtres vectoriels',
      '- nfc_logo_<disposition>_<couleur>_<largeur>.png : PNG transparents',
      '- nfc_logo_<disposition>_<couleur>_2048.jpg : JPEG sur fond blanc (la version blanche sur fond ardoise)',
      '- nfc_pictogramme_favicon-<taille>.png : favicons et icônes d’application (32, 180, 192 et 512 px), tirés du pictogramme',
      '- nfc_palette.css / .scss / .ase : la palette pour le web et les logiciels de création (l’ASE a le RVB, le CMJN et les tons directs Pantone)',
    ],
    licence: "Licence : usage réservé aux projets labellisés « Nord Franche-Comté », dans le respect de la charte d'usage.",
  },
  en: {
    title: 'NORD FRANCHE-COMTÉ COMMUNICATION KIT',
    version: (n, partner) => `Kit version: ${n} (${partner ? 'partners' : 'public'})`,
    charter: (v) => `Usage charter: version ${v}`,
    publisher: 'Publisher: Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, 25200 Montbéliard, France',
    demo: 'NOTE: the logos in this kit are DEMONSTRATION logos, not the official logo.',
    colours: 'COLOURS',
    colour: (c) => `- ${c.name}: HEX ${c.hex} · RGB ${c.rgb} · CMYK ${c.cmyk} · Pantone ${c.pantone} · contrast on white ${c.contrast}`,
    clearSpace: 'CLEAR SPACE', minimumSize: 'MINIMUM SIZE',
    dont: 'DO NOT: stretch, recolour, crop, add a shadow, or set the colour version on a dark background.',
    files: 'FILES',
    fileLines: [
      '- nfc_logo_<layout>_<colour>.svg: vector masters',
      '- nfc_logo_<layout>_<colour>_<width>.png: transparent PNGs',
      '- nfc_logo_<layout>_<colour>_2048.jpg: JPEG on white (the white version on slate)',
      '- nfc_pictogramme_favicon-<size>.png: favicons and app icons (32, 180, 192 and 512 px), made from the pictogram',
      '- nfc_palette.css / .scss / .ase: the palette for the web and design software (the ASE holds RGB, CMYK and Pantone spot colours)',
    ],
    licence: 'Licence: for projects labelled "Nord Franche-Comté" only, as the usage charter says.',
  },
  de: {
    title: 'KOMMUNIKATIONSKIT NORD FRANCHE-COMTÉ',
    version: (n, partner) => `Version des Kits: ${n} (${partner ? 'Partner' : 'öffentlich'})`,
    charter: (v) => `Nutzungscharta: Version ${v}`,
    publisher: 'Herausgeber: Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, 25200 Montbéliard, Frankreich',
    demo: 'HINWEIS: Die Logos dieses Kits sind DEMONSTRATIONS-Logos, nicht das offizielle Logo.',
    colours: 'FARBEN',
    colour: (c) => `- ${c.name}: HEX ${c.hex} · RGB ${c.rgb} · CMYK ${c.cmyk} · Pantone ${c.pantone} · Kontrast auf Weiß ${c.contrast}`,
    clearSpace: 'SCHUTZZONE', minimumSize: 'MINDESTGRÖSSE',
    dont: 'NICHT: verzerren, umfärben, beschneiden, mit Schatten versehen oder die Farbversion auf dunklen Grund setzen.',
    files: 'DATEIEN',
    fileLines: [
      '- nfc_logo_<anordnung>_<farbe>.svg: Vektor-Masterdateien',
      '- nfc_logo_<anordnung>_<farbe>_<breite>.png: transparente PNG',
      '- nfc_logo_<anordnung>_<farbe>_2048.jpg: JPEG auf Weiß (die weiße Version auf Schiefer)',
      '- nfc_pictogramme_favicon-<größe>.png: Favicons und App-Symbole (32, 180, 192 und 512 px) aus dem Piktogramm',
      '- nfc_palette.css / .scss / .ase: die Palette für Web und Gestaltungsprogramme (die ASE enthält RGB, CMYK und Pantone-Sonderfarben)',
    ],
    licence: 'Lizenz: nur für Projekte mit dem Label „Nord Franche-Comté“, gemäß der Nutzungscharta.',
  },
};

function readme(language: ReadmeLanguage, options: { access: BrandAccessLevel; version: number; charterVersion: number | null; swatches: Array<{ name: { fr: string; en?: string; de?: string }; hex: string; cmyk: string | null; pantone: string | null }> }): string {
  const t = README_TEXTS[language];
  const lines = [
    t.title,
    '='.repeat(t.title.length),
    '',
    t.version(options.version, options.access === 'PARTNER'),
    t.charter(String(options.charterVersion ?? '—')),
    t.publisher,
    '',
    t.demo,
    '',
    t.colours,
    ...options.swatches.map((s) => {
      const [r, g, b] = hexToRgb(s.hex);
      const c = contrasts(s.hex);
      return t.colour({ name: commentText(s.name[language] ?? s.name.fr), hex: s.hex, rgb: `${r} ${g} ${b}`, cmyk: s.cmyk ?? '—', pantone: s.pantone ?? '—', contrast: `${c.onWhite.toFixed(2)}:1 (${c.onWhiteVerdict})` });
    }),
    '',
    `${t.clearSpace}${language === 'fr' ? ' : ' : ': '}${USAGE_RULES.clearSpace[language]}.`,
    `${t.minimumSize}${language === 'fr' ? ' : ' : ': '}${USAGE_RULES.minimumSize[language]}.`,
    t.dont,
    '',
    t.files,
    ...t.fileLines,
    '',
    t.licence,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Builds the ZIP of the kit for one audience (public, or partners), stores it, and records
 * it as the next kit version. Downloads then stream the stored file.
 */
export async function buildKit(brand: BrandService, access: 'PUBLIC' | 'PARTNER'): Promise<BrandKit> {
  const audience: Audience = access === 'PUBLIC' ? PUBLIC_AUDIENCE : { levels: ['PUBLIC', 'PARTNER'], organisationId: null, partnerType: null };
  // archiver is ESM-only; the native import() loads it from CommonJS.
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 9 } });
  const output = new PassThrough();
  const done = readStream(output);
  zip.pipe(output);

  const assets = (await brand.listAssets(audience)).filter((asset) => KIT_PRESETS[asset.kind]);
  const versions = new Map((await brand.latestVersions(assets.map((a) => a.id))).map((v) => [v.assetId, v]));
  for (const asset of assets) {
    const version = versions.get(asset.id);
    if (!version) continue;
    const master = await brand.master(asset.slug, version.version, audience);
    zip.append(await readStream(master.object.stream), { name: master.fileName.replace(/_v\d+(\.\w+)$/, '$1') });
    for (const preset of KIT_PRESETS[asset.kind]!) {
      // A white logo's JPEG is on the dark ground (presetFor). Inside the kit, itself versioned, names stay stable.
      const rendition = await brand.rendition(asset.slug, version.version, preset, audience);
      zip.append(await readStream(rendition.object.stream), { name: rendition.fileName.replace(/_v\d+(\.\w+)$/, '$1') });
    }
  }
  for (const format of ['css', 'scss', 'ase'] as const) {
    const file = await brand.paletteFile(format);
    zip.append(file.body, { name: file.fileName });
  }
  const [{ next }] = await brand.dataSource.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM brand_kit WHERE access = $1`, [access]);
  const charter = await brand.currentCharter();
  const swatches = await brand.listSwatches();
  for (const language of ['fr', 'en', 'de'] as const) {
    zip.append(readme(language, { access, version: next, charterVersion: charter?.version ?? null, swatches }), { name: README_FILES[language] });
  }
  await zip.finalize();
  const body = await done;

  const storageKey = `brand/kits/${access.toLowerCase()}-v${next}.zip`;
  await brand.storage.put(storageKey, body, 'application/zip');
  try {
    const repository = brand.dataSource.getRepository(BrandKit);
    return await repository.save(repository.create({ access, version: next, storageKey, byteSize: body.length }));
  } catch (error) {
    await brand.storage.delete([storageKey]);
    throw error;
  }
}
