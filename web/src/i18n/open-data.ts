import type { Language } from '@nfc/shared';

/** The open-data page (/donnees) and its footer links, French first, then English and German. */
export const OPEN_DATA_TEXT = {
  fr: {
    footer: 'Données ouvertes',
    footerWidget: 'Widget à intégrer',
    title: 'Données ouvertes de l’agenda',
    intro:
      'Les événements publiés par les offices de tourisme de Nord Franche-Comté sont réutilisables librement, y compris à des fins commerciales, sous la Licence Ouverte 2.0 d’Etalab, à condition de citer la source : « Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté » et la date de mise à jour.',
    licence: 'Licence Ouverte / Open Licence 2.0',
    contentsTitle: 'Ce que contiennent les flux',
    contents:
      'Seuls les événements publiés et publics y figurent, avec leurs dates à venir (ou celles de la fenêtre demandée) ; les événements annulés ou reportés restent, marqués comme tels. Chaque réponse indique sa fenêtre (en-tête X-Window), le nombre de dates correspondantes (X-Total-Count) et, s’il y en a davantage, le lien de la page suivante (Link rel="next").',
    feedsTitle: 'Les flux',
    format: 'Format',
    contains: 'Contenu',
    example: 'Exemple',
    perPage: 'Dates par réponse',
    parametersTitle: 'Paramètres communs',
    parametersIntro: 'Tous les flux de l’agenda acceptent les mêmes filtres, en paramètres d’URL :',
    builderTitle: 'Construire un lien filtré',
    builderIntro: 'Choisissez un format et des filtres, puis « Obtenir le lien » : le lien s’affiche sous le formulaire.',
    builderFormat: 'Format',
    builderEpci: 'Intercommunalité',
    builderCommune: 'Commune',
    builderCategory: 'Catégorie',
    builderFrom: 'À partir du',
    builderTo: 'Jusqu’au (inclus)',
    builderLanguage: 'Langue des textes (CSV, XLSX, PDF)',
    builderAny: 'Toutes',
    builderSubmit: 'Obtenir le lien',
    builderResult: 'Votre lien',
    builderBadDate: 'Une date n’est pas valide ; elle a été ignorée.',
    widgetTitle: 'Sur votre site',
    widget: 'Pour afficher l’agenda filtré sur votre propre site, utilisez le widget à intégrer.',
  },
  en: {
    footer: 'Open data',
    footerWidget: 'Embeddable widget',
    title: 'Open data of the agenda',
    intro:
      'The events published by the tourist offices of Nord Franche-Comté may be reused freely, commercial use included, under Etalab’s Open Licence 2.0, provided the source is credited: “Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté” with the date of the last update.',
    licence: 'Licence Ouverte / Open Licence 2.0',
    contentsTitle: 'What the feeds contain',
    contents:
      'Only published, public events, with their upcoming dates (or those of the window asked for); cancelled and postponed events stay, marked as such. Every answer states its window (X-Window header), how many dates match (X-Total-Count) and, when there are more, the link to the next page (Link rel="next").',
    feedsTitle: 'The feeds',
    format: 'Format',
    contains: 'Contents',
    example: 'Example',
    perPage: 'Dates per answer',
    parametersTitle: 'Common parameters',
    parametersIntro: 'Every agenda feed takes the same filters, as URL parameters:',
    builderTitle: 'Build a filtered link',
    builderIntro: 'Choose a format and filters, then “Get the link”: the link appears below the form.',
    builderFormat: 'Format',
    builderEpci: 'Intercommunality',
    builderCommune: 'Municipality',
    builderCategory: 'Category',
    builderFrom: 'From',
    builderTo: 'Until (included)',
    builderLanguage: 'Language of the texts (CSV, XLSX, PDF)',
    builderAny: 'All',
    builderSubmit: 'Get the link',
    builderResult: 'Your link',
    builderBadDate: 'A date is not valid; it was left out.',
    widgetTitle: 'On your site',
    widget: 'To show the filtered agenda on your own site, use the embeddable widget.',
  },
  de: {
    footer: 'Offene Daten',
    footerWidget: 'Widget zum Einbinden',
    title: 'Offene Daten des Veranstaltungskalenders',
    intro:
      'Die von den Tourismusbüros in Nord Franche-Comté veröffentlichten Veranstaltungen dürfen unter der Licence Ouverte 2.0 von Etalab frei weiterverwendet werden, auch kommerziell, sofern die Quelle genannt wird: „Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté“ mit dem Datum der letzten Aktualisierung.',
    licence: 'Licence Ouverte / Open Licence 2.0',
    contentsTitle: 'Was die Feeds enthalten',
    contents:
      'Nur veröffentlichte, öffentliche Veranstaltungen mit ihren kommenden Terminen (oder denen des gewünschten Zeitraums); abgesagte und verschobene Veranstaltungen bleiben enthalten und sind als solche gekennzeichnet. Jede Antwort nennt ihren Zeitraum (Header X-Window), die Zahl der passenden Termine (X-Total-Count) und, wenn es mehr gibt, den Link zur nächsten Seite (Link rel="next").',
    feedsTitle: 'Die Feeds',
    format: 'Format',
    contains: 'Inhalt',
    example: 'Beispiel',
    perPage: 'Termine pro Antwort',
    parametersTitle: 'Gemeinsame Parameter',
    parametersIntro: 'Alle Feeds des Kalenders nehmen dieselben Filter als URL-Parameter an:',
    builderTitle: 'Einen gefilterten Link erstellen',
    builderIntro: 'Wählen Sie ein Format und Filter, dann „Link erhalten“: Der Link erscheint unter dem Formular.',
    builderFormat: 'Format',
    builderEpci: 'Gemeindeverband',
    builderCommune: 'Gemeinde',
    builderCategory: 'Kategorie',
    builderFrom: 'Ab',
    builderTo: 'Bis (einschließlich)',
    builderLanguage: 'Sprache der Texte (CSV, XLSX, PDF)',
    builderAny: 'Alle',
    builderSubmit: 'Link erhalten',
    builderResult: 'Ihr Link',
    builderBadDate: 'Ein Datum ist ungültig; es wurde weggelassen.',
    widgetTitle: 'Auf Ihrer Website',
    widget: 'Um den gefilterten Kalender auf Ihrer eigenen Website zu zeigen, nutzen Sie das Widget zum Einbinden.',
  },
} satisfies Record<Language, Record<string, string>>;

type Texts = Record<Language, string>;

export interface FeedDescription {
  id: string;
  name: string;
  /** The file under /feeds on the API, or a page of the site. */
  path: string;
  onSite?: boolean;
  mediaType: string;
  contents: Texts;
  perPage: number | null;
  /** Whether `lang` chooses the language of its texts. */
  languages: boolean;
}

/** Every feed, in the order a reuser meets them: calendars, news readers, open data, office files. */
export const FEEDS: FeedDescription[] = [
  {
    id: 'ics',
    name: 'iCalendar (ICS)',
    path: '/feeds/agenda.ics',
    mediaType: 'text/calendar',
    perPage: 100,
    languages: false,
    contents: {
      fr: 'Abonnement pour les agendas (Google, Apple, Outlook, Thunderbird) : un VEVENT par événement récurrent (avec sa règle) ou par date, fuseau Europe/Paris.',
      en: 'A subscription for calendar apps (Google, Apple, Outlook, Thunderbird): one VEVENT per recurring event (with its rule) or per date, Europe/Paris time zone.',
      de: 'Abonnement für Kalender-Apps (Google, Apple, Outlook, Thunderbird): ein VEVENT pro wiederkehrender Veranstaltung (mit ihrer Regel) oder pro Termin, Zeitzone Europe/Paris.',
    },
  },
  {
    id: 'rss',
    name: 'RSS 2.0',
    path: '/feeds/agenda.rss',
    mediaType: 'application/rss+xml',
    perPage: 100,
    languages: false,
    contents: { fr: 'Les prochaines dates pour les lecteurs de flux : titre, date, description courte, lien.', en: 'The next dates for feed readers: title, date, short description, link.', de: 'Die nächsten Termine für Feedreader: Titel, Datum, Kurzbeschreibung, Link.' },
  },
  {
    id: 'atom',
    name: 'Atom',
    path: '/feeds/agenda.atom',
    mediaType: 'application/atom+xml',
    perPage: 100,
    languages: false,
    contents: { fr: 'Le même contenu que le RSS, au format Atom.', en: 'The same as the RSS feed, in Atom.', de: 'Derselbe Inhalt wie der RSS-Feed, im Atom-Format.' },
  },
  {
    id: 'jsonld',
    name: 'JSON-LD schema.org',
    path: '/agenda',
    onSite: true,
    mediaType: 'application/ld+json',
    perPage: null,
    languages: true,
    contents: {
      fr: 'Chaque page d’événement du site contient son Event schema.org (prochaine date, lieu, statut, tarif) pour les moteurs de recherche ; l’API le donne aussi (champ jsonLd).',
      en: 'Each event page of the site embeds its schema.org Event (next date, place, status, price) for search engines; the API gives it too (jsonLd field).',
      de: 'Jede Veranstaltungsseite enthält ihr schema.org-Event (nächster Termin, Ort, Status, Preis) für Suchmaschinen; die API liefert es ebenfalls (Feld jsonLd).',
    },
  },
  {
    id: 'datatourisme',
    name: 'DATAtourisme (JSON-LD)',
    path: '/feeds/datatourisme.jsonld',
    mediaType: 'application/ld+json',
    perPage: 100,
    languages: false,
    contents: {
      fr: 'Les événements selon l’ontologie DATAtourisme : EntertainmentAndEvent et sa sous-classe, périodes (takesPlaceAt), lieu avec code INSEE et coordonnées, descriptions en fr/en/de, office publiant, contact, image et crédit, tarifs, dernière mise à jour.',
      en: 'The events in the DATAtourisme ontology: EntertainmentAndEvent and its subclass, periods (takesPlaceAt), place with INSEE code and coordinates, descriptions in fr/en/de, publishing office, contact, image and credit, prices, last update.',
      de: 'Die Veranstaltungen nach der DATAtourisme-Ontologie: EntertainmentAndEvent und Unterklasse, Zeiträume (takesPlaceAt), Ort mit INSEE-Code und Koordinaten, Beschreibungen auf fr/en/de, veröffentlichendes Büro, Kontakt, Bild und Bildnachweis, Preise, letzte Aktualisierung.',
    },
  },
  {
    id: 'openagenda',
    name: 'OpenAgenda (JSON)',
    path: '/feeds/openagenda.json',
    mediaType: 'application/json',
    perPage: 100,
    languages: false,
    contents: {
      fr: 'La forme des exports d’événements OpenAgenda v2 : uid, slug, textes par langue, mots-clés, timings, lieu (avec code INSEE), image, statut, mode de participation, accessibilité, date de mise à jour. « total » compte les dates.',
      en: 'The shape of OpenAgenda v2 event exports: uid, slug, texts per language, keywords, timings, location (with INSEE code), image, status, attendance mode, accessibility, last update. “total” counts dates.',
      de: 'Die Form der Veranstaltungsexporte von OpenAgenda v2: uid, slug, Texte pro Sprache, Schlagwörter, timings, Ort (mit INSEE-Code), Bild, Status, Teilnahmeform, Barrierefreiheit, letzte Aktualisierung. „total“ zählt Termine.',
    },
  },
  {
    id: 'csv',
    name: 'CSV',
    path: '/feeds/agenda.csv',
    mediaType: 'text/csv',
    perPage: 500,
    languages: true,
    contents: {
      fr: 'Une ligne par date (RFC 4180, UTF-8 avec BOM pour Excel) : date, heures, titre, statut, catégories, lieu, adresse, commune, code INSEE, coordonnées, description courte, tarif, réservation, organisateur, contact, office, mise à jour, page.',
      en: 'One row per date (RFC 4180, UTF-8 with a BOM for Excel): date, times, title, status, categories, place, address, municipality, INSEE code, coordinates, short description, price, booking, organiser, contact, office, update, page.',
      de: 'Eine Zeile pro Termin (RFC 4180, UTF-8 mit BOM für Excel): Datum, Uhrzeiten, Titel, Status, Kategorien, Ort, Adresse, Gemeinde, INSEE-Code, Koordinaten, Kurzbeschreibung, Preis, Buchung, Veranstalter, Kontakt, Büro, Aktualisierung, Seite.',
    },
  },
  {
    id: 'xlsx',
    name: 'Excel (XLSX)',
    path: '/feeds/agenda.xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    perPage: 500,
    languages: true,
    contents: {
      fr: 'Les mêmes colonnes que le CSV dans un classeur (en-tête figé, filtres), et une feuille « À propos » : source, licence, fenêtre, nombre de dates, page suivante.',
      en: 'The CSV’s columns in a workbook (frozen header, filters), and an “About” sheet: source, licence, window, number of dates, next page.',
      de: 'Die Spalten der CSV in einer Arbeitsmappe (fixierte Kopfzeile, Filter) und ein Blatt „Info“: Quelle, Lizenz, Zeitraum, Zahl der Termine, nächste Seite.',
    },
  },
  {
    id: 'pdf',
    name: 'PDF',
    path: '/feeds/programme.pdf',
    mediaType: 'application/pdf',
    perPage: 150,
    languages: true,
    contents: {
      fr: 'Un programme imprimable pour l’accueil : par jour, chaque date avec son heure, son lieu, sa commune, sa description courte, son tarif, et la mention Annulé ou Reporté. Au-delà de 150 dates, il le dit et renvoie à la liste en ligne.',
      en: 'A printable programme for the front desk: by day, each date with its time, place, municipality, short description, price, and a Cancelled or Postponed mark. Beyond 150 dates it says so and points to the online list.',
      de: 'Ein druckbares Programm für den Empfang: nach Tagen, jeder Termin mit Uhrzeit, Ort, Gemeinde, Kurzbeschreibung, Preis und dem Vermerk Abgesagt oder Verschoben. Über 150 Termine sagt es das und verweist auf die Online-Liste.',
    },
  },
];

/** The feeds' parameters (the same filter as the agenda's GraphQL query). */
export const PARAMETERS: Array<{ name: string; description: Texts }> = [
  { name: 'from, to', description: { fr: 'Fenêtre, en date ISO 8601 (par défaut : à partir de maintenant, sans fin).', en: 'Window, as ISO 8601 dates (default: from now, no end).', de: 'Zeitraum als ISO-8601-Datum (Standard: ab jetzt, ohne Ende).' } },
  { name: 'epci', description: { fr: 'SIREN d’une intercommunalité.', en: 'SIREN of an intercommunality.', de: 'SIREN eines Gemeindeverbands.' } },
  { name: 'commune', description: { fr: 'Code INSEE d’une commune.', en: 'INSEE code of a municipality.', de: 'INSEE-Code einer Gemeinde.' } },
  { name: 'category', description: { fr: 'Catégories, séparées par des virgules (concert, market…).', en: 'Categories, comma-separated (concert, market…).', de: 'Kategorien, durch Kommas getrennt (concert, market…).' } },
  { name: 'free', description: { fr: 'true : seulement les événements gratuits.', en: 'true: free events only.', de: 'true: nur kostenlose Veranstaltungen.' } },
  { name: 'accessibility', description: { fr: 'Handicaps pris en charge (HEARING, VISUAL, MOTOR, PSYCHIC, INTELLECTUAL), séparés par des virgules.', en: 'Impairments catered for (HEARING, VISUAL, MOTOR, PSYCHIC, INTELLECTUAL), comma-separated.', de: 'Berücksichtigte Beeinträchtigungen (HEARING, VISUAL, MOTOR, PSYCHIC, INTELLECTUAL), durch Kommas getrennt.' } },
  { name: 'text', description: { fr: 'Recherche dans les textes.', en: 'Text search.', de: 'Volltextsuche.' } },
  { name: 'lang', description: { fr: 'fr, en ou de : langue des textes du CSV, du XLSX et du PDF.', en: 'fr, en or de: language of the CSV, XLSX and PDF texts.', de: 'fr, en oder de: Sprache der Texte von CSV, XLSX und PDF.' } },
  { name: 'after', description: { fr: 'Curseur de la page suivante, tel que le donne l’en-tête Link rel="next".', en: 'Cursor of the next page, as given by the Link rel="next" header.', de: 'Cursor der nächsten Seite, wie ihn der Header Link rel="next" angibt.' } },
];
