import { readSource } from '.';
import { SourceFormatError, type ImportFormat, type SourceItem } from '../import.model';
import { plainText } from './text';

const ics = (...event: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//FR', 'BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...event, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
const VTIMEZONE_NEW_YORK = [
  'BEGIN:VTIMEZONE', 'TZID:America/New_York',
  'BEGIN:STANDARD', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** One source, what its reader must give for its (only) item. */
const CASES: Array<[string, ImportFormat, string, Partial<SourceItem>]> = [
  ['ICS: a UTC time becomes Paris wall-clock time (summer: +2)', 'ics', ics('UID:u1', 'DTSTART:20270701T190000Z', 'DTEND:20270701T210000Z', 'SUMMARY:Open air'), { externalId: 'u1', schedule: { allDay: false, dates: [{ start: '2027-07-01T21:00', end: '2027-07-01T23:00' }] } }],
  [
    'ICS: a zone the calendar declares (VTIMEZONE) is converted',
    'ics',
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//FR', ...VTIMEZONE_NEW_YORK, 'BEGIN:VEVENT', 'UID:ny', 'DTSTAMP:20260101T000000Z', 'DTSTART;TZID=America/New_York:20270115T120000', 'DTEND;TZID=America/New_York:20270115T130000', 'SUMMARY:Visio', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n'),
    { schedule: { allDay: false, dates: [{ start: '2027-01-15T18:00', end: '2027-01-15T19:00' }] } },
  ],
  ['ICS: an all-day event ends the day before its exclusive DTEND', 'ics', ics('UID:d1', 'DTSTART;VALUE=DATE:20270510', 'DTEND;VALUE=DATE:20270512', 'SUMMARY:Foire'), { schedule: { allDay: true, dates: [{ start: '2027-05-10', end: '2027-05-11' }] } }],
  [
    'ICS: a rule without end is kept for a year, and said so',
    'ics',
    ics('UID:r1', 'DTSTART:20270102T080000', 'DTEND:20270102T120000', 'RRULE:FREQ=WEEKLY;BYDAY=SA', 'SUMMARY:Marché'),
    { notes: ['RECURRENCE_CAPPED'], schedule: expect.objectContaining({ recurrence: expect.objectContaining({ start: '2027-01-02T08:00', durationMinutes: 240, rule: expect.stringMatching(/^FREQ=WEEKLY;BYDAY=SA;UNTIL=\d{8}$/) }) }) },
  ],
  [
    'ICS: an occurrence moved by a RECURRENCE-ID leaves the rule and comes back at its new time; a cancelled one only leaves it',
    'ics',
    [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//FR',
      'BEGIN:VEVENT', 'UID:m1', 'DTSTAMP:20260101T000000Z', 'DTSTART:20270102T080000', 'DTEND:20270102T120000', 'RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=6', 'SUMMARY:Marché', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:m1', 'DTSTAMP:20260101T000000Z', 'RECURRENCE-ID:20270109T080000', 'DTSTART:20270109T100000', 'DTEND:20270109T140000', 'SUMMARY:Marché (décalé)', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:m1', 'DTSTAMP:20260101T000000Z', 'RECURRENCE-ID:20270116T080000', 'DTSTART:20270116T080000', 'STATUS:CANCELLED', 'SUMMARY:Marché', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n'),
    { externalId: 'm1', schedule: { allDay: false, recurrence: expect.objectContaining({ start: '2027-01-02T08:00', exceptions: ['2027-01-09T08:00', '2027-01-16T08:00'], additions: ['2027-01-09T10:00'] }) } },
  ],
  ['ICS: HTML in a description becomes text; STATUS:CANCELLED is ours', 'ics', ics('UID:h1', 'DTSTART:20270102T080000', 'SUMMARY:Bal', 'STATUS:CANCELLED', 'DESCRIPTION:<p>Un <b>bal</b> &amp; un buffet</p>'), { status: 'CANCELLED', longDescription: { fr: 'Un bal & un buffet' } }],
  ['ICS: a VEVENT without UID is refused', 'ics', ics('DTSTART:20270102T080000', 'SUMMARY:Sans id'), { refusal: expect.objectContaining({ code: 'MISSING_ID' }) }],
  [
    'OpenAgenda: status 6 is cancelled; begin (API) or start (export); keywords are categories',
    'openagenda',
    JSON.stringify({ events: [{ uid: 42, title: { fr: 'Concert', de: 'Konzert' }, status: 6, keywords: { fr: ['jazz'] }, timings: [{ begin: '2027-02-01T20:00:00+01:00', end: '2027-02-01T22:00:00+01:00' }], location: { insee: '90010' } }] }),
    { externalId: '42', status: 'CANCELLED', title: { fr: 'Concert', de: 'Konzert' }, categories: ['jazz'], schedule: { allDay: false, dates: [{ start: '2027-02-01T20:00', end: '2027-02-01T22:00' }] } },
  ],
  ['OpenAgenda: an event without timings is refused', 'openagenda', JSON.stringify({ events: [{ uid: 7, title: { fr: 'Bientôt' } }] }), { refusal: expect.objectContaining({ code: 'NO_DATES' }) }],
  [
    'Apidae: a period of several days without hours is one all-day date; identifiant as id; other types skipped',
    'apidae',
    JSON.stringify({ objetsTouristiques: [{ id: 1, type: 'RESTAURATION', nom: { libelleFr: 'Brasserie' } }, { identifiant: 5501, type: 'FETE_ET_MANIFESTATION', nom: { libelleFr: 'Festival', libelleEn: 'Festival (en)' }, ouverture: { periodesOuvertures: [{ dateDebut: '2027-07-02', dateFin: '2027-07-04' }] } }] }),
    { externalId: '5501', title: { fr: 'Festival', en: 'Festival (en)', de: undefined }, schedule: { allDay: true, dates: [{ start: '2027-07-02', end: '2027-07-04' }] } },
  ],
  [
    'Apidae: a period of several days with hours is a date per day; closing after midnight ends the next day',
    'apidae',
    JSON.stringify([{ id: 9, type: 'FETE_ET_MANIFESTATION', nom: { libelleFr: 'Nuits' }, ouverture: { periodesOuvertures: [{ dateDebut: '2027-08-01', dateFin: '2027-08-02', horaireOuverture: '21:00:00', horaireFermeture: '01:00:00' }] } }]),
    { schedule: { allDay: false, dates: [{ start: '2027-08-01T21:00', end: '2027-08-02T01:00' }, { start: '2027-08-02T21:00', end: '2027-08-03T01:00' }] } },
  ],
  [
    'Apidae: an API search answer (query, objetsTouristiques), a point without its GeoJSON type, adresse3, themes and types as categories',
    'apidae',
    JSON.stringify({
      query: { selectionIds: [1], responseFields: ['id', 'nom', 'localisation.geolocalisation.geoJson.coordinates'] },
      numFound: 1,
      objetsTouristiques: [
        {
          type: 'FETE_ET_MANIFESTATION',
          id: 323154,
          nom: { libelleFr: 'Montée réservée aux cyclistes', libelleEn: 'Cyclists only' },
          localisation: { adresse: { adresse3: 'Route du col', codePostal: '90200', commune: { id: 1, code: '90065', nom: 'Giromagny' } }, geolocalisation: { geoJson: { coordinates: [6.83, 47.74] } } },
          ouverture: { periodesOuvertures: [{ identifiant: 1, dateDebut: '2027-08-06', dateFin: '2027-08-06', horaireOuverture: '09:00:00', horaireFermeture: '12:00:00', type: 'OUVERTURE_TOUS_LES_JOURS' }] },
          informationsFeteEtManifestation: { nomLieu: 'Embranchement', typesManifestation: [{ id: 1971, libelleFr: 'Sports' }], themes: [{ id: 2337, libelleFr: 'Cyclisme' }] },
        },
      ],
    }),
    {
      externalId: '323154',
      categories: ['1971', 'Sports', '2337', 'Cyclisme'],
      place: { name: 'Embranchement', streetAddress: 'Route du col', postalCode: '90200', communeInsee: '90065', communeName: 'Giromagny', lon: 6.83, lat: 47.74 },
      schedule: { allDay: false, dates: [{ start: '2027-08-06T09:00', end: '2027-08-06T12:00' }] },
    },
  ],
  [
    'Apidae: a weekly period opens only on its days',
    'apidae',
    JSON.stringify([{ id: 10, type: 'FETE_ET_MANIFESTATION', nom: { libelleFr: 'Marché' }, ouverture: { periodesOuvertures: [{ dateDebut: '2027-03-01', dateFin: '2027-03-14', horaireOuverture: '08:00:00', horaireFermeture: '12:00:00', type: 'OUVERTURE_SEMAINE', ouverturesJournalieres: [{ jour: 'SAMEDI' }] }] } }]),
    { schedule: { allDay: false, dates: [{ start: '2027-03-06T08:00', end: '2027-03-06T12:00' }, { start: '2027-03-13T08:00', end: '2027-03-13T12:00' }] } },
  ],
  [
    'DATAtourisme: a period applies only on its days (appliesOnDay)',
    'datatourisme',
    JSON.stringify([{ '@id': 'urn:x', '@type': ['EntertainmentAndEvent'], 'rdfs:label': { fr: ['Visite'] }, takesPlaceAt: [{ startDate: '2027-03-01', endDate: '2027-03-07', startTime: '15:00:00', endTime: '16:00:00', appliesOnDay: [{ '@id': 'schema:Wednesday' }] }] }]),
    { externalId: 'urn:x', schedule: { allDay: false, dates: [{ start: '2027-03-03T15:00', end: '2027-03-03T16:00' }] } },
  ],
  [
    'DATAtourisme: @value/@language labels, dc:identifier, hasAddressCity insee, geo as strings, types as categories',
    'datatourisme',
    JSON.stringify({
      '@graph': [
        { '@id': 'https://data.datatourisme.fr/1/place', '@type': ['PlaceOfInterest'] },
        {
          '@id': 'https://data.datatourisme.fr/1/ev',
          'dc:identifier': 'DT-1',
          '@type': ['schema:Event', 'EntertainmentAndEvent', 'SportsEvent'],
          'rdfs:label': [{ '@language': 'fr', '@value': 'Trail' }, { '@language': 'de', '@value': 'Traillauf' }],
          takesPlaceAt: [{ startDate: { '@value': '2027-09-12', '@type': 'xsd:date' }, startTime: '09:00:00' }],
          isLocatedAt: [{ 'schema:address': [{ hasAddressCity: { insee: '25388' } }], 'schema:geo': { 'schema:latitude': '47.51', 'schema:longitude': '6.79' } }],
        },
      ],
    }),
    { externalId: 'DT-1', title: { fr: 'Trail', de: 'Traillauf' }, categories: ['Event', 'EntertainmentAndEvent', 'SportsEvent'], place: expect.objectContaining({ communeInsee: '25388', lat: 47.51, lon: 6.79 }), schedule: { allDay: false, dates: [{ start: '2027-09-12T09:00', end: '2027-09-12T09:00' }] } },
  ],
];

test.each(CASES)('%s', async (_name, format, content, expected) => {
  const items = await readSource(format, content);
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject(expected);
});

test.each([
  ['ics', 'not a calendar'],
  ['openagenda', '{"events": 3}'],
  ['apidae', '"a string"'],
  ['datatourisme', 'not json'],
] as const)('a %s source that is not in its format is refused as a whole', async (format, content) => {
  await expect(readSource(format, content)).rejects.toBeInstanceOf(SourceFormatError);
});

/** A good object beside one whose values have types the format never uses: the good one is read, the other refused alone. */
const GOOD_OPENAGENDA = { uid: 1, title: { fr: 'Bon' }, timings: [{ begin: '2027-02-01T20:00:00+01:00', end: '2027-02-01T22:00:00+01:00' }], location: { insee: '90010' } };
const GOOD_APIDAE = { type: 'FETE_ET_MANIFESTATION', id: 1, nom: { libelleFr: 'Bon' }, ouverture: { periodesOuvertures: [{ dateDebut: '2027-05-01', dateFin: '2027-05-01' }] } };
test.each([
  ['OpenAgenda: a null timing', 'openagenda', JSON.stringify({ events: [GOOD_OPENAGENDA, { ...GOOD_OPENAGENDA, uid: 2, timings: [null] }] })],
  ['OpenAgenda: an image credit that is a number', 'openagenda', JSON.stringify({ events: [GOOD_OPENAGENDA, { ...GOOD_OPENAGENDA, uid: 2, image: { base: 'https://x.example/', filename: 'a.jpg' }, imageCredits: 12 }] })],
  ['OpenAgenda: a top-level list', 'openagenda', JSON.stringify([GOOD_OPENAGENDA, { ...GOOD_OPENAGENDA, uid: 2, timings: [null] }])],
  ['Apidae: a copyright that is a number', 'apidae', JSON.stringify([GOOD_APIDAE, { ...GOOD_APIDAE, id: 2, illustrations: [{ copyright: { libelleFr: 7 }, traductionFichiers: [{ locale: 'fr', url: 'https://x.example/a.jpg' }] }] }])],
  ['Apidae: objetsTouristiques with a period that is a number', 'apidae', JSON.stringify({ objetsTouristiques: [GOOD_APIDAE, { ...GOOD_APIDAE, id: 2, ouverture: { periodesOuvertures: [{ dateDebut: 20270501, horaireOuverture: 9 }] } }] })],
] as const)('%s: the good item is read, the other is refused as UNREADABLE or read, never a crash', async (_case, format, content) => {
  const items = await readSource(format, content);
  expect(items.map((item) => item.externalId)).toEqual(['1', '2']);
  expect(items[0]).toMatchObject({ title: { fr: 'Bon' } });
  expect(items[0]!.refusal).toBeUndefined();
  if (items[1]!.refusal) expect(items[1]!.refusal.code).toMatch(/^(UNREADABLE|NO_DATES)$/);
});

test.each([
  ['&#x110000;', '\uFFFD'],
  ['&#99999999;', '\uFFFD'],
  ['&#xD800;', '\uFFFD'],
])('a character reference beyond Unicode (%j) is the replacement character, not a crash', (html, text) => {
  expect(plainText(html)).toBe(text);
});

test.each([
  ['<p>Un</p><p>Deux</p>', 'Un\nDeux'],
  ['A<br/>B', 'A\nB'],
  ['&lt;script&gt; &#233;t&#xE9;', '<script> été'],
  ['   ', undefined],
])('plainText(%j) is %j', (html, text) => {
  expect(plainText(html)).toBe(text);
});
