import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, type EventStatus, type LocalizedText } from '@nfc/shared';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { slugify } from '../organisations/slugify';
import { expandSchedule, type EventSchedule } from './schedule';

export interface SeedDemoAgendaOptions {
  events: number;
  /** Same seed and anchor, same agenda. */
  seed?: number;
  /** First day of the agenda (local); defaults to today. */
  anchor?: DateTime;
}

/** A small deterministic PRNG (mulberry32): the demo agenda is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES: Record<string, Array<LocalizedText>> = {
  concert: [{ fr: 'Concert de jazz', en: 'Jazz concert', de: 'Jazzkonzert' }, { fr: 'Récital d’orgue' }, { fr: 'Harmonie municipale en concert' }],
  exhibition: [{ fr: 'Exposition « Lumières d’usine »', en: 'Exhibition “Factory lights”' }, { fr: 'Photographies du Doubs' }, { fr: 'Peintres de la Savoureuse' }],
  festival: [{ fr: 'Festival des cultures du monde', en: 'World cultures festival', de: 'Festival der Weltkulturen' }, { fr: 'Festival de la bande dessinée' }],
  sport: [{ fr: 'Trail des Vosges du Sud', de: 'Trail der Südvogesen' }, { fr: 'Course cycliste du Pays de Montbéliard' }, { fr: 'Tournoi de handball' }],
  'nature-outing': [{ fr: 'Balade autour de l’étang', en: 'Walk around the pond', de: 'Spaziergang um den Weiher' }, { fr: 'Sortie ornithologique' }, { fr: 'Randonnée sur les crêtes' }],
  'heritage-visit': [{ fr: 'Visite guidée de la citadelle', en: 'Guided tour of the citadel', de: 'Führung durch die Zitadelle' }, { fr: 'Visite du temple' }],
  'industrial-heritage': [{ fr: 'Visite des anciennes forges', en: 'Tour of the old ironworks' }, { fr: 'Sur les traces de Japy' }, { fr: 'Patrimoine ferroviaire' }],
  market: [{ fr: 'Marché hebdomadaire', en: 'Weekly market', de: 'Wochenmarkt' }, { fr: 'Marché des producteurs' }],
  show: [{ fr: 'Théâtre d’improvisation' }, { fr: 'Spectacle de cirque', en: 'Circus show' }],
  workshop: [{ fr: 'Atelier de poterie' }, { fr: 'Atelier vannerie', en: 'Basket-weaving workshop' }],
  conference: [{ fr: 'Conférence : l’histoire de l’automobile', en: 'Talk: the history of the car' }, { fr: 'Conférence sur l’eau' }],
  children: [{ fr: 'Conte pour les petits', en: 'Storytelling for children' }],
  cinema: [{ fr: 'Ciné-plein-air', en: 'Open-air cinema', de: 'Freiluftkino' }],
  food: [{ fr: 'Fête de la cancoillotte', en: 'Cancoillotte festival' }, { fr: 'Soirée fondue' }],
};

/**
 * A realistic agenda for development and benchmarks: events over the 197 communes, each
 * published by its EPCI's tourism office; weekly markets, festivals over several days,
 * some cancelled or postponed; French texts with English and German for some. Rows are
 * written set-based, a thousand events at a time.
 */
export async function seedDemoAgenda(dataSource: DataSource, options: SeedDemoAgendaOptions): Promise<{ events: number; occurrences: number }> {
  const next = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const anchor = (options.anchor ?? DateTime.now().setZone(AGENDA_TIME_ZONE)).startOf('day');
  const offices: Array<{ id: string; epci_siren: string }> = await dataSource.query(`SELECT id, epci_siren FROM organisation WHERE kind = 'TOURISM_OFFICE' AND epci_siren IS NOT NULL ORDER BY slug`);
  if (!offices.length) throw new Error('No tourism office: run the development seed first.');
  const officeByEpci = new Map(offices.map((o) => [o.epci_siren, o.id]));
  const communes: Array<{ insee_code: string; name: string; epci_siren: string; centroid_lat: number; centroid_lon: number; postal_codes: string[] }> = await dataSource.query(
    `SELECT insee_code, name, epci_siren, centroid_lat, centroid_lon, postal_codes FROM commune ORDER BY insee_code`,
  );

  let occurrenceCount = 0;
  for (let start = 0; start < options.events; start += 1000) {
    const events: Array<Record<string, unknown>> = [];
    const occurrences: Array<{ slug: string; s: string; e: string }> = [];
    for (let i = start; i < Math.min(options.events, start + 1000); i += 1) {
      const commune = communes[i % communes.length]!;
      const kind = i % 20;
      const category = kind < 3 ? 'market' : kind < 5 ? 'festival' : pick(EVENT_CATEGORIES.filter((c) => c.id !== 'market' && c.id !== 'festival')).id;
      const title = pick(TITLES[category] ?? TITLES.concert!);
      const day = anchor.plus({ days: Math.floor(next() * 365) });
      const hour = 9 + Math.floor(next() * 12);
      const local = (d: DateTime, h: number) => d.set({ hour: h, minute: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");
      const schedule: EventSchedule =
        category === 'market'
          ? { allDay: false, recurrence: { start: local(day, 8), durationMinutes: 300, rule: `FREQ=WEEKLY;COUNT=${8 + (i % 19)}` } }
          : category === 'festival'
            ? { allDay: false, dates: [0, 1, 2].map((d) => ({ start: local(day.plus({ days: d }), 14), end: local(day.plus({ days: d }), 23) })) }
            : { allDay: false, dates: [{ start: local(day, hour), end: local(day, Math.min(hour + 2, 23)) }] };
      const roll = next();
      const status: EventStatus = roll < 0.03 ? 'CANCELLED' : roll < 0.05 ? 'POSTPONED' : roll < 0.06 ? 'RESCHEDULED' : 'SCHEDULED';
      const free = category === 'market' || category === 'nature-outing' || next() < 0.4;
      const slug = `${slugify(`${title.fr} ${commune.name}`).slice(0, 70)}-${i.toString(36)}`;
      events.push({
        slug,
        publisher_id: officeByEpci.get(commune.epci_siren) ?? offices[0]!.id,
        status,
        title: {
          fr: `${title.fr} à ${commune.name}`,
          ...(title.en ? { en: `${title.en} in ${commune.name}` } : {}),
          ...(title.de ? { de: `${title.de} in ${commune.name}` } : {}),
        },
        short_description: { fr: `${title.fr} — ${commune.name}, Nord Franche-Comté.`, ...(title.en ? { en: `${title.en} in ${commune.name}.` } : {}) },
        translation_origin: title.de && i % 3 === 0 ? { de: 'MACHINE' } : {},
        categories: [category],
        accessibility: i % 7 === 0 ? ['MOTOR'] : i % 11 === 0 ? ['HEARING', 'VISUAL'] : [],
        is_free: free,
        price_min: free ? null : 5 + (i % 20),
        price_max: free ? null : 10 + (i % 30),
        currency: free ? null : i % 50 === 0 ? 'CHF' : 'EUR',
        commune_insee: commune.insee_code,
        postal_code: commune.postal_codes[0] ?? null,
        lat: commune.centroid_lat,
        lon: commune.centroid_lon,
        schedule,
      });
      for (const occurrence of expandSchedule(schedule).occurrences) occurrences.push({ slug, s: occurrence.startsAt.toISOString(), e: occurrence.endsAt.toISOString() });
    }
    await dataSource.transaction(async (db) => {
      await db.query(
        `INSERT INTO event (slug, publisher_id, status, title, short_description, translation_origin, categories, accessibility, is_free, price_min, price_max,
                            currency, commune_insee, postal_code, lat, lon, location_approximate, schedule)
         SELECT slug, publisher_id, status::event_status, title, short_description, translation_origin,
                ARRAY(SELECT jsonb_array_elements_text(categories)), ARRAY(SELECT jsonb_array_elements_text(accessibility)),
                is_free, price_min, price_max, currency, commune_insee, postal_code, lat, lon, true, schedule
         FROM jsonb_to_recordset($1::jsonb) AS e(slug text, publisher_id uuid, status text, title jsonb, short_description jsonb, translation_origin jsonb,
              categories jsonb, accessibility jsonb, is_free boolean, price_min numeric, price_max numeric, currency text, commune_insee text,
              postal_code text, lat float8, lon float8, schedule jsonb)
         ON CONFLICT (slug) DO NOTHING`,
        [JSON.stringify(events)],
      );
      await db.query(
        `INSERT INTO event_occurrence (event_id, starts_at, ends_at)
         SELECT ev.id, o.s, o.e FROM jsonb_to_recordset($1::jsonb) AS o(slug text, s timestamptz, e timestamptz) JOIN event ev ON ev.slug = o.slug
         ON CONFLICT (event_id, starts_at) DO NOTHING`,
        [JSON.stringify(occurrences)],
      );
    });
    occurrenceCount += occurrences.length;
  }
  return { events: options.events, occurrences: occurrenceCount };
}
