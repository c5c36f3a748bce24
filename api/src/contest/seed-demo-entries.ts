import type { ArtId } from '@nfc/shared';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { renderDemoIllustration } from '../agenda/seed-demo-images';
import { ContestEntrant } from './contest.entities';
import type { ContestDeps } from './contest-deps';
import { EntrantService } from './entrant.service';
import { ModerationService } from './moderation.service';
import { DEMO_CONTEST_SLUG } from './seed-demo-contest';

/** The drawing of each marker category (shared/category-art.ts). */
const ART_BY_CATEGORY: Record<string, ArtId> = {
  'patrimoine-industriel': 'industrial-heritage',
  nature: 'nature-outing',
  eau: 'water',
  'patrimoine-bati': 'heritage-visit',
  mobilites: 'mobility',
  'equipements-partages': 'shared-facilities',
};

/** Demo residents, each with two photos in two categories, in communes of every EPCI. Names are invented. */
const DEMO_ENTRIES: Array<{ name: string; commune: string; photos: Array<{ category: string; title: string; alt: string; commune: string }> }> = [
  { name: 'Camille Démo', commune: '90010', photos: [
    { category: 'patrimoine-industriel', title: 'Les halles au crépuscule', alt: 'Illustration : une usine à toit en dents de scie sous un ciel rose', commune: '90010' },
    { category: 'eau', title: 'Voile sur l’étang', alt: 'Illustration : un voilier sur les vagues', commune: '90065' },
  ] },
  { name: 'Lucas Exemple', commune: '25388', photos: [
    { category: 'mobilites', title: 'Le tram du matin', alt: 'Illustration : un tramway rouge sur ses rails', commune: '25388' },
    { category: 'patrimoine-bati', title: 'Les remparts', alt: 'Illustration : les murs crénelés d’une citadelle', commune: '25388' },
  ] },
  { name: 'Inès Fictive', commune: '70285', photos: [
    { category: 'nature', title: 'Sapins sur la colline', alt: 'Illustration : des sapins sur des collines vertes', commune: '70285' },
    { category: 'equipements-partages', title: 'La salle des fêtes', alt: 'Illustration : un bâtiment public aux fenêtres dorées', commune: '70285' },
  ] },
  { name: 'Hugo Modèle', commune: '90033', photos: [
    { category: 'eau', title: 'Reflets sur l’Allaine', alt: 'Illustration : des vagues bleues et une voile', commune: '90033' },
    { category: 'patrimoine-industriel', title: 'Cheminées de Delle', alt: 'Illustration : deux cheminées d’usine qui fument', commune: '90033' },
  ] },
  { name: 'Léa Essai', commune: '90052', photos: [
    { category: 'nature', title: 'Au pied du Ballon', alt: 'Illustration : une forêt de sapins', commune: '90052' },
    { category: 'mobilites', title: 'Ligne de montagne', alt: 'Illustration : un tramway et sa caténaire', commune: '90052' },
  ] },
  { name: 'Noah Témoin', commune: '25031', photos: [
    { category: 'patrimoine-bati', title: 'Le temple', alt: 'Illustration : une façade et sa porte en arc', commune: '25031' },
    { category: 'equipements-partages', title: 'La médiathèque', alt: 'Illustration : un bâtiment public au toit gris', commune: '25031' },
  ] },
];

/** A photo-sized rendering of a drawing; the second of a category is mirrored, so no two files are the same. */
async function demoPhoto(art: ArtId, mirrored: boolean): Promise<Buffer> {
  const drawing = await renderDemoIllustration(art, 1920, 1200);
  return mirrored ? sharp(drawing).flop().jpeg({ quality: 86 }).toBuffer() : drawing;
}

/**
 * A gallery that is not empty on a fresh start: demo residents' photos (illustrations, credited as
 * such), entered and approved through the contest's own services, so every rule and the media
 * intake apply as for a real entry. Idempotent: a contest that has entries is left alone.
 */
export async function seedDemoContestEntries(dataSource: DataSource, deps: ContestDeps): Promise<{ entries: number }> {
  const [contest] = await dataSource.query(`SELECT id FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  if (!contest) return { entries: 0 };
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM contest_entry WHERE contest_id = $1`, [contest.id]);
  if (n > 0) return { entries: 0 };
  const categories = new Map<string, string>((await dataSource.query(`SELECT id, slug FROM contest_category WHERE contest_id = $1`, [contest.id])).map((row: { id: string; slug: string }) => [row.slug, row.id]));
  const [{ version }] = await dataSource.query(`SELECT max(version)::int AS version FROM contest_rules_version WHERE contest_id = $1`, [contest.id]);
  const entrants = new EntrantService(deps);
  const moderation = new ModerationService(deps, null);
  const seen = new Set<string>();
  let entries = 0;
  for (const [index, person] of DEMO_ENTRIES.entries()) {
    const repository = dataSource.getRepository(ContestEntrant);
    const email = `demo-${index + 1}@example.invalid`;
    const entrant = await repository.save(
      repository.create({
        contestId: contest.id, email, emailNormalised: email, emailVerifiedAt: new Date(), fullName: person.name, communeInsee: person.commune, ageBand: 'ADULT',
        guardianName: null, guardianEmail: null, guardianConsentAt: null, rulesVersion: version, licenceAcceptedAt: new Date(), creditLine: `${person.name} (illustration de démonstration)`, locale: 'fr',
      }),
    );
    for (const photo of person.photos) {
      const categoryId = categories.get(photo.category);
      const art = ART_BY_CATEGORY[photo.category];
      if (!categoryId || !art) continue;
      const upload = await deps.media.ingest({ bytes: await demoPhoto(art, seen.has(art)), purpose: 'PHOTO', viewer: { kind: 'ENTRANT', entrantId: entrant.id } });
      seen.add(art);
      const entry = await entrants.submit(entrant.id, upload.id, { categoryId, title: photo.title, description: null, altText: photo.alt, communeInsee: photo.commune, peoplePresent: false, peopleConsent: false });
      await moderation.decide(entry.id, 'APPROVED', null);
      entries += 1;
    }
  }
  return { entries };
}
