/** The widget's texts: French first, then English and German (a missing key fails the typecheck). */
export type WidgetLanguage = 'fr' | 'en' | 'de';

const FR = {
  heading: 'Agenda Nord Franche-Comté',
  loading: 'Chargement de l’agenda…',
  loaded: '{count} événements à venir.',
  loadedOne: 'Un événement à venir.',
  none: 'Aucun événement à venir pour ces critères.',
  failed: 'L’agenda n’a pas pu être chargé.',
  rateLimited: 'Trop de demandes : réessayez dans {seconds} s.',
  retry: 'Réessayer',
  filters: 'Filtrer l’agenda',
  category: 'Catégorie',
  anyCategory: 'Toutes les catégories',
  commune: 'Commune',
  anyCommune: 'Toutes les communes',
  addToCalendar: 'Ajouter à mon agenda',
  allEvents: 'Tout l’agenda',
  map: 'Carte des communes où ont lieu ces événements : {names}.',
  mapEmpty: 'Carte des communes : aucun événement à situer.',
  credit: 'Données : Pôle métropolitain Nord Franche-Comté, Licence Ouverte (Etalab 2.0).',
  parisTime: 'heure de Paris',
  CANCELLED: 'Annulé',
  POSTPONED: 'Reporté',
  RESCHEDULED: 'Date modifiée',
  FULL: 'Complet',
  MOVED_ONLINE: 'En ligne',
};

type Texts = typeof FR;

export const TEXTS: Record<WidgetLanguage, Texts> = {
  fr: FR,
  en: {
    heading: 'Nord Franche-Comté events',
    loading: 'Loading the events…',
    loaded: '{count} upcoming events.',
    loadedOne: 'One upcoming event.',
    none: 'No upcoming events match.',
    failed: 'The events could not be loaded.',
    rateLimited: 'Too many requests: try again in {seconds} s.',
    retry: 'Try again',
    filters: 'Filter the events',
    category: 'Category',
    anyCategory: 'All categories',
    commune: 'Town',
    anyCommune: 'All towns',
    addToCalendar: 'Add to my calendar',
    allEvents: 'All events',
    map: 'Map of the towns where these events take place: {names}.',
    mapEmpty: 'Map of the towns: no event to show.',
    credit: 'Data: Pôle métropolitain Nord Franche-Comté, Licence Ouverte (Etalab 2.0).',
    parisTime: 'Paris time',
    CANCELLED: 'Cancelled',
    POSTPONED: 'Postponed',
    RESCHEDULED: 'Rescheduled',
    FULL: 'Fully booked',
    MOVED_ONLINE: 'Online',
  },
  de: {
    heading: 'Veranstaltungen in Nord Franche-Comté',
    loading: 'Veranstaltungen werden geladen…',
    loaded: '{count} kommende Veranstaltungen.',
    loadedOne: 'Eine kommende Veranstaltung.',
    none: 'Keine kommenden Veranstaltungen für diese Auswahl.',
    failed: 'Die Veranstaltungen konnten nicht geladen werden.',
    rateLimited: 'Zu viele Anfragen: Bitte in {seconds} s erneut versuchen.',
    retry: 'Erneut versuchen',
    filters: 'Veranstaltungen filtern',
    category: 'Kategorie',
    anyCategory: 'Alle Kategorien',
    commune: 'Gemeinde',
    anyCommune: 'Alle Gemeinden',
    addToCalendar: 'In meinen Kalender',
    allEvents: 'Alle Veranstaltungen',
    map: 'Karte der Gemeinden, in denen diese Veranstaltungen stattfinden: {names}.',
    mapEmpty: 'Karte der Gemeinden: keine Veranstaltung zu zeigen.',
    credit: 'Daten: Pôle métropolitain Nord Franche-Comté, Licence Ouverte (Etalab 2.0).',
    parisTime: 'Pariser Zeit',
    CANCELLED: 'Abgesagt',
    POSTPONED: 'Verschoben',
    RESCHEDULED: 'Neuer Termin',
    FULL: 'Ausgebucht',
    MOVED_ONLINE: 'Online',
  },
};

export type TextKey = keyof Texts;

/** A text with its `{name}` placeholders filled. */
export function text(language: WidgetLanguage, key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/**
 * The widget's language: its `lang` attribute, else the nearest one around it (the partner's
 * page), else the browser's; French when none is one of ours.
 */
export function pickLanguage(...candidates: Array<string | null | undefined>): WidgetLanguage {
  for (const candidate of candidates) {
    const code = (candidate ?? '').slice(0, 2).toLowerCase();
    if (code === 'fr' || code === 'en' || code === 'de') return code;
  }
  return 'fr';
}
