/** The photo contest's vocabulary, shared by the API (checks, enums) and the site (forms, labels). */

/** One category per kind of territorial marker named in the roadmap. */
export const CONTEST_MARKERS = [
  { slug: 'patrimoine-industriel', label: { fr: 'Patrimoine industriel', en: 'Industrial heritage', de: 'Industriekultur' } },
  { slug: 'nature', label: { fr: 'Nature', en: 'Nature', de: 'Natur' } },
  { slug: 'eau', label: { fr: 'L’eau', en: 'Water', de: 'Wasser' } },
  { slug: 'patrimoine-bati', label: { fr: 'Patrimoine bâti', en: 'Built heritage', de: 'Baukultur' } },
  { slug: 'mobilites', label: { fr: 'Mobilités', en: 'Mobility', de: 'Mobilität' } },
  { slug: 'equipements-partages', label: { fr: 'Équipements partagés', en: 'Shared facilities', de: 'Gemeinsame Einrichtungen' } },
] as const;

/**
 * An entry's life. SUBMITTED waits for the checks that need someone else (a guardian's
 * consent); PENDING_MODERATION waits for the Pôle. Only APPROVED is ever public.
 */
export const ENTRY_STATES = ['SUBMITTED', 'PENDING_MODERATION', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'WITHDRAWN', 'ERASED'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/**
 * The pages of one edition, under /concours/<slug>/<page>. A contest's slug can never be one of
 * them: /concours/<page> (the links of older e-mails, the menus) leads to the current edition's.
 */
export const CONTEST_PAGES = ['participer', 'mes-photos', 'voter', 'jury', 'resultats', 'autorisation', 'moderation'] as const;
export type ContestPageName = (typeof CONTEST_PAGES)[number];

/** Reasons an entry is shown to the moderator with a warning. */
export const ENTRY_FLAGS = ['GPS_OUTSIDE_TERRITORY', 'GPS_COMMUNE_MISMATCH', 'NEAR_DUPLICATE', 'NO_CAPTURE_DATE'] as const;
export type EntryFlag = (typeof ENTRY_FLAGS)[number];

/** Age bands: under 15, French law (art. 7-1 loi Informatique et libertés) asks a guardian's consent. */
export const AGE_BANDS = ['UNDER_15', 'FROM_15_TO_17', 'ADULT'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const JURY_SCALES = ['YES_NO', 'STARS'] as const;
export type JuryScale = (typeof JURY_SCALES)[number];

/** COMBINED: the jury's mean and the public's votes weighed as the rules say (`juryWeight`). */
export const AWARD_KINDS = ['JURY', 'PUBLIC', 'COMBINED'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

/** Why a vote attempt was refused or a cast vote did not count; published with the results. */
export const VOTE_VOID_REASONS = ['ALREADY_VOTED', 'DISPOSABLE_EMAIL', 'RATE_LIMITED', 'ENTRY_WITHDRAWN', 'ENTRY_ERASED', 'ENTRY_REJECTED'] as const;
export type VoteVoidReason = (typeof VOTE_VOID_REASONS)[number];

/** Stable reasons carried in `extensions.reason` when a contest action is refused. */
export const CONTEST_REFUSALS = [
  'OUTSIDE_WINDOW',
  'ENTRY_LIMIT_REACHED',
  'NOT_A_RESIDENT',
  'RESOLUTION_TOO_LOW',
  'DUPLICATE_PHOTO',
  'EMAIL_NOT_VERIFIED',
  'GUARDIAN_REQUIRED',
  'CONSENT_REQUIRED',
  'OUTSIDE_TERRITORY',
  'CAPTURE_DATE_OUTSIDE_WINDOW',
  'ALREADY_VOTED',
  'DISPOSABLE_EMAIL',
  'CONFLICT_OF_INTEREST',
  'INVALID_CODE',
  // The Pôle's own refusals: the moderation page says them in its language too.
  'RESULTS_PUBLISHED',
  'RESULTS_NOT_PUBLISHED',
  'JURY_ROUND_OPEN',
  'NO_FINAL_ROUND',
  'JURY_OVER',
  'ENTRIES_AWAIT_MODERATION',
  'NO_ENTRY_TO_JUDGE',
  'ROUND_CLOSED',
  'WRONG_ENTRY_STATE',
  'ALREADY_ON_JURY',
] as const;
export type ContestRefusal = (typeof CONTEST_REFUSALS)[number];

/** A contest's windows, in the order its phases follow one another. */
export const CONTEST_WINDOWS = ['submissionOpensAt', 'submissionClosesAt', 'moderationClosesAt', 'juryOpensAt', 'juryClosesAt', 'voteOpensAt', 'voteClosesAt', 'resultsAt'] as const;
export type ContestWindow = (typeof CONTEST_WINDOWS)[number];

export const CONTEST_LIMITS = {
  /** Wiki Loves Earth's floor: 2 megapixels. */
  minMegapixels: 2,
  titleMaxLength: 120,
  descriptionMaxLength: 2000,
  altTextMaxLength: 300,
  creditMaxLength: 80,
  nameMaxLength: 120,
  /** One-time codes: six digits, valid 30 minutes, five tries. */
  codeTtlMinutes: 30,
  codeMaxAttempts: 5,
  /**
   * Per account (one address, one contest, one purpose) and client address, over a rolling day:
   * codes it may ask for, and tries of a code. A stranger spending them from their own address
   * cannot lock the person out of theirs.
   */
  codeRequestsPerDay: 5,
  codeAttemptsPerDay: 10,
  /**
   * Per account, whatever the addresses: the ceiling that keeps guessing out of reach (40 tries
   * a day of a six-digit code: 34 years for even odds) and code mail from being a flood.
   */
  codeRequestsPerAccountPerDay: 20,
  codeAttemptsPerAccountPerDay: 40,
  /** Hamming distance (of 64 pHash bits) up to which two photos are near-duplicates (random pairs sit near 32). */
  nearDuplicateDistance: 10,
} as const;

/**
 * Normalises an address so one mailbox is one voter: lower case, no plus-addressing,
 * and Gmail's ignored dots removed.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  local = local.split('+')[0]!;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}

/** A plausible address (the code sent to it is the real check). */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email.trim());
}

export const LICENCE_USE_LABELS: Record<string, { fr: string; en: string; de: string }> = {
  WEBSITE: { fr: 'sites web du Pôle', en: 'the Pôle’s websites', de: 'Websites des Pôle' },
  SOCIAL_MEDIA: { fr: 'réseaux sociaux', en: 'social media', de: 'soziale Medien' },
  PRINT: { fr: 'supports imprimés', en: 'printed material', de: 'Drucksachen' },
  EXHIBITION: { fr: 'expositions', en: 'exhibitions', de: 'Ausstellungen' },
  PRESS: { fr: 'communiqués de presse', en: 'press releases', de: 'Pressemitteilungen' },
};

/** The licence in one sentence: non-exclusive, its uses, its duration (French law voids blanket grants). */
export function describeLicence(uses: readonly string[], years: number, language: 'fr' | 'en' | 'de'): string {
  const list = uses.map((use) => LICENCE_USE_LABELS[use]?.[language] ?? use).join(', ');
  if (language === 'en') return `Non-exclusive licence to the Pôle métropolitain Nord Franche-Comté for ${list}, for ${years} years; the author keeps their rights and is always credited.`;
  if (language === 'de') return `Nicht ausschließliche Lizenz für den Pôle métropolitain Nord Franche-Comté: ${list}, für ${years} Jahre; die Urheberrechte bleiben beim Autor, der stets genannt wird.`;
  return `Licence non exclusive accordée au Pôle métropolitain Nord Franche-Comté pour : ${list}, pendant ${years} ans ; l’auteur garde ses droits et est toujours crédité.`;
}
