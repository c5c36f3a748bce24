import type { Language } from '@nfc/shared';
import { escapeHtml, oneLine, outputText } from '../common/text-normalisation';

/** A count and the first few titles it counts (the digest names them; the espace pro lists all). */
export interface DigestPart {
  count: number;
  titles: string[];
}

/** One digest section: its heading with the count, then one line per title, then "and N more". */
function digestSection(part: DigestPart, heading: (count: number) => string, more: (count: number) => string): string[] {
  if (!part.count) return [];
  const rest = part.count - part.titles.length;
  return [[heading(part.count), ...part.titles.map((title) => `• ${title}`), ...(rest > 0 ? [more(rest)] : [])].join('\n')];
}

/** Every message the platform sends, with what it needs. */
export type MailMessage =
  | { kind: 'ENTRANT_CODE'; contestTitle: string; code: string; link: string }
  | { kind: 'GUARDIAN_CONSENT'; contestTitle: string; entrantName: string; guardianName: string; photos: number; code: string; link: string }
  | { kind: 'VOTER_CODE'; contestTitle: string; code: string; link: string }
  | { kind: 'JUROR_INVITATION'; contestTitle: string; jurorName: string; link: string }
  | { kind: 'JUROR_CODE'; contestTitle: string; code: string; link: string }
  | { kind: 'MODERATION_DECISION'; contestTitle: string; entryTitle: string; decision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED'; reason: string | null; link: string }
  | { kind: 'RESULTS'; contestTitle: string; link: string }
  // The shared agenda's review (espace pro)
  | { kind: 'EVENT_REVIEW'; eventTitle: string; decision: 'PUBLISHED' | 'REJECTED'; reason: string | null; link: string }
  | { kind: 'EVENTS_MERGED'; keptTitle: string; mergedTitle: string; yours: 'KEPT' | 'MERGED'; link: string }
  // The weekly freshness digest of an office's agenda (agenda/freshness-digest.ts)
  | {
      kind: 'FRESHNESS_DIGEST';
      organisationName: string;
      withoutImage: DigestPart;
      endingSoon: DigestPart;
      staleFor90Days: DigestPart;
      duplicatesWaiting: number;
      link: string;
    }
  | AccountMail
  // webhooks (syndication): a subscription disabled after repeated failure.
  | WebhookMail
  // kit (pro-kit): the Pôle's decision on a partner registration.
  | { kind: 'PARTNER_DECISION'; organisationName: string; decision: 'APPROVED' | 'REJECTED'; reason: string | null; link: string }
  | { kind: 'PARTNER_REGISTERED'; organisationName: string; link: string; days: number }
  | { kind: 'PARTNER_CHARTER'; organisationName: string; version: number; link: string }
  | { kind: 'BRAND_VERSION'; organisationName: string; assetName: string; previousVersion: number; version: number; link: string; note?: string | null }
  // kit: the public's supersession notices (double opt-in, a link to leave in every notice).
  | { kind: 'KIT_SUBSCRIPTION'; link: string; days: number }
  | { kind: 'KIT_VERSION'; assetName: string; version: number; link: string; unsubscribeLink: string; note?: string | null };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A message as paragraphs, the link and the code set apart; rendered to text and HTML alike. */
interface Draft {
  subject: string;
  paragraphs: string[];
  code?: string;
  link?: { href: string; label: string };
}

type Drafts = { [K in MailMessage['kind']]: (message: Extract<MailMessage, { kind: K }>) => Draft };

const MINUTES = 30;

/** Asking again does not void a code already sent (one-time-codes.ts): every code email says so. */
const EARLIER_CODES: Record<Language, string> = {
  fr: 'Si vous avez demandé plusieurs codes, chacun reste valable jusqu’à son expiration ; le premier utilisé met fin aux autres.',
  en: 'If you asked for several codes, each stays valid until it expires; the first one used ends the others.',
  de: 'Haben Sie mehrere Codes angefordert, bleibt jeder bis zu seinem Ablauf gültig; der zuerst verwendete beendet die anderen.',
};

const DRAFTS: Record<Language, Omit<Drafts, AccountMail['kind'] | WebhookMail['kind']>> = {
  fr: {
    ENTRANT_CODE: (m) => ({
      subject: `Votre code de confirmation – ${m.contestTitle}`,
      paragraphs: ['Bonjour,', `Pour confirmer votre adresse et participer au concours « ${m.contestTitle} », saisissez ce code (valable ${MINUTES} minutes) :`, 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.', EARLIER_CODES.fr],
      code: m.code,
      link: { href: m.link, label: 'Confirmer mon adresse' },
    }),
    GUARDIAN_CONSENT: (m) => ({
      subject: `Autorisation parentale demandée – ${m.contestTitle}`,
      paragraphs: [`Bonjour ${m.guardianName},`, `${m.entrantName}, qui a moins de 15 ans, souhaite participer au concours photo « ${m.contestTitle} » du Pôle métropolitain Nord Franche-Comté. Sa participation demande votre accord.`, m.photos === 1 ? 'Une photo attend votre décision.' : `${m.photos} photos attendent votre décision.`, `Sur la page, saisissez ce code (valable ${MINUTES} minutes) : vous verrez les photos, le nom publié avec elles, la licence accordée et le règlement, puis vous accepterez ou refuserez. Un nouveau code peut y être demandé à tout moment.`, 'Sans votre accord, ses photos ne seront ni examinées ni publiées.', EARLIER_CODES.fr],
      code: m.code,
      link: { href: m.link, label: 'Voir les photos et décider' },
    }),
    VOTER_CODE: (m) => ({
      subject: `Votre code pour voter – ${m.contestTitle}`,
      paragraphs: ['Bonjour,', `Voici votre code pour voter au concours « ${m.contestTitle} » (valable ${MINUTES} minutes). Une voix par catégorie.`, EARLIER_CODES.fr],
      code: m.code,
      link: { href: m.link, label: 'Voter' },
    }),
    JUROR_INVITATION: (m) => ({
      subject: `Invitation au jury – ${m.contestTitle}`,
      paragraphs: [`Bonjour ${m.jurorName},`, `Vous êtes invité·e à rejoindre le jury du concours « ${m.contestTitle} ». Les photos vous sont présentées sans le nom de leur auteur. Si vous reconnaissez une photo d’un proche, déclarez le lien : elle sera confiée à un autre juré.`, 'Connectez-vous avec votre adresse : un code vous sera envoyé.'],
      link: { href: m.link, label: 'Rejoindre le jury' },
    }),
    JUROR_CODE: (m) => ({
      subject: `Votre code de connexion au jury – ${m.contestTitle}`,
      paragraphs: ['Bonjour,', `Voici votre code de connexion (valable ${MINUTES} minutes) :`, EARLIER_CODES.fr],
      code: m.code,
      link: { href: m.link, label: 'Ouvrir l’espace du jury' },
    }),
    MODERATION_DECISION: (m) => ({
      subject: `Votre photo « ${m.entryTitle} » – ${m.contestTitle}`,
      paragraphs: [
        'Bonjour,',
        m.decision === 'APPROVED'
          ? `Votre photo « ${m.entryTitle} » est acceptée : elle apparaît dans la galerie du concours.`
          : m.decision === 'CHANGES_REQUESTED'
            ? `Votre photo « ${m.entryTitle} » demande une correction avant d’être acceptée.`
            : `Votre photo « ${m.entryTitle} » n’a pas été retenue.`,
        ...(m.reason ? [`Motif : ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Voir mes photos' },
    }),
    RESULTS: (m) => ({
      subject: `Les résultats – ${m.contestTitle}`,
      paragraphs: ['Bonjour,', `Les résultats du concours « ${m.contestTitle} » sont publiés. Merci d’avoir participé !`],
      link: { href: m.link, label: 'Voir les résultats' },
    }),
    EVENT_REVIEW: (m) => ({
      subject: m.decision === 'PUBLISHED' ? `Événement publié : « ${m.eventTitle} »` : `Événement refusé : « ${m.eventTitle} »`,
      paragraphs: [
        'Bonjour,',
        m.decision === 'PUBLISHED'
          ? `Le Pôle métropolitain a validé votre événement « ${m.eventTitle} » : il est publié dans l’agenda partagé.`
          : `Le Pôle métropolitain n’a pas publié votre événement « ${m.eventTitle} ». Vous pouvez le corriger puis le soumettre de nouveau.`,
        ...(m.reason ? [`Motif : ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Ouvrir l’événement dans l’espace pro' },
    }),
    EVENTS_MERGED: (m) => ({
      subject: `Doublon fusionné : « ${m.keptTitle} »`,
      paragraphs: [
        'Bonjour,',
        m.yours === 'KEPT'
          ? `Le Pôle métropolitain a fusionné l’événement « ${m.mergedTitle} » d’un autre office avec le vôtre, « ${m.keptTitle} », qui reste la fiche de référence. Les traductions et détails de l’autre fiche qui manquaient à la vôtre y ont été repris ; l’autre office en devient co-éditeur.`
          : `Le Pôle métropolitain a fusionné votre événement « ${m.mergedTitle} » avec « ${m.keptTitle} », publié par un autre office, qui devient la fiche de référence. Votre office en reste co-éditeur ; vos identifiants externes mènent désormais à cette fiche, qui a repris vos traductions et détails qui lui manquaient. Ce que votre logiciel ou vos imports enverraient encore pour l’ancienne fiche est refusé avec le code MERGED_INTO et l’identifiant de la fiche de référence : pour la modifier, écrivez à l’office qui la publie.`,
      ],
      link: { href: m.link, label: 'Voir la fiche de référence' },
    }),
    FRESHNESS_DIGEST: (m) => ({
      subject: `Votre agenda cette semaine – ${m.organisationName}`,
      paragraphs: [
        'Bonjour,',
        `Voici ce qui mérite votre attention dans les événements de « ${m.organisationName} » :`,
        ...digestSection(m.withoutImage, (n) => `${n} événement${n > 1 ? 's' : ''} à venir sans image :`, (n) => `… et ${n} de plus.`),
        ...digestSection(m.endingSoon, (n) => `${n} événement${n > 1 ? 's' : ''} dont la dernière date est dans moins de deux semaines (à prolonger ?) :`, (n) => `… et ${n} de plus.`),
        ...digestSection(m.staleFor90Days, (n) => `${n} événement${n > 1 ? 's' : ''} non mis à jour depuis 90 jours :`, (n) => `… et ${n} de plus.`),
        ...(m.duplicatesWaiting ? [`${m.duplicatesWaiting} doublon${m.duplicatesWaiting > 1 ? 's' : ''} possible${m.duplicatesWaiting > 1 ? 's' : ''} avec un autre office attend${m.duplicatesWaiting > 1 ? 'ent' : ''} la décision du Pôle.`] : []),
      ],
      link: { href: m.link, label: 'Ouvrir mes événements' },
    }),
    KIT_SUBSCRIPTION: (m) => ({
      subject: 'Confirmez votre abonnement aux nouvelles versions du kit Nord Franche-Comté',
      paragraphs: ['Bonjour,', 'Vous avez demandé à être prévenu quand un fichier public du kit de communication Nord Franche-Comté (logos, pictogramme, palette) change de version.', `Confirmez avec le lien ci-dessous (valable ${m.days} jours). Sans confirmation, vous ne recevrez rien.`, 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.'],
      link: { href: m.link, label: 'Confirmer mon abonnement' },
    }),
    KIT_VERSION: (m) => ({
      subject: `Nouvelle version : ${m.assetName} (version ${m.version})`,
      paragraphs: ['Bonjour,', `La version ${m.version} de « ${m.assetName} » remplace la précédente dans le kit de communication Nord Franche-Comté : utilisez-la désormais dans vos supports, et retirez l’ancienne là où c’est possible.`, ...(m.note ? [`Ce qui change : ${m.note}`] : []), `Pour ne plus recevoir ces avis : ${m.unsubscribeLink}`],
      link: { href: m.link, label: 'Télécharger la nouvelle version' },
    }),
    // kit (pro-kit)
    BRAND_VERSION: (m) => ({
      subject: `Nouvelle version : ${m.assetName} (version ${m.version})`,
      paragraphs: ['Bonjour,', `« ${m.organisationName} » a téléchargé la version ${m.previousVersion} de « ${m.assetName} ». La version ${m.version} la remplace : utilisez-la désormais dans vos supports, et retirez l’ancienne là où c’est possible.`, ...(m.note ? [`Ce qui change : ${m.note}`] : []), 'Les fichiers de la nouvelle version (vectoriel, PNG, JPEG, WebP) sont dans le kit.'],
      link: { href: m.link, label: 'Télécharger la nouvelle version' },
    }),
    PARTNER_REGISTERED: (m) => ({
      subject: `Demande de partenariat reçue – ${m.organisationName}`,
      paragraphs: [
        'Bonjour,',
        `Le Pôle métropolitain Nord Franche-Comté a bien reçu la demande de partenariat de « ${m.organisationName} ».`,
        `Confirmez votre adresse avec le lien ci-dessous (valable ${m.days} jours) : la demande est ensuite examinée par le Pôle, qui vous écrira sa décision.`,
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : sans confirmation, elle ne compte pas.',
      ],
      link: { href: m.link, label: 'Confirmer mon adresse' },
    }),
    PARTNER_CHARTER: (m) => ({
      subject: `Nouvelle charte d’usage de la marque (version ${m.version}) – ${m.organisationName}`,
      paragraphs: ['Bonjour,', `Une nouvelle version de la charte d’usage de la marque Nord Franche-Comté est en vigueur (version ${m.version}). Les téléchargements réservés aux partenaires reprennent dès qu’elle est acceptée dans votre espace partenaire.`],
      link: { href: m.link, label: 'Lire et accepter la charte' },
    }),
    PARTNER_DECISION: (m) => ({
      subject: m.decision === 'APPROVED' ? `Votre demande de partenariat est acceptée – ${m.organisationName}` : `Votre demande de partenariat n’est pas acceptée – ${m.organisationName}`,
      paragraphs: [
        'Bonjour,',
        m.decision === 'APPROVED'
          ? `Le Pôle métropolitain Nord Franche-Comté a accepté la demande de partenariat de « ${m.organisationName} ». Une fois la charte d’usage en vigueur acceptée, vous pouvez télécharger les logos réservés aux partenaires.`
          : `Le Pôle métropolitain Nord Franche-Comté n’a pas accepté la demande de partenariat de « ${m.organisationName} ».`,
        ...(m.reason ? [`Motif : ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Ouvrir mon espace partenaire' },
    }),
  },
  en: {
    ENTRANT_CODE: (m) => ({
      subject: `Your confirmation code – ${m.contestTitle}`,
      paragraphs: ['Hello,', `To confirm your address and enter "${m.contestTitle}", type this code (valid for ${MINUTES} minutes):`, 'If you did not ask for it, ignore this message.', EARLIER_CODES.en],
      code: m.code,
      link: { href: m.link, label: 'Confirm my address' },
    }),
    GUARDIAN_CONSENT: (m) => ({
      subject: `Parental consent requested – ${m.contestTitle}`,
      paragraphs: [`Hello ${m.guardianName},`, `${m.entrantName}, who is under 15, wishes to enter the photo contest "${m.contestTitle}" of the Pôle métropolitain Nord Franche-Comté. Their entry needs your consent.`, m.photos === 1 ? 'One photo awaits your decision.' : `${m.photos} photos await your decision.`, `On the page, type this code (valid for ${MINUTES} minutes): you will see the photos, the name published with them, the licence granted and the rules, then accept or refuse. A new code can be asked for there at any time.`, 'Without your consent, their photos are neither reviewed nor published.', EARLIER_CODES.en],
      code: m.code,
      link: { href: m.link, label: 'See the photos and decide' },
    }),
    VOTER_CODE: (m) => ({
      subject: `Your voting code – ${m.contestTitle}`,
      paragraphs: ['Hello,', `Here is your code to vote in "${m.contestTitle}" (valid for ${MINUTES} minutes). One vote per category.`, EARLIER_CODES.en],
      code: m.code,
      link: { href: m.link, label: 'Vote' },
    }),
    JUROR_INVITATION: (m) => ({
      subject: `Invitation to the jury – ${m.contestTitle}`,
      paragraphs: [`Hello ${m.jurorName},`, `You are invited to join the jury of "${m.contestTitle}". Photos are shown without their author's name. If you recognise a photo by someone close to you, declare it: another juror will judge it.`, 'Sign in with your address: a code will be sent to you.'],
      link: { href: m.link, label: 'Join the jury' },
    }),
    JUROR_CODE: (m) => ({
      subject: `Your jury sign-in code – ${m.contestTitle}`,
      paragraphs: ['Hello,', `Here is your sign-in code (valid for ${MINUTES} minutes):`, EARLIER_CODES.en],
      code: m.code,
      link: { href: m.link, label: 'Open the jury area' },
    }),
    MODERATION_DECISION: (m) => ({
      subject: `Your photo "${m.entryTitle}" – ${m.contestTitle}`,
      paragraphs: [
        'Hello,',
        m.decision === 'APPROVED'
          ? `Your photo "${m.entryTitle}" is accepted: it now appears in the contest gallery.`
          : m.decision === 'CHANGES_REQUESTED'
            ? `Your photo "${m.entryTitle}" needs a correction before it can be accepted.`
            : `Your photo "${m.entryTitle}" was not accepted.`,
        ...(m.reason ? [`Reason: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'See my photos' },
    }),
    RESULTS: (m) => ({
      subject: `The results – ${m.contestTitle}`,
      paragraphs: ['Hello,', `The results of "${m.contestTitle}" are out. Thank you for taking part!`],
      link: { href: m.link, label: 'See the results' },
    }),
    EVENT_REVIEW: (m) => ({
      subject: m.decision === 'PUBLISHED' ? `Event published: “${m.eventTitle}”` : `Event refused: “${m.eventTitle}”`,
      paragraphs: [
        'Hello,',
        m.decision === 'PUBLISHED'
          ? `The Pôle métropolitain approved your event “${m.eventTitle}”: it is published in the shared agenda.`
          : `The Pôle métropolitain did not publish your event “${m.eventTitle}”. You may correct it and submit it again.`,
        ...(m.reason ? [`Reason: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Open the event in the pro area' },
    }),
    EVENTS_MERGED: (m) => ({
      subject: `Duplicate merged: “${m.keptTitle}”`,
      paragraphs: [
        'Hello,',
        m.yours === 'KEPT'
          ? `The Pôle métropolitain merged another office’s event “${m.mergedTitle}” into yours, “${m.keptTitle}”, which stays the reference. The other event’s translations and details that yours lacked were added to it; the other office becomes a co-publisher.`
          : `The Pôle métropolitain merged your event “${m.mergedTitle}” into “${m.keptTitle}”, published by another office, which becomes the reference. Your office stays a co-publisher; your external ids now lead to it, and it took your translations and details it lacked. What your system or imports still send for the old event is refused with the code MERGED_INTO and the reference event’s id: to change it, write to the office that publishes it.`,
      ],
      link: { href: m.link, label: 'See the reference event' },
    }),
    FRESHNESS_DIGEST: (m) => ({
      subject: `Your agenda this week – ${m.organisationName}`,
      paragraphs: [
        'Hello,',
        `Here is what deserves a look among the events of "${m.organisationName}":`,
        ...digestSection(m.withoutImage, (n) => `${n} upcoming event${n > 1 ? 's' : ''} without an image:`, (n) => `… and ${n} more.`),
        ...digestSection(m.endingSoon, (n) => `${n} event${n > 1 ? 's' : ''} whose last date is less than two weeks away (extend?):`, (n) => `… and ${n} more.`),
        ...digestSection(m.staleFor90Days, (n) => `${n} event${n > 1 ? 's' : ''} not updated for 90 days:`, (n) => `… and ${n} more.`),
        ...(m.duplicatesWaiting ? [`${m.duplicatesWaiting} possible duplicate${m.duplicatesWaiting > 1 ? 's' : ''} with another office await${m.duplicatesWaiting > 1 ? '' : 's'} the Pôle’s decision.`] : []),
      ],
      link: { href: m.link, label: 'Open my events' },
    }),
    KIT_SUBSCRIPTION: (m) => ({
      subject: 'Confirm your subscription to new versions of the Nord Franche-Comté kit',
      paragraphs: ['Hello,', 'You asked to be told when a public file of the Nord Franche-Comté communication kit (logos, pictogram, palette) has a new version.', `Confirm with the link below (valid for ${m.days} days). Unconfirmed, you will receive nothing.`, 'If you did not ask for this, ignore this message.'],
      link: { href: m.link, label: 'Confirm my subscription' },
    }),
    KIT_VERSION: (m) => ({
      subject: `New version: ${m.assetName} (version ${m.version})`,
      paragraphs: ['Hello,', `Version ${m.version} of "${m.assetName}" replaces the previous one in the Nord Franche-Comté communication kit: use it from now on, and replace the old one where you can.`, ...(m.note ? [`What changes: ${m.note}`] : []), `To stop these notices: ${m.unsubscribeLink}`],
      link: { href: m.link, label: 'Download the new version' },
    }),
    // kit (pro-kit)
    BRAND_VERSION: (m) => ({
      subject: `New version: ${m.assetName} (version ${m.version})`,
      paragraphs: ['Hello,', `"${m.organisationName}" downloaded version ${m.previousVersion} of "${m.assetName}". Version ${m.version} replaces it: use it from now on, and replace the old one where you can.`, ...(m.note ? [`What changes: ${m.note}`] : []), 'The new version’s files (vector, PNG, JPEG, WebP) are in the kit.'],
      link: { href: m.link, label: 'Download the new version' },
    }),
    PARTNER_REGISTERED: (m) => ({
      subject: `Partnership request received – ${m.organisationName}`,
      paragraphs: [
        'Hello,',
        `The Pôle métropolitain Nord Franche-Comté has received the partnership request of "${m.organisationName}".`,
        `Confirm your address with the link below (valid for ${m.days} days): the Pôle then reviews the request and writes to you with its decision.`,
        'If you did not make this request, ignore this message: unconfirmed, it does not count.',
      ],
      link: { href: m.link, label: 'Confirm my address' },
    }),
    PARTNER_CHARTER: (m) => ({
      subject: `New brand charter (version ${m.version}) – ${m.organisationName}`,
      paragraphs: ['Hello,', `A new version of the Nord Franche-Comté brand charter is in force (version ${m.version}). Partner downloads resume as soon as it is accepted in your partner area.`],
      link: { href: m.link, label: 'Read and accept the charter' },
    }),
    PARTNER_DECISION: (m) => ({
      subject: m.decision === 'APPROVED' ? `Your partnership request is approved – ${m.organisationName}` : `Your partnership request is not approved – ${m.organisationName}`,
      paragraphs: [
        'Hello,',
        m.decision === 'APPROVED'
          ? `The Pôle métropolitain Nord Franche-Comté has approved the partnership request of "${m.organisationName}". Once you accept the usage charter in force, you can download the logos reserved for partners.`
          : `The Pôle métropolitain Nord Franche-Comté has not approved the partnership request of "${m.organisationName}".`,
        ...(m.reason ? [`Reason: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Open my partner area' },
    }),
  },
  de: {
    ENTRANT_CODE: (m) => ({
      subject: `Ihr Bestätigungscode – ${m.contestTitle}`,
      paragraphs: ['Guten Tag,', `Um Ihre Adresse zu bestätigen und am Wettbewerb „${m.contestTitle}“ teilzunehmen, geben Sie diesen Code ein (${MINUTES} Minuten gültig):`, 'Falls Sie dies nicht angefordert haben, ignorieren Sie diese Nachricht.', EARLIER_CODES.de],
      code: m.code,
      link: { href: m.link, label: 'Adresse bestätigen' },
    }),
    GUARDIAN_CONSENT: (m) => ({
      subject: `Einwilligung der Eltern erbeten – ${m.contestTitle}`,
      paragraphs: [`Guten Tag ${m.guardianName},`, `${m.entrantName}, unter 15 Jahre alt, möchte am Fotowettbewerb „${m.contestTitle}“ des Pôle métropolitain Nord Franche-Comté teilnehmen. Dafür ist Ihre Einwilligung nötig.`, m.photos === 1 ? 'Ein Foto wartet auf Ihre Entscheidung.' : `${m.photos} Fotos warten auf Ihre Entscheidung.`, `Geben Sie auf der Seite diesen Code ein (${MINUTES} Minuten gültig): Sie sehen die Fotos, den mit ihnen veröffentlichten Namen, die erteilte Lizenz und die Teilnahmebedingungen und stimmen dann zu oder lehnen ab. Dort kann jederzeit ein neuer Code angefordert werden.`, 'Ohne Ihre Einwilligung werden die Fotos weder geprüft noch veröffentlicht.', EARLIER_CODES.de],
      code: m.code,
      link: { href: m.link, label: 'Fotos ansehen und entscheiden' },
    }),
    VOTER_CODE: (m) => ({
      subject: `Ihr Code zum Abstimmen – ${m.contestTitle}`,
      paragraphs: ['Guten Tag,', `Hier ist Ihr Code, um beim Wettbewerb „${m.contestTitle}“ abzustimmen (${MINUTES} Minuten gültig). Eine Stimme pro Kategorie.`, EARLIER_CODES.de],
      code: m.code,
      link: { href: m.link, label: 'Abstimmen' },
    }),
    JUROR_INVITATION: (m) => ({
      subject: `Einladung in die Jury – ${m.contestTitle}`,
      paragraphs: [`Guten Tag ${m.jurorName},`, `Sie sind eingeladen, in der Jury des Wettbewerbs „${m.contestTitle}“ mitzuwirken. Die Fotos werden ohne Namen gezeigt. Erkennen Sie ein Foto einer Ihnen nahestehenden Person, melden Sie es: Ein anderes Jurymitglied bewertet es.`, 'Melden Sie sich mit Ihrer Adresse an: Sie erhalten einen Code.'],
      link: { href: m.link, label: 'Zur Jury' },
    }),
    JUROR_CODE: (m) => ({
      subject: `Ihr Anmeldecode für die Jury – ${m.contestTitle}`,
      paragraphs: ['Guten Tag,', `Hier ist Ihr Anmeldecode (${MINUTES} Minuten gültig):`, EARLIER_CODES.de],
      code: m.code,
      link: { href: m.link, label: 'Jurybereich öffnen' },
    }),
    MODERATION_DECISION: (m) => ({
      subject: `Ihr Foto „${m.entryTitle}“ – ${m.contestTitle}`,
      paragraphs: [
        'Guten Tag,',
        m.decision === 'APPROVED'
          ? `Ihr Foto „${m.entryTitle}“ wurde angenommen und erscheint in der Galerie.`
          : m.decision === 'CHANGES_REQUESTED'
            ? `Ihr Foto „${m.entryTitle}“ braucht eine Korrektur, bevor es angenommen werden kann.`
            : `Ihr Foto „${m.entryTitle}“ wurde nicht angenommen.`,
        ...(m.reason ? [`Grund: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Meine Fotos ansehen' },
    }),
    RESULTS: (m) => ({
      subject: `Die Ergebnisse – ${m.contestTitle}`,
      paragraphs: ['Guten Tag,', `Die Ergebnisse des Wettbewerbs „${m.contestTitle}“ sind veröffentlicht. Danke fürs Mitmachen!`],
      link: { href: m.link, label: 'Ergebnisse ansehen' },
    }),
    EVENT_REVIEW: (m) => ({
      subject: m.decision === 'PUBLISHED' ? `Veranstaltung veröffentlicht: „${m.eventTitle}“` : `Veranstaltung abgelehnt: „${m.eventTitle}“`,
      paragraphs: [
        'Guten Tag,',
        m.decision === 'PUBLISHED'
          ? `Der Pôle métropolitain hat Ihre Veranstaltung „${m.eventTitle}“ freigegeben: Sie steht im gemeinsamen Veranstaltungskalender.`
          : `Der Pôle métropolitain hat Ihre Veranstaltung „${m.eventTitle}“ nicht veröffentlicht. Sie können sie korrigieren und erneut einreichen.`,
        ...(m.reason ? [`Begründung: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Veranstaltung im Profi-Bereich öffnen' },
    }),
    EVENTS_MERGED: (m) => ({
      subject: `Dublette zusammengeführt: „${m.keptTitle}“`,
      paragraphs: [
        'Guten Tag,',
        m.yours === 'KEPT'
          ? `Der Pôle métropolitain hat die Veranstaltung „${m.mergedTitle}“ eines anderen Büros mit Ihrer Veranstaltung „${m.keptTitle}“ zusammengeführt, die der Referenzeintrag bleibt. Übersetzungen und Angaben des anderen Eintrags, die Ihrem fehlten, wurden übernommen; das andere Büro wird Mitherausgeber.`
          : `Der Pôle métropolitain hat Ihre Veranstaltung „${m.mergedTitle}“ mit „${m.keptTitle}“ eines anderen Büros zusammengeführt, das nun der Referenzeintrag ist. Ihr Büro bleibt Mitherausgeber; Ihre externen Kennungen führen nun dorthin, und er hat Ihre Übersetzungen und Angaben übernommen, die ihm fehlten. Was Ihr System oder Ihre Importe noch für den alten Eintrag senden, wird mit dem Code MERGED_INTO und der Kennung des Referenzeintrags abgelehnt: Für Änderungen schreiben Sie dem Büro, das ihn veröffentlicht.`,
      ],
      link: { href: m.link, label: 'Referenzeintrag ansehen' },
    }),
    FRESHNESS_DIGEST: (m) => ({
      subject: `Ihr Veranstaltungskalender diese Woche – ${m.organisationName}`,
      paragraphs: [
        'Guten Tag,',
        `Das verdient einen Blick bei den Veranstaltungen von „${m.organisationName}“:`,
        ...digestSection(m.withoutImage, (n) => `${n} kommende Veranstaltung${n > 1 ? 'en' : ''} ohne Bild:`, (n) => `… und ${n} weitere.`),
        ...digestSection(m.endingSoon, (n) => `${n} Veranstaltung${n > 1 ? 'en' : ''}, deren letzter Termin in weniger als zwei Wochen liegt (verlängern?):`, (n) => `… und ${n} weitere.`),
        ...digestSection(m.staleFor90Days, (n) => `${n} Veranstaltung${n > 1 ? 'en' : ''} seit 90 Tagen nicht aktualisiert:`, (n) => `… und ${n} weitere.`),
        ...(m.duplicatesWaiting ? [`${m.duplicatesWaiting} mögliche Dublette${m.duplicatesWaiting > 1 ? 'n' : ''} mit einem anderen Büro ${m.duplicatesWaiting > 1 ? 'warten' : 'wartet'} auf die Entscheidung des Pôle.`] : []),
      ],
      link: { href: m.link, label: 'Meine Veranstaltungen öffnen' },
    }),
    KIT_SUBSCRIPTION: (m) => ({
      subject: 'Bestätigen Sie Ihr Abonnement für neue Versionen des Kits Nord Franche-Comté',
      paragraphs: ['Guten Tag,', 'Sie möchten benachrichtigt werden, wenn eine öffentliche Datei des Kommunikationskits Nord Franche-Comté (Logos, Piktogramm, Palette) eine neue Version erhält.', `Bestätigen Sie mit dem Link unten (${m.days} Tage gültig). Ohne Bestätigung erhalten Sie nichts.`, 'Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.'],
      link: { href: m.link, label: 'Abonnement bestätigen' },
    }),
    KIT_VERSION: (m) => ({
      subject: `Neue Version: ${m.assetName} (Version ${m.version})`,
      paragraphs: ['Guten Tag,', `Version ${m.version} von „${m.assetName}“ ersetzt die vorige im Kommunikationskit Nord Franche-Comté: Verwenden Sie ab jetzt diese und ersetzen Sie die alte, wo es möglich ist.`, ...(m.note ? [`Was sich ändert: ${m.note}`] : []), `Um diese Hinweise nicht mehr zu erhalten: ${m.unsubscribeLink}`],
      link: { href: m.link, label: 'Neue Version herunterladen' },
    }),
    // kit (pro-kit)
    BRAND_VERSION: (m) => ({
      subject: `Neue Version: ${m.assetName} (Version ${m.version})`,
      paragraphs: ['Guten Tag,', `„${m.organisationName}“ hat Version ${m.previousVersion} von „${m.assetName}“ heruntergeladen. Version ${m.version} ersetzt sie: Verwenden Sie ab jetzt diese und ersetzen Sie die alte, wo es möglich ist.`, ...(m.note ? [`Was sich ändert: ${m.note}`] : []), 'Die Dateien der neuen Version (Vektor, PNG, JPEG, WebP) sind im Kit.'],
      link: { href: m.link, label: 'Neue Version herunterladen' },
    }),
    PARTNER_REGISTERED: (m) => ({
      subject: `Partnerschaftsanfrage erhalten – ${m.organisationName}`,
      paragraphs: [
        'Guten Tag,',
        `Der Pôle métropolitain Nord Franche-Comté hat die Partnerschaftsanfrage von „${m.organisationName}“ erhalten.`,
        `Bestätigen Sie Ihre Adresse mit dem Link unten (${m.days} Tage gültig): Danach prüft der Pôle die Anfrage und teilt Ihnen seine Entscheidung mit.`,
        'Falls Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese Nachricht: Unbestätigt zählt sie nicht.',
      ],
      link: { href: m.link, label: 'Adresse bestätigen' },
    }),
    PARTNER_CHARTER: (m) => ({
      subject: `Neue Markencharta (Version ${m.version}) – ${m.organisationName}`,
      paragraphs: ['Guten Tag,', `Eine neue Version der Markencharta Nord Franche-Comté ist in Kraft (Version ${m.version}). Die Partner-Downloads sind wieder möglich, sobald sie in Ihrem Partnerbereich akzeptiert ist.`],
      link: { href: m.link, label: 'Charta lesen und akzeptieren' },
    }),
    PARTNER_DECISION: (m) => ({
      subject: m.decision === 'APPROVED' ? `Ihre Partneranfrage ist angenommen – ${m.organisationName}` : `Ihre Partneranfrage ist nicht angenommen – ${m.organisationName}`,
      paragraphs: [
        'Guten Tag,',
        m.decision === 'APPROVED'
          ? `Der Pôle métropolitain Nord Franche-Comté hat die Partneranfrage von „${m.organisationName}“ angenommen. Sobald Sie die geltende Nutzungscharta akzeptiert haben, können Sie die Logos für Partner herunterladen.`
          : `Der Pôle métropolitain Nord Franche-Comté hat die Partneranfrage von „${m.organisationName}“ nicht angenommen.`,
        ...(m.reason ? [`Begründung: ${m.reason}`] : []),
      ],
      link: { href: m.link, label: 'Meinen Partnerbereich öffnen' },
    }),
  },
};

const SIGNATURE: Record<Language, string> = {
  fr: 'Le Pôle métropolitain Nord Franche-Comté',
  en: 'The Pôle métropolitain Nord Franche-Comté',
  de: 'Der Pôle métropolitain Nord Franche-Comté',
};

/** A link the message may carry: the platform's own http(s) addresses only. */
function safeHref(href: string): string {
  return /^https?:\/\//i.test(href) ? href : '';
}

/** Every text a person typed (names, titles, reasons) as safe text: no control character, LF line ends. */
function cleanDraft(draft: Draft): Draft {
  return {
    // A subject is one header line: no CR or LF can reach it, so no header can be added.
    subject: oneLine(draft.subject),
    paragraphs: draft.paragraphs.map(outputText),
    code: draft.code === undefined ? undefined : oneLine(draft.code),
    link: draft.link ? { href: safeHref(oneLine(draft.link.href)), label: oneLine(draft.link.label) } : undefined,
  };
}

/** A paragraph as HTML: escaped, its line breaks kept. */
function htmlParagraph(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}

/** Renders a message in a language, as plain text and as simple, accessible HTML. */
export function renderMail(message: MailMessage, language: Language): RenderedMail {
  const drafts: Drafts = { ...DRAFTS[language], ...ACCOUNT_DRAFTS[language], ...WEBHOOK_DRAFTS[language] };
  const draft = cleanDraft((drafts[message.kind] as (m: MailMessage) => Draft)(message));
  const text = [
    ...draft.paragraphs.slice(0, 2),
    ...(draft.code ? [`    ${draft.code}`] : []),
    ...draft.paragraphs.slice(2),
    ...(draft.link?.href ? [`${draft.link.label}${language === 'fr' ? ' :' : ':'} ${draft.link.href}`] : []),
    '—',
    SIGNATURE[language],
  ].join('\n\n');
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(draft.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em">
${draft.paragraphs.slice(0, 2).map((p) => `<p>${htmlParagraph(p)}</p>`).join('\n')}
${draft.code ? `<p style="font-size:2em;letter-spacing:.2em;font-weight:bold" aria-label="${escapeHtml(draft.code.split('').join(' '))}">${escapeHtml(draft.code)}</p>` : ''}
${draft.paragraphs.slice(2).map((p) => `<p>${htmlParagraph(p)}</p>`).join('\n')}
${draft.link?.href ? `<p><a href="${escapeHtml(draft.link.href)}" style="color:#0b5c8a">${escapeHtml(draft.link.label)}</a></p>` : ''}
<p>— ${escapeHtml(SIGNATURE[language])}</p>
</body></html>`;
  return { subject: draft.subject, text, html };
}

// ——— Accounts of the espace pro (password reset, invitations) ———

/** The messages of the espace pro's accounts. */
export type AccountMail =
  | { kind: 'PASSWORD_RESET'; link: string; minutes: number }
  | { kind: 'INVITATION'; organisationName: string; inviterName: string | null; role: 'ADMIN' | 'EDITOR'; link: string; days: number };

type AccountDrafts = { [K in AccountMail['kind']]: (message: Extract<AccountMail, { kind: K }>) => Draft };

const ROLE_NAMES: Record<Language, Record<'ADMIN' | 'EDITOR', string>> = {
  fr: { ADMIN: 'administrateur·rice', EDITOR: 'rédacteur·rice' },
  en: { ADMIN: 'administrator', EDITOR: 'editor' },
  de: { ADMIN: 'Administrator·in', EDITOR: 'Redakteur·in' },
};

const ACCOUNT_DRAFTS: Record<Language, AccountDrafts> = {
  fr: {
    PASSWORD_RESET: (m) => ({
      subject: 'Choisir un nouveau mot de passe – Espace pro Nord Franche-Comté',
      paragraphs: ['Bonjour,', `Une demande de nouveau mot de passe a été faite pour votre compte de l’espace pro. Ce lien est valable ${m.minutes} minutes et ne sert qu’une fois ; il met fin à toutes vos sessions ouvertes.`, 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste le même.'],
      link: { href: m.link, label: 'Choisir un nouveau mot de passe' },
    }),
    INVITATION: (m) => ({
      subject: `Invitation à l’espace pro – ${m.organisationName}`,
      paragraphs: [
        'Bonjour,',
        `${m.inviterName ? `${m.inviterName} vous invite` : 'Vous êtes invité·e'} à rejoindre « ${m.organisationName} » dans l’espace pro Nord Franche-Comté, en tant que ${ROLE_NAMES.fr[m.role]}.`,
        `Ce lien est valable ${m.days} jours : vous y choisirez votre mot de passe.`,
        'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.',
      ],
      link: { href: m.link, label: 'Accepter l’invitation' },
    }),
  },
  en: {
    PASSWORD_RESET: (m) => ({
      subject: 'Choose a new password – Nord Franche-Comté pro area',
      paragraphs: ['Hello,', `A new password was asked for your pro area account. This link works for ${m.minutes} minutes and only once; it ends all your open sessions.`, 'If you did not ask for it, ignore this message: your password stays as it is.'],
      link: { href: m.link, label: 'Choose a new password' },
    }),
    INVITATION: (m) => ({
      subject: `Invitation to the pro area – ${m.organisationName}`,
      paragraphs: [
        'Hello,',
        `${m.inviterName ? `${m.inviterName} invites you` : 'You are invited'} to join "${m.organisationName}" in the Nord Franche-Comté pro area, as ${ROLE_NAMES.en[m.role]}.`,
        `This link works for ${m.days} days: you will choose your password there.`,
        'If you did not expect this invitation, ignore this message.',
      ],
      link: { href: m.link, label: 'Accept the invitation' },
    }),
  },
  de: {
    PASSWORD_RESET: (m) => ({
      subject: 'Neues Passwort wählen – Pro-Bereich Nord Franche-Comté',
      paragraphs: ['Guten Tag,', `Für Ihr Konto im Pro-Bereich wurde ein neues Passwort angefordert. Dieser Link ist ${m.minutes} Minuten und nur einmal gültig; er beendet alle offenen Sitzungen.`, 'Falls Sie dies nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.'],
      link: { href: m.link, label: 'Neues Passwort wählen' },
    }),
    INVITATION: (m) => ({
      subject: `Einladung in den Pro-Bereich – ${m.organisationName}`,
      paragraphs: [
        'Guten Tag,',
        `${m.inviterName ? `${m.inviterName} lädt Sie ein` : 'Sie sind eingeladen'}, „${m.organisationName}“ im Pro-Bereich Nord Franche-Comté beizutreten, als ${ROLE_NAMES.de[m.role]}.`,
        `Dieser Link ist ${m.days} Tage gültig: Dort wählen Sie Ihr Passwort.`,
        'Falls Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Nachricht.',
      ],
      link: { href: m.link, label: 'Einladung annehmen' },
    }),
  },
};

// ——— Webhooks (syndication) ———

/** A webhook subscription that kept failing was disabled (webhooks/webhook-delivery.ts). */
export type WebhookMail = { kind: 'WEBHOOK_DISABLED'; organisationName: string; url: string; failures: number; link: string };

const WEBHOOK_DRAFTS: Record<Language, { WEBHOOK_DISABLED: (message: WebhookMail) => Draft }> = {
  fr: {
    WEBHOOK_DISABLED: (m) => ({
      subject: `Webhook désactivé – ${m.organisationName}`,
      paragraphs: [
        'Bonjour,',
        `Les ${m.failures} dernières tentatives d’envoi vers l’adresse ${m.url} ont échoué, depuis plus d’un jour : nous avons désactivé cet abonnement aux changements de l’agenda de « ${m.organisationName} ».`,
        'Vérifiez que l’adresse répond (code 2xx), puis réactivez l’abonnement dans l’espace pro ; vous pouvez d’abord l’essayer avec un « ping ». Les changements faits pendant la désactivation ne sont pas envoyés.',
      ],
      link: { href: m.link, label: 'Ouvrir mes webhooks' },
    }),
  },
  en: {
    WEBHOOK_DISABLED: (m) => ({
      subject: `Webhook disabled – ${m.organisationName}`,
      paragraphs: [
        'Hello,',
        `The last ${m.failures} attempts to deliver to ${m.url} failed, for more than a day: we disabled this subscription to the agenda changes of "${m.organisationName}".`,
        'Check that the address answers (a 2xx code), then enable the subscription again in the pro area; you can try it with a "ping" first. Changes made while it is disabled are not sent.',
      ],
      link: { href: m.link, label: 'Open my webhooks' },
    }),
  },
  de: {
    WEBHOOK_DISABLED: (m) => ({
      subject: `Webhook deaktiviert – ${m.organisationName}`,
      paragraphs: [
        'Guten Tag,',
        `Die letzten ${m.failures} Zustellversuche an ${m.url} sind seit mehr als einem Tag fehlgeschlagen: Wir haben dieses Abonnement der Agenda-Änderungen von „${m.organisationName}“ deaktiviert.`,
        'Prüfen Sie, dass die Adresse antwortet (Code 2xx), und aktivieren Sie das Abonnement im Pro-Bereich wieder; Sie können es zuerst mit einem „Ping“ testen. Änderungen während der Deaktivierung werden nicht gesendet.',
      ],
      link: { href: m.link, label: 'Meine Webhooks öffnen' },
    }),
  },
};
