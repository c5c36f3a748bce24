/** The shared agenda's vocabulary: one list for the API, the site and the partners' systems. */
export const AGENDA_TIME_ZONE = 'Europe/Paris';

export const EVENT_STATUSES = ['SCHEDULED', 'RESCHEDULED', 'POSTPONED', 'MOVED_ONLINE', 'FULL', 'CANCELLED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const MODERATION_STATES = ['DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED', 'ARCHIVED'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const ACCESSIBILITY_CODES = ['HEARING', 'VISUAL', 'MOTOR', 'PSYCHIC', 'INTELLECTUAL'] as const;
export type AccessibilityCode = (typeof ACCESSIBILITY_CODES)[number];

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
