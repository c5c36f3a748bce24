import { CONTEST_REFUSALS, MEDIA_LIMITS, type ContestRefusal, type Language } from '@nfc/shared';
import type { ApiError } from '../lib/api';

/**
 * What a resident reads when the API refuses: the refusal's stable reason (or code) said in
 * the page's language. The API's own message is English and for developers; it never reaches
 * a resident, nor does a code name.
 */
const FILE_REASONS = ['FILE_TOO_LARGE', 'UNSUPPORTED_TYPE', 'TYPE_MISMATCH', 'CORRUPT_FILE', 'TOO_MANY_PIXELS', 'PROCESSING_TIMEOUT', 'UNSAFE_SVG', 'NO_FILE', 'UPLOAD_IN_USE'] as const;
const CODES = ['RATE_LIMITED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE', 'BAD_USER_INPUT', 'OTHER'] as const;
type Key = ContestRefusal | (typeof FILE_REASONS)[number] | (typeof CODES)[number];

const MB = MEDIA_LIMITS.maxUploadBytes / 1024 / 1024;
const MP = MEDIA_LIMITS.maxPixels / 1_000_000;

const TEXTS: Record<Language, Record<Key, string>> = {
  fr: {
    OUTSIDE_WINDOW: 'Cette étape du concours n’est pas ouverte en ce moment.',
    ENTRY_LIMIT_REACHED: 'Vous avez atteint le nombre de photos permis ({limit}).',
    NOT_A_RESIDENT: 'Le concours est ouvert aux habitants des 197 communes du Nord Franche-Comté.',
    RESOLUTION_TOO_LOW: 'La photo est trop petite (au moins {mp} mégapixels).',
    DUPLICATE_PHOTO: 'Cette photo a déjà été envoyée au concours.',
    EMAIL_NOT_VERIFIED: 'Confirmez d’abord votre adresse avec le code reçu.',
    GUARDIAN_REQUIRED: 'Avant 15 ans, un parent ou tuteur doit donner son accord : indiquez son nom et sa propre adresse.',
    CONSENT_REQUIRED: 'Acceptez le règlement en vigueur (version {version}) et la licence pour continuer.',
    OUTSIDE_TERRITORY: 'La photo a été prise hors du territoire.',
    CAPTURE_DATE_OUTSIDE_WINDOW: 'La date de prise de vue est en dehors de la période du concours.',
    ALREADY_VOTED: 'Vous avez déjà voté dans cette catégorie.',
    DISPOSABLE_EMAIL: 'Les adresses jetables ne sont pas acceptées.',
    CONFLICT_OF_INTEREST: 'Cette photo a été confiée à un autre juré.',
    INVALID_CODE: 'Ce code est faux ou a expiré : demandez-en un nouveau.',
    RESULTS_PUBLISHED: 'Les résultats sont déjà publiés : retirez d’abord la publication.',
    RESULTS_NOT_PUBLISHED: 'Les résultats ne sont pas publiés : il n’y a rien à retirer.',
    JURY_ROUND_OPEN: 'Un tour du jury est encore ouvert : clôturez-le d’abord.',
    NO_FINAL_ROUND: 'Le jury n’a pas clos de tour final : les prix du jury manqueraient pour de bon.',
    JURY_OVER: 'Le tour final est clos : le jury a terminé.',
    ENTRIES_AWAIT_MODERATION: 'Des photos attendent encore la modération ({count}) : décidez d’abord, sinon elles manqueraient le jury.',
    NO_ENTRY_TO_JUDGE: 'Aucune photo à juger : acceptez d’abord des photos.',
    ROUND_CLOSED: 'Ce tour du jury est déjà clos.',
    WRONG_ENTRY_STATE: 'La photo n’est plus dans l’état qui permet cette décision : rechargez la page.',
    ALREADY_ON_JURY: 'Cette personne fait déjà partie du jury.',
    FILE_TOO_LARGE: `Le fichier dépasse ${MB} Mo.`,
    UNSUPPORTED_TYPE: 'Ce type de fichier n’est pas accepté : envoyez une photo JPEG, PNG, WebP, AVIF ou HEIC.',
    TYPE_MISMATCH: 'Le fichier n’est pas l’image qu’il prétend être.',
    CORRUPT_FILE: 'Le fichier est abîmé ou incomplet.',
    TOO_MANY_PIXELS: `L’image dépasse ${MP} mégapixels.`,
    PROCESSING_TIMEOUT: 'L’image a été trop longue à traiter : essayez une version plus légère.',
    UNSAFE_SVG: 'Ce fichier contient du contenu actif et ne peut pas être accepté.',
    NO_FILE: 'Aucun fichier n’a été envoyé.',
    UPLOAD_IN_USE: 'Ce fichier est déjà utilisé par une autre photo.',
    RATE_LIMITED: 'Trop de demandes : réessayez dans {wait}.',
    UNAUTHENTICATED: 'Votre session a expiré : reconnectez-vous avec un nouveau code.',
    FORBIDDEN: 'Cette action ne vous est pas permise.',
    NOT_FOUND: 'Cet élément n’existe pas ou plus.',
    CONFLICT: 'Cette action n’est pas possible dans l’état actuel du concours.',
    SERVICE_UNAVAILABLE: 'Le service est momentanément indisponible : réessayez dans un instant.',
    BAD_USER_INPUT: 'Vérifiez les champs suivants : {fields}.',
    OTHER: 'La demande n’a pas pu aboutir : réessayez dans un instant.',
  },
  en: {
    OUTSIDE_WINDOW: 'This step of the contest is not open at the moment.',
    ENTRY_LIMIT_REACHED: 'You have reached the number of photos allowed ({limit}).',
    NOT_A_RESIDENT: 'The contest is open to residents of the 197 communes of Nord Franche-Comté.',
    RESOLUTION_TOO_LOW: 'The photo is too small (at least {mp} megapixels).',
    DUPLICATE_PHOTO: 'This photo has already been entered.',
    EMAIL_NOT_VERIFIED: 'First confirm your address with the code you received.',
    GUARDIAN_REQUIRED: 'Under 15, a parent or guardian must consent: give their name and their own address.',
    CONSENT_REQUIRED: 'Accept the current rules (version {version}) and the licence to go on.',
    OUTSIDE_TERRITORY: 'The photo was taken outside the territory.',
    CAPTURE_DATE_OUTSIDE_WINDOW: 'The photo’s capture date is outside the contest’s period.',
    ALREADY_VOTED: 'You have already voted in this category.',
    DISPOSABLE_EMAIL: 'Disposable addresses are not accepted.',
    CONFLICT_OF_INTEREST: 'This photo was given to another juror.',
    INVALID_CODE: 'This code is wrong or has expired: ask for a new one.',
    RESULTS_PUBLISHED: 'The results are already published: withdraw the publication first.',
    RESULTS_NOT_PUBLISHED: 'The results are not published: there is nothing to withdraw.',
    JURY_ROUND_OPEN: 'A jury round is still open: close it first.',
    NO_FINAL_ROUND: 'The jury has not closed a final round: the jury’s prizes would be missing for good.',
    JURY_OVER: 'The final round is closed: the jury’s work is done.',
    ENTRIES_AWAIT_MODERATION: 'Photos still wait for moderation ({count}): decide on them first, or they would miss the jury.',
    NO_ENTRY_TO_JUDGE: 'No photo to judge: accept photos first.',
    ROUND_CLOSED: 'This jury round is already closed.',
    WRONG_ENTRY_STATE: 'The photo is no longer in a state that allows this decision: reload the page.',
    ALREADY_ON_JURY: 'This person is already on the jury.',
    FILE_TOO_LARGE: `The file exceeds ${MB} MB.`,
    UNSUPPORTED_TYPE: 'This type of file is not accepted: send a JPEG, PNG, WebP, AVIF or HEIC photo.',
    TYPE_MISMATCH: 'The file is not the image it claims to be.',
    CORRUPT_FILE: 'The file is damaged or incomplete.',
    TOO_MANY_PIXELS: `The image exceeds ${MP} megapixels.`,
    PROCESSING_TIMEOUT: 'The image took too long to process: try a lighter version.',
    UNSAFE_SVG: 'This file holds active content and cannot be accepted.',
    NO_FILE: 'No file was sent.',
    UPLOAD_IN_USE: 'This file is already used by another photo.',
    RATE_LIMITED: 'Too many requests: try again in {wait}.',
    UNAUTHENTICATED: 'Your session has expired: sign in again with a new code.',
    FORBIDDEN: 'You are not allowed to do this.',
    NOT_FOUND: 'This item does not exist, or no longer does.',
    CONFLICT: 'This is not possible in the contest’s current state.',
    SERVICE_UNAVAILABLE: 'The service is briefly unavailable: try again in a moment.',
    BAD_USER_INPUT: 'Check these fields: {fields}.',
    OTHER: 'The request could not be completed: try again in a moment.',
  },
  de: {
    OUTSIDE_WINDOW: 'Dieser Schritt des Wettbewerbs ist derzeit nicht geöffnet.',
    ENTRY_LIMIT_REACHED: 'Sie haben die erlaubte Anzahl an Fotos erreicht ({limit}).',
    NOT_A_RESIDENT: 'Der Wettbewerb steht den Einwohnern der 197 Gemeinden des Nord Franche-Comté offen.',
    RESOLUTION_TOO_LOW: 'Das Foto ist zu klein (mindestens {mp} Megapixel).',
    DUPLICATE_PHOTO: 'Dieses Foto wurde bereits eingereicht.',
    EMAIL_NOT_VERIFIED: 'Bestätigen Sie zuerst Ihre Adresse mit dem erhaltenen Code.',
    GUARDIAN_REQUIRED: 'Unter 15 Jahren muss ein Elternteil einwilligen: Geben Sie dessen Namen und eigene Adresse an.',
    CONSENT_REQUIRED: 'Akzeptieren Sie die geltenden Teilnahmebedingungen (Version {version}) und die Lizenz, um fortzufahren.',
    OUTSIDE_TERRITORY: 'Das Foto wurde außerhalb des Gebiets aufgenommen.',
    CAPTURE_DATE_OUTSIDE_WINDOW: 'Das Aufnahmedatum liegt außerhalb des Wettbewerbszeitraums.',
    ALREADY_VOTED: 'Sie haben in dieser Kategorie bereits abgestimmt.',
    DISPOSABLE_EMAIL: 'Wegwerfadressen werden nicht akzeptiert.',
    CONFLICT_OF_INTEREST: 'Dieses Foto wurde einem anderen Jurymitglied anvertraut.',
    INVALID_CODE: 'Dieser Code ist falsch oder abgelaufen: Fordern Sie einen neuen an.',
    RESULTS_PUBLISHED: 'Die Ergebnisse sind bereits veröffentlicht: Ziehen Sie die Veröffentlichung zuerst zurück.',
    RESULTS_NOT_PUBLISHED: 'Die Ergebnisse sind nicht veröffentlicht: Es gibt nichts zurückzuziehen.',
    JURY_ROUND_OPEN: 'Eine Jury-Runde ist noch offen: Schließen Sie sie zuerst.',
    NO_FINAL_ROUND: 'Die Jury hat keine Finalrunde abgeschlossen: Die Preise der Jury würden endgültig fehlen.',
    JURY_OVER: 'Die Finalrunde ist abgeschlossen: Die Jury ist fertig.',
    ENTRIES_AWAIT_MODERATION: 'Fotos warten noch auf die Moderation ({count}): Entscheiden Sie zuerst, sonst verpassen sie die Jury.',
    NO_ENTRY_TO_JUDGE: 'Kein Foto zu bewerten: Nehmen Sie zuerst Fotos an.',
    ROUND_CLOSED: 'Diese Jury-Runde ist bereits abgeschlossen.',
    WRONG_ENTRY_STATE: 'Das Foto ist nicht mehr in einem Zustand, der diese Entscheidung erlaubt: Laden Sie die Seite neu.',
    ALREADY_ON_JURY: 'Diese Person gehört bereits der Jury an.',
    FILE_TOO_LARGE: `Die Datei ist größer als ${MB} MB.`,
    UNSUPPORTED_TYPE: 'Dieser Dateityp wird nicht akzeptiert: Senden Sie ein JPEG-, PNG-, WebP-, AVIF- oder HEIC-Foto.',
    TYPE_MISMATCH: 'Die Datei ist nicht das Bild, das sie vorgibt zu sein.',
    CORRUPT_FILE: 'Die Datei ist beschädigt oder unvollständig.',
    TOO_MANY_PIXELS: `Das Bild ist größer als ${MP} Megapixel.`,
    PROCESSING_TIMEOUT: 'Die Verarbeitung des Bildes dauerte zu lange: Versuchen Sie eine kleinere Version.',
    UNSAFE_SVG: 'Diese Datei enthält aktive Inhalte und kann nicht akzeptiert werden.',
    NO_FILE: 'Es wurde keine Datei gesendet.',
    UPLOAD_IN_USE: 'Diese Datei wird bereits von einem anderen Foto verwendet.',
    RATE_LIMITED: 'Zu viele Anfragen: Versuchen Sie es in {wait} erneut.',
    UNAUTHENTICATED: 'Ihre Sitzung ist abgelaufen: Melden Sie sich mit einem neuen Code erneut an.',
    FORBIDDEN: 'Diese Aktion ist Ihnen nicht erlaubt.',
    NOT_FOUND: 'Dieses Element existiert nicht (mehr).',
    CONFLICT: 'Das ist im aktuellen Stand des Wettbewerbs nicht möglich.',
    SERVICE_UNAVAILABLE: 'Der Dienst ist kurz nicht erreichbar: Versuchen Sie es gleich noch einmal.',
    BAD_USER_INPUT: 'Prüfen Sie diese Felder: {fields}.',
    OTHER: 'Die Anfrage konnte nicht ausgeführt werden: Versuchen Sie es gleich noch einmal.',
  },
};

/** The form fields the contest's inputs name in `extensions.fields`, as their labels read. */
const FIELD_LABELS: Record<Language, Record<string, string>> = {
  fr: { participant: 'lien reçu par courriel', entryIds: 'photos', version: 'version du règlement', email: 'adresse électronique', fullName: 'nom', communeInsee: 'commune', ageBand: 'âge', guardianName: 'nom du parent ou tuteur', guardianEmail: 'courriel du parent ou tuteur', creditLine: 'nom publié', code: 'code', title: 'titre', altText: 'description pour les personnes aveugles', description: 'légende', categoryId: 'catégorie', file: 'photo', uploadId: 'photo', release: 'autorisation signée', releaseUploadId: 'autorisation signée', reason: 'motif', score: 'note', quorum: 'quorum', threshold: 'seuil', juryWeight: 'part du jury', decision: 'décision', entryId: 'photo' },
  en: { participant: 'link from the email', entryIds: 'photos', version: 'rules version', email: 'email address', fullName: 'name', communeInsee: 'commune', ageBand: 'age', guardianName: 'parent or guardian’s name', guardianEmail: 'parent or guardian’s email', creditLine: 'published name', code: 'code', title: 'title', altText: 'description for blind people', description: 'caption', categoryId: 'category', file: 'photo', uploadId: 'photo', release: 'signed release', releaseUploadId: 'signed release', reason: 'reason', score: 'score', quorum: 'quorum', threshold: 'threshold', juryWeight: 'jury’s share', decision: 'decision', entryId: 'photo' },
  de: { participant: 'Link aus der E-Mail', entryIds: 'Fotos', version: 'Version der Teilnahmebedingungen', email: 'E-Mail-Adresse', fullName: 'Name', communeInsee: 'Gemeinde', ageBand: 'Alter', guardianName: 'Name eines Elternteils', guardianEmail: 'E-Mail eines Elternteils', creditLine: 'veröffentlichter Name', code: 'Code', title: 'Titel', altText: 'Beschreibung für blinde Menschen', description: 'Bildunterschrift', categoryId: 'Kategorie', file: 'Foto', uploadId: 'Foto', release: 'unterschriebene Einwilligung', releaseUploadId: 'unterschriebene Einwilligung', reason: 'Begründung', score: 'Note', quorum: 'Quorum', threshold: 'Schwelle', juryWeight: 'Anteil der Jury', decision: 'Entscheidung', entryId: 'Foto' },
};

/** A release of the wrong type: it is a PDF or an image, not a photo, that is asked for. */
const RELEASE_TYPE: Record<Language, string> = {
  fr: 'Ce type de fichier n’est pas accepté pour l’autorisation : envoyez un PDF ou une image JPEG, PNG, WebP ou AVIF.',
  en: 'This type of file is not accepted for the release: send a PDF or a JPEG, PNG, WebP or AVIF image.',
  de: 'Dieser Dateityp wird für die Einwilligung nicht akzeptiert: Senden Sie ein PDF oder ein JPEG-, PNG-, WebP- oder AVIF-Bild.',
};

const FALLBACK_FIELD: Record<Language, string> = { fr: 'un des champs', en: 'one of the fields', de: 'eines der Felder' };

/** How long to wait, as a person says it: minutes up to an hour and a half, then hours. */
function waitText(language: Language, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 90) return { fr: `${minutes} min`, en: `${minutes} min`, de: `${minutes} Min.` }[language];
  const hours = Math.ceil(minutes / 60);
  return { fr: `${hours} h`, en: `${hours} hours`, de: `${hours} Std.` }[language];
}

const KNOWN = new Set<string>([...CONTEST_REFUSALS, ...FILE_REASONS]);

/** Every text a refusal can show, by reason or code: for a page's script, which meets the same refusals. */
export function contestErrorTexts(language: Language): Record<string, string> {
  return { ...TEXTS[language] };
}

/** The refusal, in the page's language: one line, or one per field when the fields say more. */
export function contestErrorMessages(language: Language, error: Pick<ApiError, 'code' | 'reason' | 'fields' | 'retryAfterSeconds'> & { details?: Record<string, unknown> }): string[] {
  const texts = TEXTS[language];
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const values: Record<string, string | number | null> = {
    limit: number(error.details?.limit),
    version: number(error.details?.currentRulesVersion),
    mp: number(error.details?.minMegapixels),
    count: number(error.details?.waiting),
    wait: waitText(language, error.retryAfterSeconds ?? 60),
    // "input.fullName" names the field fullName; a field without a label is named by what it is.
    fields: [...new Set(error.fields.map((field) => FIELD_LABELS[language][field.field.split('.').at(-1)!] ?? FALLBACK_FIELD[language]))].join(', '),
  };
  // A bracketed part whose value the refusal did not carry is left out ("(version 2)", "({limit})").
  const fill = (text: string) =>
    text
      .replace(/\s*\([^()]*\{(\w+)\}[^()]*\)/g, (part, name: string) => (values[name] === null || values[name] === undefined ? '' : part))
      .replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
  if (error.reason === 'UNSUPPORTED_TYPE' && error.fields.some((field) => /^release(UploadId)?$/.test(field.field))) return [RELEASE_TYPE[language]];
  if (error.reason && KNOWN.has(error.reason)) return [fill(texts[error.reason as Key])];
  if (error.code === 'BAD_USER_INPUT' && error.fields.length) return [fill(texts.BAD_USER_INPUT)];
  const code = (CODES as readonly string[]).includes(error.code) && error.code !== 'BAD_USER_INPUT' ? (error.code as Key) : 'OTHER';
  return [fill(texts[code])];
}
