import { PassThrough } from 'node:stream';
import type { BrandAccessLevel } from '@nfc/shared';
import { contrasts, hexToRgb, commentText } from './palette-formats';
import type { BrandService } from './brand.service';
import { BrandKit } from './brand.entities';
import { PUBLIC_AUDIENCE, type Audience } from './download-token';
import { USAGE_RULES } from './demo-brand';
import { readStream } from '../media/storage/media-storage';

/** Presets included in the kit for each logo (the rest stay one click away on /kit). */
const KIT_PRESETS = ['png-512', 'png-2048', 'jpg-2048'];

function readme(options: { access: BrandAccessLevel; version: number; charterVersion: number | null; swatches: Array<{ name: { fr: string }; hex: string; cmyk: string | null; pantone: string | null }> }): string {
  const lines = [
    'KIT DE COMMUNICATION NORD FRANCHE-COMTÉ',
    '=======================================',
    '',
    `Version du kit : ${options.version} (${options.access === 'PARTNER' ? 'partenaires' : 'public'})`,
    `Charte d'usage : version ${options.charterVersion ?? '—'}`,
    'Éditeur : Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, 25200 Montbéliard',
    '',
    'ATTENTION : les logos de ce kit sont des logos de DÉMONSTRATION, pas le logo officiel.',
    '',
    'COULEURS',
    ...options.swatches.map((s) => {
      const [r, g, b] = hexToRgb(s.hex);
      const c = contrasts(s.hex);
      return `- ${commentText(s.name.fr)} : HEX ${s.hex} · RVB ${r} ${g} ${b} · CMJN ${s.cmyk ?? '—'} · Pantone ${s.pantone ?? '—'} · contraste sur blanc ${c.onWhite.toFixed(2)}:1 (${c.onWhiteVerdict})`;
    }),
    '',
    `ZONE DE PROTECTION : ${USAGE_RULES.clearSpace.fr}.`,
    `TAILLE MINIMALE : ${USAGE_RULES.minimumSize.fr}.`,
    'À NE PAS FAIRE : déformer, recolorer, recadrer, ajouter une ombre, poser la version couleur sur un fond foncé.',
    '',
    'FICHIERS',
    '- nfc_logo_<disposition>_<couleur>.svg : fichiers maîtres vectoriels',
    '- nfc_logo_<disposition>_<couleur>_<largeur>.png : PNG transparents',
    '- nfc_logo_<disposition>_<couleur>_2048.jpg : JPEG sur fond blanc',
    '- nfc_palette.css / .scss / .ase : la palette pour le web et les logiciels de création',
    '',
    "Licence : usage réservé aux projets labellisés « Nord Franche-Comté », dans le respect de la charte d'usage.",
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

  const assets = (await brand.listAssets(audience)).filter((asset) => asset.kind === 'LOGO');
  const versions = new Map((await brand.latestVersions(assets.map((a) => a.id))).map((v) => [v.assetId, v]));
  for (const asset of assets) {
    const version = versions.get(asset.id);
    if (!version) continue;
    const master = await brand.master(asset.slug, version.version, audience);
    zip.append(await readStream(master.object.stream), { name: master.fileName.replace(/_v\d+(\.\w+)$/, '$1') });
    for (const preset of KIT_PRESETS) {
      // A white logo on a white JPEG would be invisible.
      if (preset.startsWith('jpg') && asset.colourway === 'WHITE') continue;
      const rendition = await brand.rendition(asset.slug, version.version, preset, audience);
      zip.append(await readStream(rendition.object.stream), { name: rendition.fileName });
    }
  }
  for (const format of ['css', 'scss', 'ase'] as const) {
    const file = await brand.paletteFile(format);
    zip.append(file.body, { name: file.fileName });
  }
  const [{ next }] = await brand.dataSource.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM brand_kit WHERE access = $1`, [access]);
  const charter = await brand.currentCharter();
  zip.append(readme({ access, version: next, charterVersion: charter?.version ?? null, swatches: await brand.listSwatches() }), { name: 'LISEZMOI.txt' });
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
