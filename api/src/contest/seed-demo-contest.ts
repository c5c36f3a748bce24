import type { DataSource } from 'typeorm';
import { ModerationService } from './moderation.service';
import type { ContestDeps } from './contest-deps';

const DAY = 24 * 3600 * 1000;

export const DEMO_CONTEST_SLUG = 'reperes-nord-franche-comte';

const RULES = {
  fr: [
    'Article 1 – Le concours est organisé par le Pôle métropolitain Nord Franche-Comté. Il est gratuit et ouvert aux habitants des 197 communes du territoire.',
    'Article 2 – Chaque participant présente au plus trois photos, dans les catégories : patrimoine industriel, nature, eau, patrimoine bâti, mobilités, équipements partagés. Les photos sont prises sur le territoire et mesurent au moins 2 mégapixels.',
    'Article 3 – Les moins de 15 ans participent avec l’accord d’un parent ou tuteur, recueilli par courriel.',
    'Article 4 – Les personnes reconnaissables ont donné leur accord pour être photographiées et publiées.',
    'Article 5 – Les participants accordent au Pôle une licence non exclusive, pour les usages et la durée indiqués, avec mention de leur nom.',
    'Article 6 – Un jury désigne un lauréat par catégorie ; le public vote (une voix par adresse et par catégorie).',
    'Article 7 – Les données personnelles servent au seul concours ; chacun peut les consulter, les exporter ou les effacer depuis « Mes photos ».',
  ].join('\n\n'),
  en: [
    'Article 1 – The contest is run by the Pôle métropolitain Nord Franche-Comté. It is free and open to residents of the 197 communes of the territory.',
    'Article 2 – Each entrant submits up to three photos in the categories: industrial heritage, nature, water, built heritage, mobility, shared facilities. Photos are taken in the territory and have at least 2 megapixels.',
    'Article 3 – Entrants under 15 take part with the consent of a parent or guardian, given by email.',
    'Article 4 – Identifiable people agreed to be photographed and published.',
    'Article 5 – Entrants grant the Pôle a non-exclusive licence for the uses and duration stated, with their name credited.',
    'Article 6 – A jury names a winner per category; the public votes (one vote per address and category).',
    'Article 7 – Personal data serves the contest only; everyone can see, export or erase theirs from "My photos".',
  ].join('\n\n'),
  de: [
    'Artikel 1 – Der Wettbewerb wird vom Pôle métropolitain Nord Franche-Comté veranstaltet. Die Teilnahme ist kostenlos und steht den Einwohnern der 197 Gemeinden offen.',
    'Artikel 2 – Jede Person reicht höchstens drei Fotos ein, in den Kategorien: Industriekultur, Natur, Wasser, Baukultur, Mobilität, gemeinsame Einrichtungen. Die Fotos entstehen im Gebiet und haben mindestens 2 Megapixel.',
    'Artikel 3 – Unter 15 Jahren ist die per E-Mail erteilte Einwilligung eines Elternteils nötig.',
    'Artikel 4 – Erkennbare Personen haben der Aufnahme und Veröffentlichung zugestimmt.',
    'Artikel 5 – Die Teilnehmenden gewähren dem Pôle eine nicht ausschließliche Lizenz für die genannten Nutzungen und Dauer, mit Namensnennung.',
    'Artikel 6 – Eine Jury kürt einen Sieger pro Kategorie; das Publikum stimmt ab (eine Stimme pro Adresse und Kategorie).',
    'Artikel 7 – Personenbezogene Daten dienen nur dem Wettbewerb; unter „Meine Fotos“ können sie eingesehen, exportiert oder gelöscht werden.',
  ].join('\n\n'),
};

/** The development contest, open for submissions on a fresh `npm start`. Idempotent. */
export async function seedDemoContest(dataSource: DataSource, deps: ContestDeps): Promise<{ created: boolean }> {
  const [existing] = await dataSource.query(`SELECT 1 FROM contest WHERE slug = $1`, [DEMO_CONTEST_SLUG]);
  if (existing) return { created: false };
  const now = Date.now();
  await new ModerationService(deps, null).createContest({
    slug: DEMO_CONTEST_SLUG,
    title: { fr: 'Les repères du Nord Franche-Comté', en: 'The landmarks of Nord Franche-Comté', de: 'Die Wahrzeichen des Nord Franche-Comté' },
    summary: {
      fr: 'Montrez en photo ce qui fait le Nord Franche-Comté : son patrimoine industriel, sa nature et son eau, ses bâtiments, ses mobilités et ses équipements partagés.',
      en: 'Show in pictures what makes Nord Franche-Comté: its industrial heritage, its nature and water, its buildings, its mobility and its shared facilities.',
      de: 'Zeigen Sie im Bild, was den Nord Franche-Comté ausmacht: Industriekultur, Natur und Wasser, Bauten, Mobilität und gemeinsame Einrichtungen.',
    },
    rules: RULES,
    submissionOpensAt: new Date(now - 7 * DAY),
    submissionClosesAt: new Date(now + 60 * DAY),
    moderationClosesAt: new Date(now + 67 * DAY),
    juryOpensAt: new Date(now + 60 * DAY),
    juryClosesAt: new Date(now + 80 * DAY),
    voteOpensAt: new Date(now + 61 * DAY),
    voteClosesAt: new Date(now + 75 * DAY),
    resultsAt: new Date(now + 82 * DAY),
    maxEntriesTotal: 3,
    maxEntriesPerCategory: null,
    minMegapixels: 2,
    captureFrom: null,
    captureTo: null,
    outsideTerritory: 'REFUSE',
    licenceUses: ['WEBSITE', 'SOCIAL_MEDIA', 'PRINT', 'EXHIBITION', 'PRESS'],
    licenceYears: 5,
  });
  return { created: true };
}
