import { AGENDA_TIME_ZONE, EVENT_CATEGORIES, LANGUAGES, type LocalizedText } from '@nfc/shared';
import { DateTime } from 'luxon';
import { outputText } from '../common/text-normalisation';
import type { ExportItem, ExportSelection } from './export-selection';
import { markdownToText } from './markdown';

/** Licence Ouverte / Open Licence 2.0 (Etalab), the licence of every open-data export. */
export const OPEN_LICENCE_URL = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';
export const OPEN_LICENCE_NAME = 'Licence Ouverte / Open Licence 2.0 (Etalab)';

export const DATATOURISME_CORE = 'https://www.datatourisme.fr/ontology/core#';

/**
 * The DATAtourisme context: the core ontology as the vocabulary, schema.org as DATAtourisme
 * writes it (http://schema.org/), and the other vocabularies its records use. Written out
 * here, so that a consumer (and our tests) expand the feed without fetching anything.
 */
export const DATATOURISME_CONTEXT = {
  '@vocab': DATATOURISME_CORE,
  schema: 'http://schema.org/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  dc: 'http://purl.org/dc/elements/1.1/',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  ebucore: 'http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  // Language maps: {"fr": "…", "en": "…"} are rdf:langString values.
  'rdfs:label': { '@container': '@language' },
  'rdfs:comment': { '@container': '@language' },
  shortDescription: { '@container': '@language' },
  'dc:description': { '@container': '@language' },
  'ebucore:title': { '@container': '@language' },
  credits: { '@container': '@language' },
  'schema:legalName': { '@type': 'xsd:string' },
  startDate: { '@type': 'xsd:date' },
  endDate: { '@type': 'xsd:date' },
  startTime: { '@type': 'xsd:time' },
  endTime: { '@type': 'xsd:time' },
  lastUpdate: { '@type': 'xsd:date' },
  creationDate: { '@type': 'xsd:date' },
  insee: { '@type': 'xsd:string' },
  'schema:latitude': { '@type': 'xsd:decimal' },
  'schema:longitude': { '@type': 'xsd:decimal' },
  'schema:minPrice': { '@type': 'xsd:decimal' },
  'schema:maxPrice': { '@type': 'xsd:decimal' },
  'ebucore:locator': { '@type': 'xsd:anyURI' },
  'foaf:homepage': { '@type': '@id' },
  'dct:license': { '@type': '@id' },
  'schema:url': { '@type': '@id' },
};

/**
 * Our categories in the DATAtourisme ontology: the subclasses of EntertainmentAndEvent its own
 * records carry (CulturalEvent → Concert, Exhibition, Festival, ShowEvent; SaleEvent → Market;
 * SportsEvent). A category with no class of its own stays an EntertainmentAndEvent (its
 * schema.org type is added beside, as DATAtourisme records do).
 */
export const DATATOURISME_CLASSES: Record<string, string[]> = {
  concert: ['CulturalEvent', 'Concert'],
  exhibition: ['CulturalEvent', 'Exhibition'],
  festival: ['CulturalEvent', 'Festival'],
  sport: ['SportsEvent'],
  'nature-outing': [],
  'heritage-visit': ['CulturalEvent'],
  'industrial-heritage': ['CulturalEvent'],
  market: ['SaleEvent', 'Market'],
  show: ['CulturalEvent', 'ShowEvent'],
  workshop: [],
  conference: [],
  children: [],
  cinema: ['CulturalEvent'],
  food: [],
};

const date = (value: DateTime) => value.toISODate()!;
const time = (value: DateTime) => value.toFormat('HH:mm:ss');

/** A language map of plain texts (no markup, no characters the door refuses), absent languages left out. */
function languageMap(text: LocalizedText | null | undefined, transform: (value: string) => string = (value) => value): Record<string, string> | undefined {
  if (!text) return undefined;
  const map: Record<string, string> = {};
  for (const language of LANGUAGES) {
    const value = text[language];
    if (value) map[language] = outputText(transform(value));
  }
  return Object.keys(map).length ? map : undefined;
}

/** A public contact line, typed by its form (an address, a web site, or else a telephone number). */
function contact(line: string | null | undefined): Record<string, unknown> | undefined {
  const value = line?.trim();
  if (!value) return undefined;
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { '@type': 'foaf:Agent', 'schema:email': value };
  if (/^https?:\/\//i.test(value)) return { '@type': 'foaf:Agent', 'foaf:homepage': value };
  return { '@type': 'foaf:Agent', 'schema:telephone': outputText(value) };
}

export interface DataTourismeOptions {
  siteUrl: string;
  feedUrl: string;
  nextUrl: string | null;
}

/** One event as a DATAtourisme EntertainmentAndEvent, its dates in the page as periods. */
export function dataTourismeEvent(item: ExportItem, siteUrl: string): Record<string, unknown> {
  const { event, commune, publisher } = item;
  const classes = new Set<string>(['EntertainmentAndEvent']);
  const schemaTypes = new Set<string>(['schema:Event']);
  for (const id of event.categories) {
    for (const name of DATATOURISME_CLASSES[id] ?? []) classes.add(name);
    const category = EVENT_CATEGORIES.find((c) => c.id === id);
    if (category) schemaTypes.add(`schema:${category.schemaOrgType}`);
  }
  const periods = item.occurrences.map((occurrence) => {
    const start = DateTime.fromJSDate(occurrence.startsAt, { zone: AGENDA_TIME_ZONE });
    // An all-day date ends at the next midnight: its last day is the one before.
    const end = DateTime.fromJSDate(event.allDay ? new Date(occurrence.endsAt.getTime() - 1) : occurrence.endsAt, { zone: AGENDA_TIME_ZONE });
    return {
      '@type': 'Period',
      startDate: date(start),
      endDate: date(end),
      ...(event.allDay ? {} : { startTime: time(start), endTime: time(end) }),
    };
  });
  const office = publisher ? { '@id': `urn:uuid:${publisher.id}`, '@type': ['foaf:Agent', 'schema:Organization'], 'schema:legalName': outputText(publisher.name) } : undefined;
  const creator = event.organiserName ? { '@type': ['foaf:Agent', 'schema:Organization'], 'schema:legalName': outputText(event.organiserName) } : office;
  // The organiser's and registration contacts are for editors only (often a private phone or address): never open data.
  const contacts = [event.bookingUrl ? contact(event.bookingUrl) : undefined].filter(Boolean);
  const shortDescription = languageMap(event.shortDescription);
  const description = languageMap(event.longDescription, markdownToText);
  const hasDescription = shortDescription || description ? { '@type': 'Description', shortDescription, 'dc:description': description } : undefined;
  return {
    '@id': `${siteUrl}/agenda/${event.slug}#datatourisme`,
    '@type': [...classes, ...schemaTypes],
    'rdfs:label': languageMap(event.title),
    'rdfs:comment': shortDescription,
    'schema:url': `${siteUrl}/agenda/${event.slug}`,
    takesPlaceAt: periods,
    isLocatedAt: {
      '@type': 'schema:Place',
      'schema:name': event.placeName ? outputText(event.placeName) : undefined,
      'schema:address': {
        '@type': 'schema:PostalAddress',
        'schema:streetAddress': event.streetAddress ? outputText(event.streetAddress) : undefined,
        'schema:postalCode': event.postalCode ?? commune?.postalCodes[0],
        'schema:addressLocality': commune?.name,
        hasAddressCity: commune ? { '@type': 'City', 'rdfs:label': { fr: commune.name }, insee: commune.inseeCode } : undefined,
      },
      'schema:geo': { '@type': 'schema:GeoCoordinates', 'schema:latitude': event.lat, 'schema:longitude': event.lon },
    },
    hasDescription,
    hasBeenCreatedBy: creator,
    hasBeenPublishedBy: office,
    hasContact: contacts.length ? contacts : undefined,
    hasMainRepresentation: item.imageUrl
      ? {
          '@type': 'ebucore:EditorialObject',
          'ebucore:title': languageMap(event.imageAlt),
          'ebucore:hasRelatedResource': { '@type': 'ebucore:Picture', 'ebucore:locator': item.imageUrl },
          'ebucore:hasAnnotation': event.imageCredit ? { credits: { fr: outputText(event.imageCredit) } } : undefined,
        }
      : undefined,
    'schema:offers':
      event.isFree || (event.priceMin === null && event.priceMax === null)
        ? undefined
        : {
            '@type': 'schema:Offer',
            'schema:priceSpecification': {
              '@type': 'schema:PriceSpecification',
              'schema:minPrice': event.priceMin === null ? undefined : Number(event.priceMin),
              'schema:maxPrice': event.priceMax === null ? (event.priceMin === null ? undefined : Number(event.priceMin)) : Number(event.priceMax),
              'schema:priceCurrency': event.currency ?? 'EUR',
            },
          },
    'schema:isAccessibleForFree': event.isFree,
    'schema:eventStatus': { '@id': `http://schema.org/${STATUS[event.status] ?? 'EventScheduled'}` },
    creationDate: date(DateTime.fromJSDate(event.createdAt, { zone: AGENDA_TIME_ZONE })),
    lastUpdate: date(DateTime.fromJSDate(event.updatedAt, { zone: AGENDA_TIME_ZONE })),
    'dct:license': OPEN_LICENCE_URL,
  };
}

const STATUS: Record<string, string> = {
  SCHEDULED: 'EventScheduled',
  FULL: 'EventScheduled',
  RESCHEDULED: 'EventRescheduled',
  POSTPONED: 'EventPostponed',
  MOVED_ONLINE: 'EventMovedOnline',
  CANCELLED: 'EventCancelled',
};

/** The feed: a graph of events, and the dataset itself with its licence, window and paging. */
export function dataTourismeFeed(selection: ExportSelection, { siteUrl, feedUrl, nextUrl }: DataTourismeOptions): Record<string, unknown> {
  return {
    '@context': DATATOURISME_CONTEXT,
    '@graph': [
      {
        '@id': feedUrl,
        '@type': 'http://www.w3.org/ns/dcat#Dataset',
        'dct:title': 'Agenda Nord Franche-Comté (DATAtourisme)',
        'dct:publisher': { '@type': 'foaf:Agent', 'schema:legalName': 'Pôle métropolitain Nord Franche-Comté', 'foaf:homepage': siteUrl },
        'dct:license': OPEN_LICENCE_URL,
        'dct:temporal': {
          '@type': 'dct:PeriodOfTime',
          'http://www.w3.org/ns/dcat#startDate': selection.window.from.toISOString(),
          'http://www.w3.org/ns/dcat#endDate': selection.window.to?.toISOString(),
        },
        'http://www.w3.org/ns/hydra/core#totalItems': selection.totalCount,
        'http://www.w3.org/ns/hydra/core#next': nextUrl ? { '@id': nextUrl } : undefined,
      },
      ...selection.items.map((item) => dataTourismeEvent(item, siteUrl)),
    ],
  };
}
