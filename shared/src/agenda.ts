/** The shared agenda's vocabulary: one list for the API, the site and the partners' systems. */
export const AGENDA_TIME_ZONE = 'Europe/Paris';

export const EVENT_STATUSES = ['SCHEDULED', 'RESCHEDULED', 'POSTPONED', 'MOVED_ONLINE', 'FULL', 'CANCELLED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const MODERATION_STATES = ['DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED', 'ARCHIVED'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const ACCESSIBILITY_CODES = ['HEARING', 'VISUAL', 'MOTOR', 'PSYCHIC', 'INTELLECTUAL'] as const;
export type AccessibilityCode = (typeof ACCESSIBILITY_CODES)[number];

export interface AccessibilityDefinition {
  code: AccessibilityCode;
  label: { fr: string; en: string; de: string };
  /** What an office means when it ticks the code. */
  description: { fr: string; en: string; de: string };
}

/**
 * The impairments an event is adapted to, with their labels (the website, the espace pro and the
 * API's `accessibilityCodes` read them here). The families are those of the French "Tourisme &
 * Handicap" label (hearing, visual, motor, intellectual) plus psychic. Neither schema.org
 * (whose accessibilityFeature names features, not impairments) nor DATAtourisme has an exact
 * equivalent, so no mapping is claimed.
 */
export const ACCESSIBILITY: readonly AccessibilityDefinition[] = [
  {
    code: 'HEARING',
    label: { fr: 'Handicap auditif', en: 'Hearing impairment', de: 'Hörbehinderung' },
    description: {
      fr: 'Adapté aux personnes sourdes ou malentendantes (par exemple boucle magnétique, interprétation en langue des signes, sous-titres).',
      en: 'Suited to deaf and hard-of-hearing people (e.g. hearing loop, sign-language interpreting, subtitles).',
      de: 'Geeignet für gehörlose und schwerhörige Menschen (z. B. Induktionsschleife, Gebärdensprachdolmetschen, Untertitel).',
    },
  },
  {
    code: 'VISUAL',
    label: { fr: 'Handicap visuel', en: 'Visual impairment', de: 'Sehbehinderung' },
    description: {
      fr: 'Adapté aux personnes aveugles ou malvoyantes (par exemple audiodescription, documents en gros caractères ou en braille, chiens guides acceptés).',
      en: 'Suited to blind and partially sighted people (e.g. audio description, large-print or braille documents, guide dogs welcome).',
      de: 'Geeignet für blinde und sehbehinderte Menschen (z. B. Audiodeskription, Großdruck oder Braille, Blindenführhunde willkommen).',
    },
  },
  {
    code: 'MOTOR',
    label: { fr: 'Handicap moteur', en: 'Motor impairment', de: 'Motorische Behinderung' },
    description: {
      fr: 'Accessible aux personnes à mobilité réduite, en fauteuil roulant compris (accès de plain-pied ou rampe, sanitaires adaptés).',
      en: 'Accessible to people with reduced mobility, wheelchair users included (step-free access or ramp, adapted toilets).',
      de: 'Zugänglich für Menschen mit eingeschränkter Mobilität, auch im Rollstuhl (stufenloser Zugang oder Rampe, barrierefreie Toiletten).',
    },
  },
  {
    code: 'PSYCHIC',
    label: { fr: 'Handicap psychique', en: 'Psychic impairment', de: 'Psychische Behinderung' },
    description: {
      fr: 'Adapté aux personnes vivant avec un trouble psychique (accueil formé, espace calme, affluence maîtrisée).',
      en: 'Suited to people living with a mental health condition (trained staff, a quiet space, limited crowds).',
      de: 'Geeignet für Menschen mit psychischen Erkrankungen (geschultes Personal, ruhiger Raum, begrenzter Andrang).',
    },
  },
  {
    code: 'INTELLECTUAL',
    label: { fr: 'Handicap mental', en: 'Intellectual impairment', de: 'Geistige Behinderung' },
    description: {
      fr: 'Adapté aux personnes avec un handicap mental ou cognitif (informations faciles à lire et à comprendre, accompagnement).',
      en: 'Suited to people with an intellectual or cognitive disability (easy-to-read information, guidance).',
      de: 'Geeignet für Menschen mit geistiger oder kognitiver Beeinträchtigung (Informationen in Leichter Sprache, Begleitung).',
    },
  },
];

/** The label of an accessibility code in a language. */
export function accessibilityLabel(code: AccessibilityCode, language: 'fr' | 'en' | 'de'): string {
  return ACCESSIBILITY.find((definition) => definition.code === code)!.label[language];
}

export const ATTENDANCE_MODES = ['OFFLINE', 'ONLINE', 'MIXED'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const CURRENCIES = ['EUR', 'CHF'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface EventCategory {
  id: string;
  label: { fr: string; en: string; de: string };
  /** schema.org Event subtype. */
  schemaOrgType: string;
  /** DATAtourisme theme (class of the ontology). */
  dataTourismeType: string;
}

/** Controlled categories, each mapped to schema.org and DATAtourisme. */
export const EVENT_CATEGORIES: readonly EventCategory[] = [
  { id: 'concert', label: { fr: 'Concert', en: 'Concert', de: 'Konzert' }, schemaOrgType: 'MusicEvent', dataTourismeType: 'Concert' },
  { id: 'exhibition', label: { fr: 'Exposition', en: 'Exhibition', de: 'Ausstellung' }, schemaOrgType: 'ExhibitionEvent', dataTourismeType: 'Exhibition' },
  { id: 'festival', label: { fr: 'Festival', en: 'Festival', de: 'Festival' }, schemaOrgType: 'Festival', dataTourismeType: 'Festival' },
  { id: 'sport', label: { fr: 'Sport', en: 'Sport', de: 'Sport' }, schemaOrgType: 'SportsEvent', dataTourismeType: 'SportsEvent' },
  { id: 'nature-outing', label: { fr: 'Sortie nature', en: 'Nature outing', de: 'Naturausflug' }, schemaOrgType: 'Event', dataTourismeType: 'WalkingTour' },
  { id: 'heritage-visit', label: { fr: 'Visite patrimoine', en: 'Heritage visit', de: 'Kulturerbe-Besichtigung' }, schemaOrgType: 'VisualArtsEvent', dataTourismeType: 'GuidedTour' },
  { id: 'industrial-heritage', label: { fr: 'Patrimoine industriel', en: 'Industrial heritage', de: 'Industriekultur' }, schemaOrgType: 'Event', dataTourismeType: 'GuidedTour' },
  { id: 'market', label: { fr: 'Marché', en: 'Market', de: 'Markt' }, schemaOrgType: 'SaleEvent', dataTourismeType: 'Market' },
  { id: 'show', label: { fr: 'Spectacle', en: 'Show', de: 'Aufführung' }, schemaOrgType: 'TheaterEvent', dataTourismeType: 'ShowEvent' },
  { id: 'workshop', label: { fr: 'Atelier', en: 'Workshop', de: 'Workshop' }, schemaOrgType: 'EducationEvent', dataTourismeType: 'TrainingWorkshop' },
  { id: 'conference', label: { fr: 'Conférence', en: 'Conference', de: 'Vortrag' }, schemaOrgType: 'EducationEvent', dataTourismeType: 'Conference' },
  { id: 'children', label: { fr: 'Jeune public', en: 'For children', de: 'Für Kinder' }, schemaOrgType: 'ChildrensEvent', dataTourismeType: 'EntertainmentAndEvent' },
  { id: 'cinema', label: { fr: 'Cinéma', en: 'Cinema', de: 'Kino' }, schemaOrgType: 'ScreeningEvent', dataTourismeType: 'ScreeningEvent' },
  { id: 'food', label: { fr: 'Gastronomie', en: 'Food and drink', de: 'Gastronomie' }, schemaOrgType: 'FoodEvent', dataTourismeType: 'GastronomicEvent' },
];
export const EVENT_CATEGORY_IDS = EVENT_CATEGORIES.map((category) => category.id);

/**
 * What a merge of duplicates decides, field by field. Each field groups the values that only make
 * sense together (a status and its online link, a price and its currency, a point and its commune).
 */
export const MERGE_FIELDS = ['TITLE', 'SHORT_DESCRIPTION', 'LONG_DESCRIPTION', 'DATES', 'STATUS', 'PLACE', 'IMAGE', 'PRICE', 'BOOKING', 'ORGANISER', 'CATEGORIES', 'AUDIENCE'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Which event of a merge a field's value comes from: the one kept (canonical) or the one merged into it. */
export const MERGE_SIDES = ['KEPT', 'MERGED'] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

/** OpenAgenda's limits, which partners' systems already respect. */
export const AGENDA_LIMITS = {
  titleMaxLength: 140,
  shortDescriptionMaxLength: 200,
  longDescriptionMaxLength: 10_000,
  maxOccurrences: 800,
  upsertBatchMax: 250,
} as const;
