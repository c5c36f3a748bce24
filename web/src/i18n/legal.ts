import type { Language } from '@nfc/shared';

export interface LegalSection {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

export interface LegalPage {
  title: string;
  intro: string;
  sections: LegalSection[];
}

export const LEGAL_UPDATED = '2026-11-22';

/** Accessibility statement in the form the RGAA 4.1 requires of French public bodies. */
export const ACCESSIBILITY: Record<Language, LegalPage> = {
  fr: {
    title: "Déclaration d'accessibilité",
    intro:
      "Le Pôle métropolitain Nord Franche-Comté s'engage à rendre son site internet accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au site Nord Franche-Comté.",
    sections: [
      {
        heading: 'État de conformité',
        paragraphs: [
          "Le site Nord Franche-Comté est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités et des dérogations énumérées ci-dessous.",
        ],
      },
      {
        heading: 'Résultats des tests',
        paragraphs: [
          "Aucun audit complet n'a encore été réalisé par un organisme tiers. Chaque gabarit de page est vérifié automatiquement, à chaque modification, avec axe-core (critères WCAG 2.1 niveaux A et AA) dans un navigateur réel : aucun défaut n'est relevé. Un audit RGAA complet est prévu.",
        ],
      },
      {
        heading: 'Contenus non accessibles',
        paragraphs: ['Les éléments suivants peuvent présenter des difficultés :'],
        items: [
          "La carte des intercommunalités est un dessin : la même information est donnée par la liste des intercommunalités placée à côté de la carte.",
          "Les vérifications automatiques ne couvrent pas tous les critères du RGAA (pertinence des alternatives, ordre de lecture) : elles sont complétées par des vérifications manuelles au clavier.",
        ],
      },
      {
        heading: 'Établissement de cette déclaration',
        paragraphs: [
          `Cette déclaration a été établie le ${LEGAL_UPDATED}.`,
          'Technologies utilisées : HTML5, CSS, SVG. Le site fonctionne sans JavaScript.',
          'Environnement de test : Chromium récent, navigation au clavier, vérification automatique axe-core.',
        ],
      },
      {
        heading: 'Retour d’information et contact',
        paragraphs: [
          "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le Pôle métropolitain pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme : Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard.",
        ],
      },
      {
        heading: 'Voies de recours',
        paragraphs: [
          "Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :",
        ],
        items: [
          'écrire un message au Défenseur des droits (formulaire sur defenseurdesdroits.fr) ;',
          'contacter le délégué du Défenseur des droits dans votre région ;',
          'envoyer un courrier (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
        ],
      },
    ],
  },
  en: {
    title: 'Accessibility statement',
    intro:
      'The Pôle métropolitain Nord Franche-Comté is committed to making its website accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to the Nord Franche-Comté website.',
    sections: [
      { heading: 'Compliance status', paragraphs: ['The website is partially compliant with the French accessibility standard RGAA 4.1 (WCAG 2.1 AA), because of the non-compliances listed below.'] },
      {
        heading: 'Test results',
        paragraphs: [
          'No full third-party audit has been carried out yet. Every page template is checked automatically on every change with axe-core (WCAG 2.1 A and AA) in a real browser, with no violation found. A full RGAA audit is planned.',
        ],
      },
      {
        heading: 'Non-accessible content',
        paragraphs: ['The following may cause difficulties:'],
        items: [
          'The map of the intercommunalities is a drawing; the list next to it gives the same information.',
          'Automated checks do not cover every RGAA criterion (relevance of text alternatives, reading order); they are completed by manual keyboard checks.',
        ],
      },
      {
        heading: 'Preparation of this statement',
        paragraphs: [`This statement was prepared on ${LEGAL_UPDATED}.`, 'Technologies: HTML5, CSS, SVG. The site works without JavaScript.', 'Test environment: recent Chromium, keyboard navigation, automated axe-core checks.'],
      },
      {
        heading: 'Feedback and contact',
        paragraphs: ['If you cannot access a content or service, contact the Pôle métropolitain to be offered an accessible alternative: Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard, France.'],
      },
      {
        heading: 'Remedies',
        paragraphs: ['If you report an accessibility problem and get no answer, you may refer the matter to the French Défenseur des droits:'],
        items: ['through the form on defenseurdesdroits.fr;', 'through the Défenseur des droits’ delegate in your region;', 'by post: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, France.'],
      },
    ],
  },
  de: {
    title: 'Erklärung zur Barrierefreiheit',
    intro:
      'Der Pôle métropolitain Nord Franche-Comté verpflichtet sich, seine Website gemäß Artikel 47 des französischen Gesetzes Nr. 2005-102 vom 11. Februar 2005 barrierefrei zu gestalten. Diese Erklärung gilt für die Website Nord Franche-Comté.',
    sections: [
      { heading: 'Stand der Vereinbarkeit', paragraphs: ['Die Website ist teilweise konform mit dem französischen Standard RGAA 4.1 (WCAG 2.1 AA), wegen der unten genannten Abweichungen.'] },
      {
        heading: 'Testergebnisse',
        paragraphs: [
          'Ein vollständiges externes Audit wurde noch nicht durchgeführt. Jede Seitenvorlage wird bei jeder Änderung automatisch mit axe-core (WCAG 2.1 A und AA) in einem echten Browser geprüft; es wurde kein Verstoß festgestellt. Ein vollständiges RGAA-Audit ist geplant.',
        ],
      },
      {
        heading: 'Nicht barrierefreie Inhalte',
        paragraphs: ['Folgendes kann Schwierigkeiten bereiten:'],
        items: [
          'Die Karte der Gemeindeverbände ist eine Zeichnung; die Liste daneben enthält dieselben Informationen.',
          'Automatische Prüfungen decken nicht alle RGAA-Kriterien ab (Angemessenheit von Textalternativen, Lesereihenfolge); sie werden durch manuelle Tastaturprüfungen ergänzt.',
        ],
      },
      {
        heading: 'Erstellung dieser Erklärung',
        paragraphs: [`Diese Erklärung wurde am ${LEGAL_UPDATED} erstellt.`, 'Technologien: HTML5, CSS, SVG. Die Website funktioniert ohne JavaScript.', 'Testumgebung: aktuelles Chromium, Tastaturbedienung, automatische Prüfung mit axe-core.'],
      },
      {
        heading: 'Feedback und Kontakt',
        paragraphs: ['Wenn Sie auf einen Inhalt oder Dienst nicht zugreifen können, wenden Sie sich an den Pôle métropolitain, um eine barrierefreie Alternative zu erhalten: Pôle métropolitain Nord Franche-Comté, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard, Frankreich.'],
      },
      {
        heading: 'Rechtsbehelfe',
        paragraphs: ['Wenn Sie ein Problem melden und keine Antwort erhalten, können Sie sich an den französischen Défenseur des droits wenden:'],
        items: ['über das Formular auf defenseurdesdroits.fr;', 'über die Vertretung des Défenseur des droits in Ihrer Region;', 'per Post: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, Frankreich.'],
      },
    ],
  },
};

/** What the site does with personal data (GDPR art. 13). */
export const PRIVACY: Record<Language, LegalPage> = {
  fr: {
    title: 'Données personnelles',
    intro: "Ce site est publié par le Pôle métropolitain Nord Franche-Comté, responsable du traitement. Il collecte le moins de données possible.",
    sections: [
      { heading: 'Visiteurs', paragraphs: ["La consultation du site ne dépose aucun cookie et n'utilise aucun outil de mesure d'audience ni aucun service tiers. Les journaux techniques du serveur (adresse IP, page demandée, date) servent uniquement à la sécurité et sont effacés au bout de 30 jours."] },
      { heading: 'Comptes des partenaires et des offices de tourisme', paragraphs: ["Pour les personnes qui publient au nom d'un office de tourisme ou d'un partenaire : adresse électronique, nom affiché, rôle et date de dernière connexion. Base légale : mission d'intérêt public du Pôle. Ces données sont conservées tant que le compte existe."] },
      { heading: 'Vos droits', paragraphs: ["Vous pouvez accéder à vos données, les rectifier, les effacer, en obtenir une copie ou vous opposer à leur traitement en écrivant au Pôle métropolitain, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard. Vous pouvez aussi adresser une réclamation à la CNIL (cnil.fr)."] },
    ],
  },
  en: {
    title: 'Personal data',
    intro: 'This site is published by the Pôle métropolitain Nord Franche-Comté, the data controller. It collects as little data as possible.',
    sections: [
      { heading: 'Visitors', paragraphs: ['Browsing the site sets no cookie and uses no audience measurement or third-party service. Technical server logs (IP address, page, date) are used for security only and deleted after 30 days.'] },
      { heading: 'Accounts of partners and tourism offices', paragraphs: ['For people publishing on behalf of a tourism office or partner: email address, display name, role and last login date. Legal basis: the Pôle’s public-interest task. Kept while the account exists.'] },
      { heading: 'Your rights', paragraphs: ['You may access, correct, erase or obtain a copy of your data, or object to its processing, by writing to the Pôle métropolitain, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard, France. You may also complain to the French data protection authority, the CNIL (cnil.fr).'] },
    ],
  },
  de: {
    title: 'Datenschutz',
    intro: 'Diese Website wird vom Pôle métropolitain Nord Franche-Comté als Verantwortlichem betrieben. Sie erhebt so wenige Daten wie möglich.',
    sections: [
      { heading: 'Besucher', paragraphs: ['Beim Besuch der Website werden keine Cookies gesetzt und keine Reichweitenmessung oder Drittdienste verwendet. Technische Serverprotokolle (IP-Adresse, Seite, Datum) dienen nur der Sicherheit und werden nach 30 Tagen gelöscht.'] },
      { heading: 'Konten von Partnern und Tourismusbüros', paragraphs: ['Für Personen, die im Namen eines Tourismusbüros oder Partners veröffentlichen: E-Mail-Adresse, Anzeigename, Rolle und letzte Anmeldung. Rechtsgrundlage: Aufgabe im öffentlichen Interesse des Pôle. Gespeichert, solange das Konto besteht.'] },
      { heading: 'Ihre Rechte', paragraphs: ['Sie können Auskunft, Berichtigung, Löschung oder eine Kopie Ihrer Daten verlangen oder der Verarbeitung widersprechen: schriftlich an den Pôle métropolitain, 10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard, Frankreich. Sie können sich auch bei der französischen Datenschutzbehörde CNIL (cnil.fr) beschweren.'] },
    ],
  },
};
