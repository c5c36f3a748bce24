import { categoryArtSvg, isArtId, type ArtId } from '@nfc/shared';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { OPERATOR } from '../auth/viewer';
import { syncEventImageVisibility } from '../media/attachments';
import type { MediaService } from '../media/media.service';

/** The credit the demo's illustrations carry: a fresh start shows pictures, never passed off as photographs. */
export const DEMO_IMAGE_CREDIT = 'Illustration de démonstration';

const ALT: Record<ArtId, { fr: string; en: string; de: string }> = {
  concert: { fr: 'Illustration : une scène et des notes de musique', en: 'Illustration: a stage and musical notes', de: 'Illustration: eine Bühne und Musiknoten' },
  exhibition: { fr: 'Illustration : trois tableaux accrochés', en: 'Illustration: three framed pictures', de: 'Illustration: drei gerahmte Bilder' },
  festival: { fr: 'Illustration : des fanions au-dessus des collines', en: 'Illustration: bunting over the hills', de: 'Illustration: Wimpel über den Hügeln' },
  sport: { fr: 'Illustration : un vélo', en: 'Illustration: a bicycle', de: 'Illustration: ein Fahrrad' },
  'nature-outing': { fr: 'Illustration : des sapins sur les collines', en: 'Illustration: fir trees on the hills', de: 'Illustration: Tannen auf den Hügeln' },
  'heritage-visit': { fr: 'Illustration : les remparts d’une citadelle', en: 'Illustration: the walls of a citadel', de: 'Illustration: die Mauern einer Zitadelle' },
  'industrial-heritage': { fr: 'Illustration : une usine à toit en dents de scie et ses cheminées', en: 'Illustration: a sawtooth-roofed factory and its chimneys', de: 'Illustration: eine Fabrik mit Sheddach und Schornsteinen' },
  market: { fr: 'Illustration : des étals de marché', en: 'Illustration: market stalls', de: 'Illustration: Marktstände' },
  show: { fr: 'Illustration : un rideau de théâtre', en: 'Illustration: a theatre curtain', de: 'Illustration: ein Theatervorhang' },
  workshop: { fr: 'Illustration : un vase de potier', en: 'Illustration: a potter’s vase', de: 'Illustration: eine Töpfervase' },
  conference: { fr: 'Illustration : un pupitre et une bulle de parole', en: 'Illustration: a lectern and a speech bubble', de: 'Illustration: ein Rednerpult und eine Sprechblase' },
  children: { fr: 'Illustration : des ballons', en: 'Illustration: balloons', de: 'Illustration: Luftballons' },
  cinema: { fr: 'Illustration : un écran de cinéma', en: 'Illustration: a cinema screen', de: 'Illustration: eine Kinoleinwand' },
  food: { fr: 'Illustration : une marmite fumante', en: 'Illustration: a steaming pot', de: 'Illustration: ein dampfender Topf' },
  water: { fr: 'Illustration : un voilier sur les vagues', en: 'Illustration: a sailing boat on the waves', de: 'Illustration: ein Segelboot auf den Wellen' },
  mobility: { fr: 'Illustration : un tramway', en: 'Illustration: a tram', de: 'Illustration: eine Straßenbahn' },
  'shared-facilities': { fr: 'Illustration : un bâtiment public', en: 'Illustration: a public building', de: 'Illustration: ein öffentliches Gebäude' },
};

/** An illustration as the JPEG a camera would give (the intake then makes its web variants). */
export function renderDemoIllustration(id: ArtId, width = 1600, height = 1000): Promise<Buffer> {
  return sharp(Buffer.from(categoryArtSvg(id, { width, height }))).jpeg({ quality: 86 }).toBuffer();
}

/**
 * Illustrations for the demo agenda: one per category, through the media intake like any upload,
 * shown by four events in five of that category (the fifth keeps the site's placeholder, as real
 * events without a photograph do). Idempotent: an agenda that already has them is left alone.
 */
export async function seedDemoEventImages(dataSource: DataSource, media: MediaService): Promise<{ images: number; events: number }> {
  const [done] = await dataSource.query(`SELECT 1 FROM event WHERE image_credit = $1 LIMIT 1`, [DEMO_IMAGE_CREDIT]);
  if (done) return { images: 0, events: 0 };
  // Only the events there were when it started: one an office writes meanwhile keeps what it was given.
  const [{ started }]: Array<{ started: Date }> = await dataSource.query(`SELECT now() AS started`);
  const rows: Array<{ category: string }> = await dataSource.query(`SELECT DISTINCT categories[1] AS category FROM event WHERE image_media_id IS NULL AND deleted_at IS NULL AND categories[1] IS NOT NULL ORDER BY 1`);
  let images = 0;
  let events = 0;
  for (const { category } of rows) {
    if (!isArtId(category)) continue;
    const item = await media.ingest({ bytes: await renderDemoIllustration(category), purpose: 'EVENT_IMAGE', viewer: OPERATOR });
    images += 1;
    const updated: [unknown[], number] = await dataSource.query(
      `UPDATE event SET image_media_id = $1, image_alt = $2::jsonb, image_credit = $3
       WHERE categories[1] = $4 AND image_media_id IS NULL AND deleted_at IS NULL AND created_at <= $5 AND abs(hashtext(id::text)) % 5 <> 0`,
      [item.id, JSON.stringify(ALT[category]), DEMO_IMAGE_CREDIT, category, started],
    );
    events += updated[1];
    await dataSource.query(`UPDATE media_item SET attached_at = now() WHERE id = $1`, [item.id]);
    await syncEventImageVisibility(dataSource.manager, { mediaIds: [item.id] });
  }
  return { images, events };
}
