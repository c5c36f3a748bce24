import type { Language } from '@nfc/shared';
import { localizedPath } from './i18n';
import type { PublisherSettings } from '../lib/publisher';

/** A named fact (a publisher's address, a cookie…); `missing` marks a field the Pôle has yet to fill. */
export interface LegalFact {
  term: string;
  value: string;
  href?: string;
  missing?: boolean;
}

export interface LegalSection {
  heading: string;
  paragraphs: string[];
  items?: string[];
  facts?: LegalFact[];
  /** Links under the section (pages of the site, the contest's data pages). */
  links?: Array<{ label: string; href: string }>;
}

export interface LegalPage {
  title: string;
  intro: string;
  sections: LegalSection[];
}

export const LEGAL_UPDATED = '2026-12-03';

/** The year of this statement's action plan (RGAA: a yearly plan under a multi-year scheme). */
const PLAN_YEAR = LEGAL_UPDATED.slice(0, 4);

const ADDRESS = '10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard';
const PHONE = '03 39 30 00 65';
const COUNTRY: Record<Language, string> = { fr: '', en: ', France', de: ', Frankreich' };
const TO_COMPLETE: Record<Language, string> = { fr: 'À compléter par le Pôle', en: 'To be completed by the Pôle', de: 'Vom Pôle zu ergänzen' };

const mail = (address: string): LegalFact['href'] => `mailto:${address}`;

/** Accessibility statement in the form the RGAA 4.1 requires of French public bodies. */
export function accessibilityPage(language: Language, settings: PublisherSettings): LegalPage {
  const email = settings.contactEmail;
  const contactFacts = (labels: [string, string]): LegalFact[] => [
    { term: labels[0], value: email, href: mail(email) },
    { term: labels[1], value: `Pôle métropolitain Nord Franche-Comté, ${ADDRESS}${COUNTRY[language]}` },
  ];
  switch (language) {
    case 'fr':
      return {
        title: "Déclaration d'accessibilité",
        intro:
          "Le Pôle métropolitain Nord Franche-Comté s'engage à rendre son site internet accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au site Nord Franche-Comté.",
        sections: [
          {
            heading: 'État de conformité',
            paragraphs: [
              "Le site Nord Franche-Comté est non conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1 : aucun audit de conformité n'a encore été réalisé, et un site sans audit doit se déclarer non conforme.",
            ],
          },
          {
            heading: 'Résultats des tests',
            paragraphs: [
              "Aucun audit RGAA n'a encore été réalisé ; il n'existe donc pas de taux de conformité. En attendant, chaque gabarit de page est vérifié automatiquement, à chaque modification, avec axe-core (critères WCAG 2.1 niveaux A et AA) dans un navigateur réel, sur écran de téléphone et d'ordinateur : aucun défaut n'est relevé. Ces vérifications ne remplacent pas un audit.",
            ],
          },
          {
            heading: 'Contenus non accessibles',
            paragraphs: ['Les éléments suivants peuvent présenter des difficultés :'],
            items: [
              "La carte des intercommunalités est un dessin : la même information est donnée par la liste des intercommunalités placée à côté de la carte.",
              "Les images des événements et les photos du concours sont fournies par les offices de tourisme et les participants : la pertinence de leurs textes de remplacement n'est pas vérifiée systématiquement.",
              "Les vérifications automatiques ne couvrent pas tous les critères du RGAA (pertinence des alternatives, ordre de lecture) : elles sont complétées par des vérifications manuelles au clavier.",
            ],
          },
          {
            heading: 'Schéma pluriannuel de mise en accessibilité 2027–2029',
            paragraphs: ['Le Pôle s’engage sur trois ans :'],
            items: [
              "2027 : audit de conformité RGAA 4.1 par un prestataire indépendant, sur un échantillon représentatif (accueil, agenda, fiche d’événement, territoire, kit de communication, concours photo, espace pro, pages légales) ; correction des non-conformités relevées ; nouvelle déclaration fondée sur l’audit.",
              "2028 : formation des agents du Pôle et des offices de tourisme qui publient des événements (textes de remplacement, structure des descriptions, documents téléchargeables accessibles) ; prise en compte de l’accessibilité dans chaque nouvelle fonctionnalité.",
              "2029 : audit de contrôle et mise à jour de la déclaration ; bilan du schéma et préparation du suivant.",
            ],
          },
          {
            heading: `Plan d’action ${PLAN_YEAR}`,
            paragraphs: ['Cette année :'],
            items: [
              'vérification automatique (axe-core, WCAG 2.1 A et AA) de chaque gabarit de page à chaque modification, aux tailles d’écran d’un téléphone et d’un ordinateur ;',
              'parcours au clavier des formulaires (concours, espace partenaires, espace pro) ;',
              'ouverture d’une adresse de contact pour signaler un défaut d’accessibilité ;',
              'préparation du cahier des charges de l’audit de 2027.',
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
              "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le Pôle métropolitain pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme :",
            ],
            facts: contactFacts(['Courriel', 'Courrier']),
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
      };
    case 'en':
      return {
        title: 'Accessibility statement',
        intro:
          'The Pôle métropolitain Nord Franche-Comté is committed to making its website accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to the Nord Franche-Comté website.',
        sections: [
          {
            heading: 'Compliance status',
            paragraphs: ['The website is non-compliant with the French accessibility standard RGAA 4.1 (WCAG 2.1 AA): no compliance audit has been carried out yet, and a site without an audit must declare itself non-compliant.'],
          },
          {
            heading: 'Test results',
            paragraphs: [
              'No RGAA audit has been carried out yet, so there is no compliance rate. Meanwhile every page template is checked automatically on every change with axe-core (WCAG 2.1 A and AA) in a real browser, at phone and desktop screen sizes, with no violation found. These checks do not replace an audit.',
            ],
          },
          {
            heading: 'Non-accessible content',
            paragraphs: ['The following may cause difficulties:'],
            items: [
              'The map of the intercommunalities is a drawing; the list next to it gives the same information.',
              'Event images and contest photos come from the tourism offices and the entrants: the relevance of their text alternatives is not checked systematically.',
              'Automated checks do not cover every RGAA criterion (relevance of text alternatives, reading order); they are completed by manual keyboard checks.',
            ],
          },
          {
            heading: 'Multi-year accessibility plan 2027–2029',
            paragraphs: ['The Pôle commits over three years to:'],
            items: [
              '2027: an RGAA 4.1 compliance audit by an independent provider on a representative sample (home, agenda, event page, territory, communication kit, photo contest, espace pro, legal pages); fixing the non-compliances found; a new statement based on the audit.',
              '2028: training for the Pôle’s staff and the tourism offices who publish events (text alternatives, structured descriptions, accessible downloadable documents); accessibility built into every new feature.',
              '2029: a follow-up audit and an updated statement; review of the plan and preparation of the next one.',
            ],
          },
          {
            heading: `Action plan ${PLAN_YEAR}`,
            paragraphs: ['This year:'],
            items: [
              'automated checks (axe-core, WCAG 2.1 A and AA) of every page template on every change, at phone and desktop screen sizes;',
              'keyboard walk-throughs of the forms (contest, partner area, espace pro);',
              'a contact address to report accessibility problems;',
              'preparing the specifications of the 2027 audit.',
            ],
          },
          {
            heading: 'Preparation of this statement',
            paragraphs: [`This statement was prepared on ${LEGAL_UPDATED}.`, 'Technologies: HTML5, CSS, SVG. The site works without JavaScript.', 'Test environment: recent Chromium, keyboard navigation, automated axe-core checks.'],
          },
          {
            heading: 'Feedback and contact',
            paragraphs: ['If you cannot access a content or service, contact the Pôle métropolitain to be offered an accessible alternative or the content in another form:'],
            facts: contactFacts(['Email', 'Post']),
          },
          {
            heading: 'Remedies',
            paragraphs: ['If you report an accessibility problem and get no answer, you may refer the matter to the French Défenseur des droits:'],
            items: ['through the form on defenseurdesdroits.fr;', 'through the Défenseur des droits’ delegate in your region;', 'by post (free of charge, no stamp needed): Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, France.'],
          },
        ],
      };
    case 'de':
      return {
        title: 'Erklärung zur Barrierefreiheit',
        intro:
          'Der Pôle métropolitain Nord Franche-Comté verpflichtet sich, seine Website gemäß Artikel 47 des französischen Gesetzes Nr. 2005-102 vom 11. Februar 2005 barrierefrei zu gestalten. Diese Erklärung gilt für die Website Nord Franche-Comté.',
        sections: [
          {
            heading: 'Stand der Vereinbarkeit',
            paragraphs: ['Die Website ist nicht konform mit dem französischen Standard RGAA 4.1 (WCAG 2.1 AA): Ein Konformitätsaudit wurde noch nicht durchgeführt, und eine Website ohne Audit muss sich als nicht konform erklären.'],
          },
          {
            heading: 'Testergebnisse',
            paragraphs: [
              'Ein RGAA-Audit wurde noch nicht durchgeführt; es gibt daher keinen Konformitätsgrad. Bis dahin wird jede Seitenvorlage bei jeder Änderung automatisch mit axe-core (WCAG 2.1 A und AA) in einem echten Browser geprüft, in Telefon- und Desktopgröße; es wurde kein Verstoß festgestellt. Diese Prüfungen ersetzen kein Audit.',
            ],
          },
          {
            heading: 'Nicht barrierefreie Inhalte',
            paragraphs: ['Folgendes kann Schwierigkeiten bereiten:'],
            items: [
              'Die Karte der Gemeindeverbände ist eine Zeichnung; die Liste daneben enthält dieselben Informationen.',
              'Die Bilder der Veranstaltungen und die Fotos des Wettbewerbs stammen von den Tourismusbüros und den Teilnehmenden: Die Angemessenheit ihrer Textalternativen wird nicht systematisch geprüft.',
              'Automatische Prüfungen decken nicht alle RGAA-Kriterien ab (Angemessenheit von Textalternativen, Lesereihenfolge); sie werden durch manuelle Tastaturprüfungen ergänzt.',
            ],
          },
          {
            heading: 'Mehrjahresplan zur Barrierefreiheit 2027–2029',
            paragraphs: ['Der Pôle verpflichtet sich für drei Jahre:'],
            items: [
              '2027: RGAA-4.1-Konformitätsaudit durch einen unabhängigen Dienstleister an einer repräsentativen Auswahl (Startseite, Agenda, Veranstaltungsseite, Gebiet, Kommunikationskit, Fotowettbewerb, Espace pro, rechtliche Seiten); Behebung der festgestellten Abweichungen; neue Erklärung auf Grundlage des Audits.',
              '2028: Schulung der Mitarbeitenden des Pôle und der Tourismusbüros, die Veranstaltungen veröffentlichen (Textalternativen, gegliederte Beschreibungen, barrierefreie Dokumente zum Herunterladen); Barrierefreiheit in jeder neuen Funktion.',
              '2029: Kontrollaudit und aktualisierte Erklärung; Bilanz des Plans und Vorbereitung des nächsten.',
            ],
          },
          {
            heading: `Aktionsplan ${PLAN_YEAR}`,
            paragraphs: ['In diesem Jahr:'],
            items: [
              'automatische Prüfung (axe-core, WCAG 2.1 A und AA) jeder Seitenvorlage bei jeder Änderung, in Telefon- und Desktopgröße;',
              'Tastaturprüfung der Formulare (Wettbewerb, Partnerbereich, Espace pro);',
              'eine Kontaktadresse, um Mängel der Barrierefreiheit zu melden;',
              'Vorbereitung der Ausschreibung für das Audit 2027.',
            ],
          },
          {
            heading: 'Erstellung dieser Erklärung',
            paragraphs: [`Diese Erklärung wurde am ${LEGAL_UPDATED} erstellt.`, 'Technologien: HTML5, CSS, SVG. Die Website funktioniert ohne JavaScript.', 'Testumgebung: aktuelles Chromium, Tastaturbedienung, automatische Prüfung mit axe-core.'],
          },
          {
            heading: 'Feedback und Kontakt',
            paragraphs: ['Wenn Sie auf einen Inhalt oder Dienst nicht zugreifen können, wenden Sie sich an den Pôle métropolitain, um eine barrierefreie Alternative oder den Inhalt in anderer Form zu erhalten:'],
            facts: contactFacts(['E-Mail', 'Post']),
          },
          {
            heading: 'Rechtsbehelfe',
            paragraphs: ['Wenn Sie ein Problem melden und keine Antwort erhalten, können Sie sich an den französischen Défenseur des droits wenden:'],
            items: ['über das Formular auf defenseurdesdroits.fr;', 'über die Vertretung des Défenseur des droits in Ihrer Region;', 'per Post (kostenlos, ohne Briefmarke): Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, Frankreich.'],
          },
        ],
      };
  }
}

/** The cookies the site sets (web/src/lib/csrf.ts, session.ts, contest.ts): all strictly necessary. */
function cookieFacts(language: Language): LegalFact[] {
  const texts: Record<Language, Record<'csrf' | 'session' | 'entrant' | 'voter' | 'juror', string>> = {
    fr: {
      csrf: 'Jeton de sécurité des formulaires (protection contre la falsification de requêtes, CSRF). Déposé seulement sur les pages qui contiennent un formulaire ; supprimé à la fermeture du navigateur.',
      session: 'Connexion à l’espace pro et à l’espace partenaires du kit. Durée : 1 heure.',
      entrant: 'Connexion d’un participant au concours photo (ses photos, ses données). Durée : 7 jours.',
      voter: 'Connexion d’un votant au vote du public. Durée : 24 heures.',
      juror: 'Connexion d’un membre du jury. Durée : 7 jours.',
    },
    en: {
      csrf: 'Security token of the forms (protection against cross-site request forgery, CSRF). Set only on pages that hold a form; deleted when the browser closes.',
      session: 'Sign-in to the espace pro and to the kit’s partner area. Lifetime: 1 hour.',
      entrant: 'Sign-in of a photo contest entrant (their photos, their data). Lifetime: 7 days.',
      voter: 'Sign-in of a voter in the public vote. Lifetime: 24 hours.',
      juror: 'Sign-in of a jury member. Lifetime: 7 days.',
    },
    de: {
      csrf: 'Sicherheitstoken der Formulare (Schutz vor Cross-Site-Request-Forgery, CSRF). Nur auf Seiten mit einem Formular gesetzt; wird beim Schließen des Browsers gelöscht.',
      session: 'Anmeldung im Espace pro und im Partnerbereich des Kits. Dauer: 1 Stunde.',
      entrant: 'Anmeldung einer teilnehmenden Person am Fotowettbewerb (ihre Fotos, ihre Daten). Dauer: 7 Tage.',
      voter: 'Anmeldung einer abstimmenden Person bei der Publikumsabstimmung. Dauer: 24 Stunden.',
      juror: 'Anmeldung eines Jurymitglieds. Dauer: 7 Tage.',
    },
  };
  const t = texts[language];
  return [
    { term: 'nfc_csrf', value: t.csrf },
    { term: 'nfc_session', value: t.session },
    { term: 'nfc_contest_entrant', value: t.entrant },
    { term: 'nfc_contest_voter', value: t.voter },
    { term: 'nfc_contest_juror', value: t.juror },
  ];
}

/** What the site does with personal data (GDPR art. 13), as the code does it (api/src/contest, api/src/media). */
export function privacyPage(language: Language, settings: PublisherSettings): LegalPage {
  const email = settings.contactEmail;
  const contestLinks = (labels: [string, string]) => [
    { label: labels[0], href: localizedPath(language, '/concours/mes-photos') },
    { label: labels[1], href: '/concours/mes-donnees.json' },
  ];
  const contact = (term: string): LegalFact => ({ term, value: email, href: mail(email) });
  switch (language) {
    case 'fr':
      return {
        title: 'Données personnelles',
        intro: 'Ce site est publié par le Pôle métropolitain Nord Franche-Comté, responsable du traitement. Il collecte le moins de données possible, et n’en vend ni n’en cède aucune.',
        sections: [
          {
            heading: 'Responsable du traitement et contact',
            paragraphs: [`Pôle métropolitain Nord Franche-Comté, ${ADDRESS}.`],
            facts: [contact('Courriel')],
          },
          {
            heading: 'Visiteurs',
            paragraphs: [
              "Le site n'utilise aucun outil de mesure d'audience, aucune publicité et aucun service tiers : les pages et les images viennent de ses propres serveurs.",
              "Comme tout serveur web, ceux du site voient l'adresse IP de chaque visiteur. Elle sert seulement à limiter le nombre de requêtes par adresse (protection contre les abus), compté en mémoire sur une minute, sans être enregistrée. Les journaux du site notent la page demandée, la date et la réponse, pas l'adresse IP ; l'infrastructure de l'hébergeur peut tenir ses propres journaux.",
            ],
          },
          {
            heading: 'Cookies',
            paragraphs: [
              "Les pages de consultation (accueil, agenda, territoire, kit, données ouvertes) ne déposent aucun cookie. Le site dépose les cookies suivants, tous strictement nécessaires au service demandé : ils sont exemptés de consentement (article 82 de la loi Informatique et Libertés). Aucun n'est lisible par des scripts ni transmis à des tiers.",
            ],
            facts: cookieFacts('fr'),
          },
          {
            heading: 'Concours photo : les participants',
            paragraphs: [
              "Pour participer, vous donnez : votre adresse électronique, votre nom, votre commune de résidence (le concours est réservé aux habitants), votre tranche d'âge (moins de 15 ans, 15 à 17 ans, adulte), le nom à publier avec vos photos (crédit) et votre langue. Avant 15 ans, un parent ou tuteur donne son nom et son adresse électronique : il reçoit un code pour consentir, et les photos attendent ce consentement avant toute modération. Sont aussi enregistrés la version du règlement acceptée, la date d'acceptation de la licence et la date de chaque changement d'état de vos photos.",
              "Pour chaque photo : le fichier original, son titre, sa description, son texte de remplacement, la commune où elle a été prise (que vous indiquez) et, si vous le déclarez, la présence de personnes et leur accord. L'original est conservé tel quel, avec ses métadonnées EXIF (date de prise de vue, position GPS) : la position GPS sert à vérifier que la photo a été prise en Nord Franche-Comté, et la commune où elle tombe est notée pour la modération. L'original, la position GPS et cette commune ne sont jamais publiés.",
              "Sont publiés, une fois la photo acceptée par la modération : des versions réencodées de la photo (sans aucune métadonnée : ni EXIF ni position GPS), son titre, son texte de remplacement, la commune indiquée, le crédit que vous avez choisi et, après le vote, son nombre de voix. Votre nom, votre adresse, votre âge et votre commune de résidence ne sont pas publiés.",
              "Base légale : votre inscription au concours, selon son règlement, et pour les moins de 15 ans le consentement d'un titulaire de l'autorité parentale.",
            ],
            items: [
              'une inscription dont l’adresse n’est jamais confirmée est effacée au bout de 7 jours ;',
              'une photo refusée par la modération est effacée (fichier et textes) 30 jours après le refus ;',
              'les codes envoyés par courriel sont conservés sous forme chiffrée (hachée), valent 30 minutes et sont supprimés une fois expirés ;',
              'le reste (inscription confirmée, photos acceptées) est conservé jusqu’à ce que vous l’effaciez : vous pouvez retirer une photo jusqu’aux résultats, télécharger toutes vos données et tout effacer vous-même, à tout moment. Une photo primée effacée reste dans le palmarès comme « retirée », sans image ni nom.',
            ],
            links: contestLinks(['Mes photos : retirer, corriger, tout effacer', 'Télécharger mes données (JSON)']),
          },
          {
            heading: 'Concours photo : le vote du public et le jury',
            paragraphs: [
              "Pour voter, vous donnez votre adresse électronique : elle reçoit un code et garantit une seule voix par catégorie. Elle est enregistrée sous une forme normalisée, avec la date de confirmation, et chaque voix est liée à ce votant. Les adresses jetables sont refusées ; pour empêcher les abus, les codes demandés et les essais sont comptés par adresse électronique et adresse IP sous une forme chiffrée (empreinte à clé), effacée au bout d'une journée. Les tentatives refusées ne sont comptées que par motif, sans donnée personnelle.",
              "30 jours après la publication des résultats, les adresses des votants sont effacées : les voix restent, anonymes.",
              "Les membres du jury sont invités par le Pôle : leur nom, leur adresse électronique, leur langue, leurs notes et les conflits d'intérêts qu'ils déclarent sont conservés avec le concours.",
            ],
          },
          {
            heading: 'Comptes des partenaires et des offices de tourisme',
            paragraphs: [
              "Pour les personnes qui publient au nom d'un office de tourisme ou qui administrent le site : adresse électronique, nom affiché, rôle, organisation, mot de passe (conservé uniquement sous forme hachée, argon2id) et date de dernière connexion. Pour les partenaires du kit : en plus, le nom de la structure, son SIRET, son type, son site web et le nom de la personne à contacter ; le nom de la structure n'apparaît dans l'annuaire public des partenaires que si elle l'a demandé.",
              "Base légale : mission d'intérêt public du Pôle (promotion et coordination du territoire). Ces données sont conservées tant que le compte existe ; écrivez-nous pour le supprimer.",
            ],
          },
          {
            heading: 'Destinataires',
            paragraphs: ["Les données ne sont lues que par l'équipe du Pôle (modération, administration) et, pour les événements, par les offices de tourisme concernés. Elles sont stockées chez l'hébergeur indiqué dans les mentions légales."],
          },
          {
            heading: 'Vos droits',
            paragraphs: [
              `Vous pouvez accéder à vos données, les rectifier, les effacer, en obtenir une copie ou vous opposer à leur traitement en écrivant au Pôle métropolitain (${email} ou ${ADDRESS}). Les participants au concours peuvent le faire eux-mêmes depuis la page « Mes photos ». Vous pouvez aussi adresser une réclamation à la CNIL (cnil.fr).`,
            ],
          },
        ],
      };
    case 'en':
      return {
        title: 'Personal data',
        intro: 'This site is published by the Pôle métropolitain Nord Franche-Comté, the data controller. It collects as little data as possible, and sells or passes on none.',
        sections: [
          { heading: 'Data controller and contact', paragraphs: [`Pôle métropolitain Nord Franche-Comté, ${ADDRESS}, France.`], facts: [contact('Email')] },
          {
            heading: 'Visitors',
            paragraphs: [
              'The site uses no audience measurement, no advertising and no third-party service: pages and images come from its own servers.',
              'Like any web server, the site’s servers see each visitor’s IP address. It is used only to limit the number of requests per address (protection against abuse), counted in memory over a minute, without being stored. The site’s logs note the page asked for, the date and the answer, not the IP address; the hosting provider’s infrastructure may keep logs of its own.',
            ],
          },
          {
            heading: 'Cookies',
            paragraphs: [
              'Reading pages (home, agenda, territory, kit, open data) set no cookie. The site sets the following cookies, all strictly necessary for the service you ask for: they need no consent (article 82 of the French Data Protection Act). None can be read by scripts or is shared with third parties.',
            ],
            facts: cookieFacts('en'),
          },
          {
            heading: 'Photo contest: entrants',
            paragraphs: [
              'To take part you give: your email address, your name, your commune of residence (the contest is for residents), your age band (under 15, 15 to 17, adult), the name to publish with your photos (credit) and your language. Under 15, a parent or guardian gives their name and email address: they receive a code to consent, and the photos wait for that consent before any moderation. Also recorded: the version of the rules accepted, when the licence was granted and when each photo changed state.',
              'For each photo: the original file, its title, description, text alternative, the commune where it was taken (as you state it) and, if you say so, whether people appear and agreed. The original is kept as sent, with its EXIF metadata (capture date, GPS position): the GPS position is used to check that the photo was taken in Nord Franche-Comté, and the commune it falls in is noted for moderation. The original, the GPS position and that commune are never published.',
              'Published once moderation accepts the photo: re-encoded versions of the photo (with no metadata at all: no EXIF, no GPS position), its title, text alternative, the commune stated, the credit you chose and, after the vote, its number of votes. Your name, address, age and commune of residence are not published.',
              'Legal basis: your registration for the contest under its rules, and under 15 the consent of a holder of parental authority.',
            ],
            items: [
              'a registration whose address is never confirmed is erased after 7 days;',
              'a photo refused by moderation is erased (file and texts) 30 days after the refusal;',
              'codes sent by email are stored hashed, are valid for 30 minutes and are deleted once expired;',
              'everything else (confirmed registration, accepted photos) is kept until you erase it: you may withdraw a photo until the results, download all your data and erase everything yourself at any time. An awarded photo that is erased stays in the results as “withdrawn”, without image or name.',
            ],
            links: contestLinks(['My photos: withdraw, correct, erase everything', 'Download my data (JSON)']),
          },
          {
            heading: 'Photo contest: public vote and jury',
            paragraphs: [
              'To vote you give your email address: it receives a code and ensures one vote per category. It is stored in a normalised form, with the date of confirmation, and each vote is linked to that voter. Disposable addresses are refused; to prevent abuse, codes requested and tries are counted per email and IP address in a keyed-hash form, deleted after a day. Refused attempts are counted only by reason, with no personal data.',
              'Voters’ addresses are erased 30 days after the results are published: the votes stay, anonymous.',
              'Jury members are invited by the Pôle: their name, email address, language, scores and the conflicts of interest they declare are kept with the contest.',
            ],
          },
          {
            heading: 'Accounts of partners and tourism offices',
            paragraphs: [
              'For people publishing on behalf of a tourism office or administering the site: email address, display name, role, organisation, password (stored only hashed, with argon2id) and last sign-in date. For the kit’s partners, also: the organisation’s name, SIRET, type, website and contact name; the organisation’s name appears in the public partner directory only if it asked to be listed.',
              'Legal basis: the Pôle’s public-interest task (promoting and coordinating the territory). Kept while the account exists; write to us to have it deleted.',
            ],
          },
          { heading: 'Recipients', paragraphs: ['Only the Pôle’s team (moderation, administration) and, for events, the tourism offices concerned read the data. It is stored by the hosting provider named in the legal notice.'] },
          {
            heading: 'Your rights',
            paragraphs: [
              `You may access, correct, erase or obtain a copy of your data, or object to its processing, by writing to the Pôle métropolitain (${email} or ${ADDRESS}, France). Contest entrants can do so themselves from the “My photos” page. You may also complain to the French data protection authority, the CNIL (cnil.fr).`,
            ],
          },
        ],
      };
    case 'de':
      return {
        title: 'Datenschutz',
        intro: 'Diese Website wird vom Pôle métropolitain Nord Franche-Comté als Verantwortlichem betrieben. Sie erhebt so wenige Daten wie möglich und verkauft oder überträgt keine.',
        sections: [
          { heading: 'Verantwortlicher und Kontakt', paragraphs: [`Pôle métropolitain Nord Franche-Comté, ${ADDRESS}, Frankreich.`], facts: [contact('E-Mail')] },
          {
            heading: 'Besucher',
            paragraphs: [
              'Die Website verwendet keine Reichweitenmessung, keine Werbung und keine Drittdienste: Seiten und Bilder kommen von ihren eigenen Servern.',
              'Wie jeder Webserver sehen die Server der Website die IP-Adresse jedes Besuchers. Sie dient nur dazu, die Zahl der Anfragen pro Adresse zu begrenzen (Schutz vor Missbrauch), gezählt im Arbeitsspeicher über eine Minute, ohne gespeichert zu werden. Die Protokolle der Website vermerken die angefragte Seite, das Datum und die Antwort, nicht die IP-Adresse; die Infrastruktur des Hosters kann eigene Protokolle führen.',
            ],
          },
          {
            heading: 'Cookies',
            paragraphs: [
              'Die Seiten zum Lesen (Startseite, Agenda, Gebiet, Kit, offene Daten) setzen kein Cookie. Die Website setzt folgende Cookies, alle für den angeforderten Dienst unbedingt erforderlich: Sie bedürfen keiner Einwilligung (Artikel 82 des französischen Datenschutzgesetzes). Keines ist für Skripte lesbar oder wird an Dritte weitergegeben.',
            ],
            facts: cookieFacts('de'),
          },
          {
            heading: 'Fotowettbewerb: Teilnehmende',
            paragraphs: [
              'Zur Teilnahme geben Sie an: Ihre E-Mail-Adresse, Ihren Namen, Ihre Wohngemeinde (der Wettbewerb ist den Einwohnern vorbehalten), Ihre Altersgruppe (unter 15, 15 bis 17, erwachsen), den mit Ihren Fotos zu veröffentlichenden Namen (Bildnachweis) und Ihre Sprache. Unter 15 Jahren gibt ein Elternteil oder Vormund Namen und E-Mail-Adresse an: Er erhält einen Code zur Einwilligung, und die Fotos warten vor jeder Moderation auf diese Einwilligung. Außerdem werden gespeichert: die akzeptierte Version der Teilnahmebedingungen, der Zeitpunkt der Lizenzerteilung und jeder Statuswechsel Ihrer Fotos.',
              'Zu jedem Foto: die Originaldatei, Titel, Beschreibung, Textalternative, die von Ihnen angegebene Aufnahmegemeinde und, falls angegeben, ob Personen zu sehen sind und zugestimmt haben. Das Original wird unverändert aufbewahrt, mit seinen EXIF-Metadaten (Aufnahmedatum, GPS-Position): Die GPS-Position dient der Prüfung, dass das Foto in Nord Franche-Comté aufgenommen wurde, und die Gemeinde, in der sie liegt, wird für die Moderation vermerkt. Original, GPS-Position und diese Gemeinde werden nie veröffentlicht.',
              'Veröffentlicht werden, sobald die Moderation das Foto annimmt: neu kodierte Fassungen des Fotos (ganz ohne Metadaten: weder EXIF noch GPS-Position), Titel, Textalternative, die angegebene Gemeinde, Ihr Bildnachweis und nach der Abstimmung die Zahl der Stimmen. Ihr Name, Ihre Adresse, Ihr Alter und Ihre Wohngemeinde werden nicht veröffentlicht.',
              'Rechtsgrundlage: Ihre Anmeldung zum Wettbewerb gemäß seinen Teilnahmebedingungen, unter 15 Jahren die Einwilligung eines Sorgeberechtigten.',
            ],
            items: [
              'eine Anmeldung, deren Adresse nie bestätigt wird, wird nach 7 Tagen gelöscht;',
              'ein von der Moderation abgelehntes Foto wird 30 Tage nach der Ablehnung gelöscht (Datei und Texte);',
              'die per E-Mail gesendeten Codes werden nur gehasht gespeichert, gelten 30 Minuten und werden nach Ablauf gelöscht;',
              'alles Übrige (bestätigte Anmeldung, angenommene Fotos) bleibt gespeichert, bis Sie es löschen: Sie können ein Foto bis zu den Ergebnissen zurückziehen, alle Ihre Daten herunterladen und jederzeit selbst alles löschen. Ein prämiertes, gelöschtes Foto bleibt in den Ergebnissen als „zurückgezogen“, ohne Bild und Namen.',
            ],
            links: contestLinks(['Meine Fotos: zurückziehen, korrigieren, alles löschen', 'Meine Daten herunterladen (JSON)']),
          },
          {
            heading: 'Fotowettbewerb: Publikumsabstimmung und Jury',
            paragraphs: [
              'Zum Abstimmen geben Sie Ihre E-Mail-Adresse an: Sie erhält einen Code und sichert eine Stimme pro Kategorie. Sie wird in normalisierter Form mit dem Bestätigungsdatum gespeichert, und jede Stimme ist mit dieser abstimmenden Person verknüpft. Wegwerfadressen werden abgelehnt; um Missbrauch zu verhindern, werden angeforderte Codes und Versuche pro E-Mail- und IP-Adresse als verschlüsselter Prüfwert (Hash mit Schlüssel) gezählt und nach einem Tag gelöscht. Abgelehnte Versuche werden nur nach Grund gezählt, ohne personenbezogene Daten.',
              '30 Tage nach Veröffentlichung der Ergebnisse werden die Adressen der Abstimmenden gelöscht: Die Stimmen bleiben, anonym.',
              'Die Jurymitglieder werden vom Pôle eingeladen: Name, E-Mail-Adresse, Sprache, Bewertungen und erklärte Interessenkonflikte werden mit dem Wettbewerb gespeichert.',
            ],
          },
          {
            heading: 'Konten von Partnern und Tourismusbüros',
            paragraphs: [
              'Für Personen, die im Namen eines Tourismusbüros veröffentlichen oder die Website verwalten: E-Mail-Adresse, Anzeigename, Rolle, Organisation, Passwort (nur gehasht gespeichert, mit argon2id) und letzte Anmeldung. Für die Partner des Kits außerdem: Name der Organisation, SIRET, Art, Website und Name der Kontaktperson; der Name der Organisation erscheint im öffentlichen Partnerverzeichnis nur, wenn sie es wünscht.',
              'Rechtsgrundlage: Aufgabe im öffentlichen Interesse des Pôle (Förderung und Koordinierung des Gebiets). Gespeichert, solange das Konto besteht; schreiben Sie uns, um es löschen zu lassen.',
            ],
          },
          { heading: 'Empfänger', paragraphs: ['Die Daten lesen nur das Team des Pôle (Moderation, Verwaltung) und bei Veranstaltungen die betroffenen Tourismusbüros. Sie werden beim im Impressum genannten Hoster gespeichert.'] },
          {
            heading: 'Ihre Rechte',
            paragraphs: [
              `Sie können Auskunft, Berichtigung, Löschung oder eine Kopie Ihrer Daten verlangen oder der Verarbeitung widersprechen: schriftlich an den Pôle métropolitain (${email} oder ${ADDRESS}, Frankreich). Teilnehmende am Wettbewerb können dies selbst auf der Seite „Meine Fotos“ tun. Sie können sich auch bei der französischen Datenschutzbehörde CNIL (cnil.fr) beschweren.`,
            ],
          },
        ],
      };
  }
}

/** The legal notice (mentions légales) the LCEN (law 2004-575, art. 6) asks of a website's publisher. */
export function legalNoticePage(language: Language, settings: PublisherSettings): LegalPage {
  const missing = TO_COMPLETE[language];
  const orMissing = (value: string | null): Pick<LegalFact, 'value' | 'missing'> => (value ? { value } : { value: missing, missing: true });
  const email = settings.contactEmail;
  const host = settings.host;
  const labels = {
    fr: { name: 'Raison sociale', form: 'Forme juridique', seat: 'Siège', phone: 'Téléphone', email: 'Courriel', siren: 'SIREN', hostName: 'Hébergeur', hostAddress: 'Adresse', hostPhone: 'Téléphone' },
    en: { name: 'Name', form: 'Legal form', seat: 'Registered office', phone: 'Telephone', email: 'Email', siren: 'SIREN', hostName: 'Hosting provider', hostAddress: 'Address', hostPhone: 'Telephone' },
    de: { name: 'Name', form: 'Rechtsform', seat: 'Sitz', phone: 'Telefon', email: 'E-Mail', siren: 'SIREN', hostName: 'Hoster', hostAddress: 'Anschrift', hostPhone: 'Telefon' },
  }[language];
  const form = {
    fr: 'Pôle métropolitain, syndicat mixte (article L5731-1 du code général des collectivités territoriales)',
    en: 'Pôle métropolitain, a syndicat mixte (French public cooperation body, article L5731-1 of the local authorities code)',
    de: 'Pôle métropolitain, Syndicat mixte (französischer öffentlicher Zweckverband, Artikel L5731-1 des Gesetzbuchs der Gebietskörperschaften)',
  }[language];
  const publisher: LegalFact[] = [
    { term: labels.name, value: 'Pôle métropolitain Nord Franche-Comté' },
    { term: labels.form, value: form },
    { term: labels.seat, value: `${ADDRESS}${COUNTRY[language]}` },
    { term: labels.phone, value: language === 'fr' ? PHONE : `+33 ${PHONE.slice(1)}`, href: `tel:+33${PHONE.slice(1).replace(/\s/g, '')}` },
    { term: labels.email, value: email, href: mail(email) },
    { term: labels.siren, ...orMissing(settings.siren) },
  ];
  const hosting: LegalFact[] = [
    { term: labels.hostName, ...orMissing(host.name) },
    { term: labels.hostAddress, ...orMissing(host.address) },
    { term: labels.hostPhone, ...orMissing(host.phone) },
  ];
  const pages = (privacy: string, accessibility: string, data: string, kit: string) => [
    { label: privacy, href: localizedPath(language, '/confidentialite') },
    { label: accessibility, href: localizedPath(language, '/accessibilite') },
    { label: data, href: localizedPath(language, '/donnees') },
    { label: kit, href: localizedPath(language, '/kit') },
  ];
  switch (language) {
    case 'fr':
      return {
        title: 'Mentions légales',
        intro: "Les informations que la loi pour la confiance dans l'économie numérique (loi n° 2004-575 du 21 juin 2004, article 6) demande à l'éditeur d'un site : qui le publie, qui l'héberge, et à quelles conditions ses contenus peuvent être repris.",
        sections: [
          { heading: 'Éditeur', paragraphs: ['Le site Nord Franche-Comté est édité par :'], facts: publisher },
          { heading: 'Directeur de la publication', paragraphs: ['Le président du Pôle métropolitain Nord Franche-Comté, en sa qualité de représentant légal du Pôle.'] },
          { heading: 'Hébergement', paragraphs: ['Le site est hébergé par :'], facts: hosting },
          {
            heading: 'Propriété intellectuelle',
            paragraphs: [
              'Les textes, la mise en page et les illustrations du site appartiennent au Pôle métropolitain Nord Franche-Comté, sauf mention contraire. Leur reproduction est soumise à son accord écrit, hors courte citation avec la source.',
              "Le logo et les éléments du kit de communication « Nord Franche-Comté » : usage réservé aux projets labellisés « Nord Franche-Comté », dans le respect de la charte d'usage publiée avec le kit. Ils ne peuvent suggérer un soutien financier du Pôle sans son accord écrit.",
              "Les données ouvertes : les événements de l'agenda sont réutilisables librement, y compris à des fins commerciales, sous la Licence Ouverte 2.0 d'Etalab, à condition de citer la source « Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté » et la date de mise à jour. Le découpage administratif vient de l'INSEE et d'Etalab ; les limites communales de l'IGN (Admin Express COG 2018), sous Licence Ouverte.",
              'Le code source de la plateforme est publié sous licence libre AGPL-3.0 (ou ultérieure).',
            ],
            links: pages('Données personnelles', "Déclaration d'accessibilité", 'Données ouvertes', 'Kit de communication'),
          },
          {
            heading: 'Crédits photographiques',
            paragraphs: [
              "Les photos du concours appartiennent à leurs auteurs, cités par le nom qu'ils ont choisi. Le Pôle les utilise sous la licence non exclusive que chaque participant lui accorde en s'inscrivant : pour les usages et la durée indiqués dans le règlement du concours, avec mention du nom de l'auteur. Toute autre reprise demande l'accord de l'auteur.",
              'Les images des événements sont fournies par les offices de tourisme et les organisateurs qui publient les événements, sous leur responsabilité.',
            ],
          },
        ],
      };
    case 'en':
      return {
        title: 'Legal notice',
        intro: 'The information French law (law no. 2004-575 of 21 June 2004 on confidence in the digital economy, article 6) asks of a website’s publisher: who publishes it, who hosts it, and on what terms its contents may be reused.',
        sections: [
          { heading: 'Publisher', paragraphs: ['The Nord Franche-Comté website is published by:'], facts: publisher },
          { heading: 'Director of publication', paragraphs: ['The president of the Pôle métropolitain Nord Franche-Comté, as the Pôle’s legal representative.'] },
          { heading: 'Hosting', paragraphs: ['The site is hosted by:'], facts: hosting },
          {
            heading: 'Intellectual property',
            paragraphs: [
              'The texts, layout and illustrations of the site belong to the Pôle métropolitain Nord Franche-Comté unless stated otherwise. Reproducing them requires its written consent, except for short quotations with the source.',
              'The logo and the items of the “Nord Franche-Comté” communication kit: use restricted to projects labelled “Nord Franche-Comté”, in keeping with the usage charter published with the kit. They may not suggest the Pôle’s financial support without its written consent.',
              'Open data: the agenda’s events may be reused freely, commercial use included, under Etalab’s Licence Ouverte / Open Licence 2.0, provided the source “Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté” and the date of the last update are credited. Administrative divisions come from INSEE and Etalab; commune boundaries from IGN (Admin Express COG 2018), under the Open Licence.',
              'The platform’s source code is published under the free AGPL-3.0 (or later) licence.',
            ],
            links: pages('Personal data', 'Accessibility statement', 'Open data', 'Communication kit'),
          },
          {
            heading: 'Photo credits',
            paragraphs: [
              'Contest photos belong to their authors, credited by the name they chose. The Pôle uses them under the non-exclusive licence each entrant grants when registering: for the uses and duration stated in the contest rules, with the author’s name credited. Any other reuse needs the author’s consent.',
              'Event images are supplied by the tourism offices and organisers who publish the events, under their responsibility.',
            ],
          },
        ],
      };
    case 'de':
      return {
        title: 'Impressum',
        intro: 'Die Angaben, die das französische Gesetz über das Vertrauen in die digitale Wirtschaft (Gesetz Nr. 2004-575 vom 21. Juni 2004, Artikel 6) vom Herausgeber einer Website verlangt: wer sie herausgibt, wer sie hostet und unter welchen Bedingungen ihre Inhalte weiterverwendet werden dürfen.',
        sections: [
          { heading: 'Herausgeber', paragraphs: ['Die Website Nord Franche-Comté wird herausgegeben von:'], facts: publisher },
          { heading: 'Verantwortlich für den Inhalt', paragraphs: ['Der Präsident bzw. die Präsidentin des Pôle métropolitain Nord Franche-Comté als gesetzlicher Vertreter des Pôle.'] },
          { heading: 'Hosting', paragraphs: ['Die Website wird gehostet von:'], facts: hosting },
          {
            heading: 'Geistiges Eigentum',
            paragraphs: [
              'Texte, Gestaltung und Illustrationen der Website gehören dem Pôle métropolitain Nord Franche-Comté, sofern nicht anders angegeben. Ihre Vervielfältigung bedarf seiner schriftlichen Zustimmung, außer bei kurzen Zitaten mit Quellenangabe.',
              'Das Logo und die Elemente des Kommunikationskits „Nord Franche-Comté“: Nutzung nur für mit „Nord Franche-Comté“ gekennzeichnete Projekte, unter Einhaltung der mit dem Kit veröffentlichten Nutzungscharta. Sie dürfen ohne schriftliche Zustimmung des Pôle keine finanzielle Unterstützung durch ihn nahelegen.',
              'Offene Daten: Die Veranstaltungen der Agenda dürfen unter der Licence Ouverte 2.0 von Etalab frei weiterverwendet werden, auch kommerziell, sofern die Quelle „Agenda Nord Franche-Comté — Pôle métropolitain Nord Franche-Comté“ und das Datum der letzten Aktualisierung genannt werden. Die Verwaltungsgliederung stammt von INSEE und Etalab, die Gemeindegrenzen vom IGN (Admin Express COG 2018), unter der Licence Ouverte.',
              'Der Quellcode der Plattform wird unter der freien Lizenz AGPL-3.0 (oder später) veröffentlicht.',
            ],
            links: pages('Datenschutz', 'Erklärung zur Barrierefreiheit', 'Offene Daten', 'Kommunikationskit'),
          },
          {
            heading: 'Bildnachweise',
            paragraphs: [
              'Die Fotos des Wettbewerbs gehören ihren Urhebern, genannt mit dem von ihnen gewählten Namen. Der Pôle nutzt sie unter der nicht ausschließlichen Lizenz, die jede teilnehmende Person bei der Anmeldung erteilt: für die in den Teilnahmebedingungen genannten Nutzungen und Dauer, mit Nennung des Namens. Jede andere Weiterverwendung bedarf der Zustimmung des Urhebers.',
              'Die Bilder der Veranstaltungen stammen von den Tourismusbüros und Veranstaltern, die die Veranstaltungen veröffentlichen, unter deren Verantwortung.',
            ],
          },
        ],
      };
  }
}
