/**
 * Builders of small sources in each format's own shape (tests and the benchmark): the same
 * handful of fields, written the way each system writes them.
 */
export interface FixtureEvent {
  id: string;
  title: string;
  /** "2027-03-14" */
  day: string;
  /** "21:00" (ICS: with a weekly RRULE when `weekly` is set). */
  time: string;
  end: string;
  insee?: string;
  point?: { lat: number; lon: number };
  postal?: string;
  city?: string;
  category: string;
  image?: string;
  /** ICS only: weekly, this many times, without the given date. */
  weekly?: { count: number; except?: string };
}

const compact = (day: string, time: string) => `${day.replace(/-/g, '')}T${time.replace(':', '')}00`;

export function icsOf(events: FixtureEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Office de test//FR'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.id}`, 'DTSTAMP:20260101T000000Z', `DTSTART;TZID=Europe/Paris:${compact(e.day, e.time)}`, `DTEND;TZID=Europe/Paris:${compact(e.day, e.end)}`, `SUMMARY:${e.title}`, `CATEGORIES:${e.category}`);
    if (e.weekly) {
      lines.push(`RRULE:FREQ=WEEKLY;COUNT=${e.weekly.count}`);
      if (e.weekly.except) lines.push(`EXDATE;TZID=Europe/Paris:${compact(e.weekly.except, e.time)}`);
    }
    if (e.point) lines.push(`GEO:${e.point.lat};${e.point.lon}`);
    if (e.postal || e.city) lines.push(`LOCATION:Salle des fêtes\\, ${e.postal ?? ''} ${e.city ?? ''}`.trimEnd());
    if (e.image) lines.push(`IMAGE;VALUE=URI:${e.image}`);
    lines.push('DESCRIPTION:Une soirée <b>à ne pas manquer</b>.', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

export function openAgendaOf(events: FixtureEvent[]): string {
  return JSON.stringify({
    total: events.length,
    events: events.map((e) => ({
      uid: Number(e.id.replace(/\D/g, '')) || e.id,
      title: { fr: e.title, en: `${e.title} (en)` },
      description: { fr: 'Une soirée à ne pas manquer.' },
      longDescription: { fr: 'Une **soirée** à ne pas manquer.' },
      keywords: { fr: [e.category] },
      ...(e.image ? { image: e.image } : {}),
      timings: [{ start: `${e.day}T${e.time}:00+01:00`, end: `${e.day}T${e.end}:00+01:00` }],
      location: { name: 'Salle des fêtes', city: e.city, postalCode: e.postal, ...(e.insee ? { insee: e.insee } : {}), ...(e.point ? { latitude: e.point.lat, longitude: e.point.lon } : {}) },
      status: 1,
    })),
  });
}

export function apidaeOf(events: FixtureEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      id: Number(e.id.replace(/\D/g, '')) || e.id,
      type: 'FETE_ET_MANIFESTATION',
      nom: { libelleFr: e.title, libelleDe: `${e.title} (de)` },
      presentation: { descriptifCourt: { libelleFr: 'Une soirée à ne pas manquer.' }, descriptifDetaille: { libelleFr: 'Une soirée<br>à ne pas manquer.' } },
      localisation: {
        adresse: { adresse1: 'Place d’Armes', codePostal: e.postal, commune: e.insee ? { code: e.insee, nom: e.city } : undefined },
        ...(e.point ? { geolocalisation: { geoJson: { type: 'Point', coordinates: [e.point.lon, e.point.lat] } } } : {}),
      },
      ouverture: { periodesOuvertures: [{ dateDebut: e.day, dateFin: e.day, horaireOuverture: `${e.time}:00`, horaireFermeture: `${e.end}:00`, type: 'OUVERTURE_TOUS_LES_JOURS' }] },
      ...(e.image ? { illustrations: [{ traductionFichiers: [{ locale: 'fr', url: e.image }], copyright: { libelleFr: '© Office' } }] } : {}),
      informationsFeteEtManifestation: { categories: [{ id: 2083, libelleFr: e.category }], typesManifestation: [{ id: 1958, libelleFr: 'Culturelle' }] },
    })),
  );
}

export function datatourismeOf(events: FixtureEvent[]): string {
  return JSON.stringify({
    '@context': { '@vocab': 'https://www.datatourisme.fr/ontology/core#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#', schema: 'http://schema.org/', dc: 'http://purl.org/dc/elements/1.1/', ebucore: 'http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#' },
    '@graph': events.map((e) => ({
      '@id': `https://data.datatourisme.fr/10/${e.id}`,
      'dc:identifier': e.id,
      '@type': ['schema:Event', 'EntertainmentAndEvent', 'CulturalEvent'],
      'rdfs:label': { fr: [e.title], en: [`${e.title} (en)`] },
      hasDescription: [{ shortDescription: { fr: ['Une soirée à ne pas manquer.'] } }],
      hasTheme: [{ '@id': 'kb:Music', 'rdfs:label': { fr: [e.category] } }],
      takesPlaceAt: [{ startDate: e.day, endDate: e.day, startTime: `${e.time}:00`, endTime: `${e.end}:00` }],
      isLocatedAt: [
        {
          'schema:address': [{ 'schema:postalCode': e.postal, ...(e.insee ? { hasAddressCity: { insee: e.insee } } : {}) }],
          ...(e.point ? { 'schema:geo': { 'schema:latitude': String(e.point.lat), 'schema:longitude': String(e.point.lon) } } : {}),
        },
      ],
      ...(e.image ? { hasMainRepresentation: [{ 'ebucore:hasRelatedResource': [{ 'ebucore:locator': [e.image] }] }] } : {}),
      lastUpdate: '2026-11-01',
    })),
  });
}

export const BUILDERS = { ics: icsOf, openagenda: openAgendaOf, apidae: apidaeOf, datatourisme: datatourismeOf } as const;

/** The id each format's reader gives an event built from `id` (OpenAgenda and Apidae ids are numbers). */
export function externalIdOf(format: keyof typeof BUILDERS, id: string): string {
  return format === 'openagenda' || format === 'apidae' ? String(Number(id.replace(/\D/g, '')) || id) : id;
}
