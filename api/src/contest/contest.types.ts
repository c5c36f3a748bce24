import { AGE_BANDS, AWARD_KINDS, CONTEST_LIMITS, ENTRY_FLAGS, ENTRY_STATES, IMAGE_VARIANT_FORMATS, JURY_SCALES, VOTE_VOID_REASONS, type AgeBand, type AwardKind, type EntryFlag, type EntryState, type ImageVariantFormat, type JuryScale, type Language, type VoteVoidReason } from '@nfc/shared';
import { ArrayNotEmpty, IsBoolean, IsDate, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LanguageEnum, LocalizedTextInput } from '../brand/brand.types';
import { registerValuesEnum } from '../common/graphql-enum';
import { LICENCE_USES, OUTSIDE_TERRITORY_POLICIES, type LicenceUse, type OutsideTerritoryPolicy } from './contest.entities';
import type { ContestPhase } from './contest-deps';

export const EntryStateEnum = registerValuesEnum(ENTRY_STATES, {
  name: 'EntryState',
  description: 'Where a contest entry stands. Only APPROVED entries are ever public.',
  values: {
    SUBMITTED: 'Received; waits for a guardian’s consent (entrants under 15).',
    PENDING_MODERATION: 'Waits for the Pôle’s moderators.',
    APPROVED: 'Accepted: in the gallery, the jury and the vote.',
    CHANGES_REQUESTED: 'Sent back to the entrant for a correction.',
    REJECTED: 'Refused, with a reason.',
    WITHDRAWN: 'Withdrawn by the entrant.',
    ERASED: 'Erased (GDPR): an anonymous tombstone.',
  },
});

export const EntryFlagEnum = registerValuesEnum(ENTRY_FLAGS, {
  name: 'EntryFlag',
  description: 'A warning shown to moderators.',
  values: {
    GPS_OUTSIDE_TERRITORY: 'The photo’s GPS position is outside the territory.',
    GPS_COMMUNE_MISMATCH: 'The GPS position is in another commune than the one declared.',
    NEAR_DUPLICATE: 'Looks like another entry (perceptual hash).',
    NO_CAPTURE_DATE: 'The contest has a capture-date window and the photo carries no date.',
  },
});

export const AgeBandEnum = registerValuesEnum(AGE_BANDS, {
  name: 'AgeBand',
  description: 'The entrant’s age band; under 15 needs a guardian’s consent.',
  values: { UNDER_15: 'Under 15.', FROM_15_TO_17: '15 to 17.', ADULT: '18 or over.' },
});

export const JuryScaleEnum = registerValuesEnum(JURY_SCALES, {
  name: 'JuryScale',
  description: 'How jurors score in a round.',
  values: { YES_NO: '1 (yes) or 0 (no); the mean is the share of yes.', STARS: '1 to 5 stars.' },
});

export const AwardKindEnum = registerValuesEnum(AWARD_KINDS, {
  name: 'AwardKind',
  description: 'Who gives a prize.',
  values: { JURY: 'The jury’s final round.', PUBLIC: 'The public vote.', COMBINED: 'Jury and public weighed as the rules say (juryWeight).' },
});

export const VoteVoidReasonEnum = registerValuesEnum(VOTE_VOID_REASONS, {
  name: 'VoteVoidReason',
  description: 'Why a vote was refused or did not count.',
  values: {
    ALREADY_VOTED: 'A second vote in the same category.',
    DISPOSABLE_EMAIL: 'A disposable address.',
    RATE_LIMITED: 'Part of a burst from one address.',
    ENTRY_WITHDRAWN: 'The entry was withdrawn.',
    ENTRY_ERASED: 'The entry was erased at its author’s request.',
    ENTRY_REJECTED: 'The entry was no longer approved.',
  },
});

export const ContestPhaseEnum = registerValuesEnum(['UPCOMING', 'SUBMISSION', 'JUDGING', 'VOTE', 'DELIBERATION', 'RESULTS'] as const satisfies readonly ContestPhase[], {
  name: 'ContestPhase',
  description: 'Where a contest stands now, from its windows.',
  values: {
    UPCOMING: 'Not open yet.',
    SUBMISSION: 'Photos can be submitted.',
    JUDGING: 'Submissions are closed; moderation and the jury work.',
    VOTE: 'The public vote is open.',
    DELIBERATION: 'The vote is closed; results are coming.',
    RESULTS: 'The results are published.',
  },
});

export const ModerationDecisionEnum = registerValuesEnum(['APPROVED', 'CHANGES_REQUESTED', 'REJECTED'] as const, {
  name: 'ModerationDecision',
  description: 'A moderator’s decision on an entry.',
  values: { APPROVED: 'Accept (the photo becomes public).', CHANGES_REQUESTED: 'Send back for a correction (reason required).', REJECTED: 'Refuse (reason required).' },
});

export const LicenceUseEnum = registerValuesEnum(LICENCE_USES, {
  name: 'LicenceUse',
  description: 'A use of the photos the entrant grants the Pôle (non-exclusive).',
  values: { WEBSITE: 'The Pôle’s websites.', SOCIAL_MEDIA: 'The Pôle’s social media accounts.', PRINT: 'Printed communication (brochures, posters).', EXHIBITION: 'Exhibitions of the contest.', PRESS: 'Press releases about the contest.' },
});

export const OutsideTerritoryPolicyEnum = registerValuesEnum(OUTSIDE_TERRITORY_POLICIES, {
  name: 'OutsideTerritoryPolicy',
  description: 'What happens to a photo whose GPS position is outside the territory.',
  values: { REFUSE: 'Refused at submission.', FLAG: 'Accepted and flagged for the moderators.' },
});

export const ImageFormatEnum = registerValuesEnum(IMAGE_VARIANT_FORMATS, {
  name: 'ContestImageFormat',
  description: 'Format of a photo variant.',
  values: { avif: 'AVIF.', webp: 'WebP.', jpeg: 'JPEG.' },
});

@ObjectType({ description: 'A contest category: one kind of territorial marker.' })
export class ContestCategoryView {
  @Field(() => ID, { description: 'Category id.' })
  id: string;

  @Field({ description: 'Stable slug, e.g. "patrimoine-industriel".' })
  slug: string;

  @Field({ description: 'Label in the requested language.' })
  label: string;
}

@ObjectType({ description: 'The licence entrants grant the Pôle: non-exclusive, listed uses, limited duration.' })
export class ContestLicence {
  @Field(() => [LicenceUseEnum], { description: 'The uses granted.' })
  uses: LicenceUse[];

  @Field(() => Int, { description: 'Duration in years.' })
  years: number;
}

@ObjectType({ description: 'A version of the contest rules.' })
export class ContestRulesView {
  @Field(() => Int, { description: 'Version number; entrants accept one.' })
  version: number;

  @Field({ description: 'The rules, in the requested language (plain text, paragraphs separated by blank lines).' })
  body: string;

  @Field({ description: 'When this version was published.' })
  publishedAt: Date;
}

@ObjectType({ description: 'A photo contest of the territory.' })
export class ContestView {
  @Field(() => ID, { description: 'Contest id.' })
  id: string;

  @Field({ description: 'Slug, used in URLs.' })
  slug: string;

  @Field({ description: 'Title, in the requested language.' })
  title: string;

  @Field({ description: 'Short presentation, in the requested language.' })
  summary: string;

  @Field(() => ContestPhaseEnum, { description: 'Where the contest stands now.' })
  phase: ContestPhase;

  @Field({ description: 'Submissions open.' })
  submissionOpensAt: Date;

  @Field({ description: 'Submissions close.' })
  submissionClosesAt: Date;

  @Field({ description: 'Moderation ends.' })
  moderationClosesAt: Date;

  @Field({ description: 'The jury starts.' })
  juryOpensAt: Date;

  @Field({ description: 'The jury ends.' })
  juryClosesAt: Date;

  @Field({ description: 'The public vote opens (after submissions close).' })
  voteOpensAt: Date;

  @Field({ description: 'The public vote closes.' })
  voteClosesAt: Date;

  @Field({ description: 'Results are announced from this date.' })
  resultsAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the results were published.' })
  resultsPublishedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Entries per entrant in all (null: no cap).' })
  maxEntriesTotal: number | null;

  @Field(() => Int, { nullable: true, description: 'Entries per entrant per category (null: no cap).' })
  maxEntriesPerCategory: number | null;

  @Field(() => Float, { description: 'Minimum resolution, in megapixels.' })
  minMegapixels: number;

  @Field(() => String, { nullable: true, description: 'Photos must be taken on or after this date (YYYY-MM-DD).' })
  captureFrom: string | null;

  @Field(() => String, { nullable: true, description: 'Photos must be taken on or before this date.' })
  captureTo: string | null;

  @Field(() => OutsideTerritoryPolicyEnum, { description: 'What happens to photos located outside the territory.' })
  outsideTerritory: OutsideTerritoryPolicy;

  @Field(() => ContestLicence, { description: 'The licence granted by entrants.' })
  licence: ContestLicence;

  @Field(() => Int, { nullable: true, description: 'The jury’s share of the combined ranking, in percent; null: prizes are separate only.' })
  juryWeight: number | null;

  @Field(() => ContestRulesView, { description: 'The current rules.' })
  rules: ContestRulesView;

  @Field(() => [ContestCategoryView], { description: 'The categories, in order.' })
  categories: ContestCategoryView[];
}

@ObjectType({ description: 'A commune, as shown with a photo.' })
export class ContestCommuneRef {
  @Field({ description: 'INSEE code.' })
  inseeCode: string;

  @Field({ description: 'Name.' })
  name: string;
}

@ObjectType({ description: 'A re-encoded variant of a photo: no EXIF, no GPS.' })
export class ContestImage {
  @Field(() => ImageFormatEnum, { description: 'Format.' })
  format: ImageVariantFormat;

  @Field(() => Int, { description: 'Width in pixels.' })
  width: number;

  @Field(() => Int, { description: 'Height in pixels.' })
  height: number;

  @Field({ description: 'URL: public and immutable for approved photos; signed and short-lived otherwise.' })
  url: string;
}

@ObjectType({ description: 'A contest photo as jurors see it: no entrant, no file name, no EXIF.' })
export class ContestPhoto {
  @Field(() => ID, { description: 'Entry id.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Title (null once erased).' })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'Description.' })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'Text alternative for people who cannot see the photo.' })
  altText: string | null;

  @Field(() => ContestCategoryView, { description: 'Category.' })
  category: ContestCategoryView;

  @Field(() => ContestCommuneRef, { description: 'Commune where it was taken, as declared.' })
  commune: ContestCommuneRef;

  @Field(() => [ContestImage], { description: 'Variants for srcset (480 to 2400 px; AVIF, WebP, JPEG).' })
  images: ContestImage[];
}

@ObjectType({ description: 'An approved photo in the public gallery.' })
export class GalleryEntry extends ContestPhoto {
  @Field(() => String, { nullable: true, description: 'Credit line, to show wherever the photo appears; null while the jury judges blind (until its window closes and its rounds are closed, or the results are out).' })
  creditLine: string | null;

  @Field({ description: 'The licence under which the Pôle uses the photo, in the requested language.' })
  licence: string;

  @Field(() => Int, { nullable: true, description: 'Public votes; null while the vote is open.' })
  votes: number | null;
}

@ObjectType({ description: 'A page of the gallery, newest first.' })
export class GalleryPage {
  @Field(() => [GalleryEntry], { description: 'The photos.' })
  entries: GalleryEntry[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor: string | null;

  @Field({ description: 'Whether more photos follow.' })
  hasNextPage: boolean;
}

@ObjectType({ description: 'A change of an entry’s state.' })
export class EntryTransitionView {
  @Field(() => EntryStateEnum, { nullable: true, description: 'State before (null at submission).' })
  fromState: EntryState | null;

  @Field(() => EntryStateEnum, { description: 'State after.' })
  toState: EntryState;

  @Field({ description: 'ENTRANT, GUARDIAN, SYSTEM or MODERATOR.' })
  actor: string;

  @Field(() => String, { nullable: true, description: 'Why.' })
  reason: string | null;

  @Field({ description: 'True when a moderator took back an approval (disqualifyEntry): its votes, scores and any prize went with it.' })
  disqualification: boolean;

  @Field({ description: 'When.' })
  at: Date;
}

@ObjectType({ description: 'One of the entrant’s own entries.' })
export class MyEntry extends ContestPhoto {
  @Field(() => EntryStateEnum, { description: 'State.' })
  state: EntryState;

  @Field(() => String, { nullable: true, description: 'The moderator’s reason, for changes requested or a refusal.' })
  stateReason: string | null;

  @Field({ description: 'When it was submitted.' })
  submittedAt: Date;

  @Field({ description: 'Whether identifiable people appear.' })
  peoplePresent: boolean;

  @Field({ description: 'Whether the entrant confirmed those people’s consent.' })
  peopleConsent: boolean;

  @Field({ description: 'Whether a signed release of those people is attached (the file itself is for the moderators).' })
  hasRelease: boolean;
}

export const GuardianDecisionEnum = registerValuesEnum(['CONSENT', 'REFUSE'] as const, {
  name: 'GuardianDecision',
  description: 'What a guardian decides for the photos they were shown.',
  values: { CONSENT: 'The photos go to moderation, under the licence shown.', REFUSE: 'The photos are withdrawn: never examined, never published.' },
});

export const ReportFormatEnum = registerValuesEnum(['CSV', 'XLSX', 'PDF'] as const, {
  name: 'ReportFormat',
  description: 'A campaign report’s format.',
  values: { CSV: 'CSV (UTF-8 with BOM, RFC 4180).', XLSX: 'Excel workbook: the photos, and a sheet of tallies and the publication log.', PDF: 'A4 landscape PDF: the tallies and the publication log, the photos (header on every page), then the prizes per category.' },
});

@ObjectType({ description: 'A file for download.' })
export class ReportFileView {
  @Field({ description: 'Suggested file name.' })
  filename: string;

  @Field({ description: 'Media type.' })
  mimeType: string;

  @Field({ description: 'The file, base64.' })
  base64: string;
}

@ObjectType({ description: 'A juror’s progress in a round.' })
export class JurorProgress {
  @Field({ description: 'Name.' })
  fullName: string;

  @Field(() => Int, { description: 'Photos assigned.' })
  assigned: number;

  @Field(() => Int, { description: 'Photos scored.' })
  scored: number;
}

@ObjectType({ description: 'An entry of an open round short of its quorum.' })
export class JuryShortfall {
  @Field(() => ID, { description: 'Entry id.' })
  entryId: string;

  @Field(() => String, { nullable: true, description: 'Its title.' })
  title: string | null;

  @Field(() => Int, { description: 'Jurors assigned to it.' })
  assigned: number;

  @Field(() => Int, { description: 'Jurors the quorum needs.' })
  quorum: number;
}

@ObjectType({ description: 'A publication of the results, or the withdrawal of a mistaken one.' })
export class ResultsLogEntry {
  @Field({ description: 'PUBLISHED or WITHDRAWN.' })
  action: 'PUBLISHED' | 'WITHDRAWN';

  @Field({ description: 'When.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Why it was withdrawn.' })
  reason: string | null;

  @Field(() => Int, { description: 'Prizes written or removed.' })
  awards: number;

  @Field(() => String, { nullable: true, description: 'Who did it (null if their account is gone).' })
  actorName: string | null;
}

@ObjectType({ description: 'What a guardian is asked to allow, shown before they decide.' })
export class GuardianReview {
  @Field({ description: 'The contest, in the requested language.' })
  contestTitle: string;

  @Field({ description: 'The entrant under 15.' })
  entrantName: string;

  @Field({ description: 'The guardian, as the entrant named them.' })
  guardianName: string;

  @Field({ description: 'The name that would be published with the photos.' })
  creditLine: string;

  @Field({ description: 'The licence granted to the Pôle: uses and duration, in the requested language.' })
  licence: string;

  @Field(() => Int, { description: 'How many years the licence lasts.' })
  licenceYears: number;

  @Field(() => Int, { description: 'The rules version shown.' })
  rulesVersion: number;

  @Field({ description: 'The rules, in the requested language (Markdown paragraphs).' })
  rules: string;

  @Field(() => Date, { description: 'When the guardian last consented, if ever (earlier photos).', nullable: true })
  consentedAt: Date | null;

  @Field(() => [MyEntry], { description: 'The photos waiting for this decision, oldest first; pass their ids to the decision.' })
  photos: MyEntry[];
}

@ObjectType({ description: 'The signed-in entrant and their entries.' })
export class MyContest {
  @Field({ description: 'Name.' })
  fullName: string;

  @Field({ description: 'Address.' })
  email: string;

  @Field({ description: 'INSEE code of the commune of residence.' })
  communeInsee: string;

  @Field(() => AgeBandEnum, { description: 'Age band.' })
  ageBand: AgeBand;

  @Field({ description: 'True while photos wait for a guardian’s consent (entries in SUBMITTED).' })
  guardianConsentPending: boolean;

  @Field(() => String, { nullable: true, description: 'Where the guardian’s requests go, masked (under 15 only).' })
  guardianEmailMasked: string | null;

  @Field(() => Int, { description: 'The current rules version: when it is newer than rulesVersion, accept it (acceptContestRules) before submitting or correcting.' })
  currentRulesVersion: number;

  @Field({ description: 'Credit line.' })
  creditLine: string;

  @Field(() => Int, { description: 'Rules version accepted.' })
  rulesVersion: number;

  @Field(() => [MyEntry], { description: 'Entries, oldest first.' })
  entries: MyEntry[];
}

@ObjectType({ description: 'An entry as moderators see it, with its warnings.' })
export class ModerationEntry extends ContestPhoto {
  @Field(() => EntryStateEnum, { description: 'State.' })
  state: EntryState;

  @Field(() => String, { nullable: true, description: 'Reason of the last decision.' })
  stateReason: string | null;

  @Field(() => String, { nullable: true, description: 'Credit line.' })
  creditLine: string | null;

  @Field(() => [EntryFlagEnum], { description: 'Warnings.' })
  flags: EntryFlag[];

  @Field(() => ContestCommuneRef, { nullable: true, description: 'Commune where the photo’s GPS places it (private).' })
  gpsCommune: ContestCommuneRef | null;

  @Field({ description: 'Whether identifiable people appear.' })
  peoplePresent: boolean;

  @Field({ description: 'Whether the entrant confirmed their consent.' })
  peopleConsent: boolean;

  @Field({ description: 'Whether a signed release of the people is attached; read it with contestEntryRelease.' })
  hasRelease: boolean;

  @Field({ description: 'When it was submitted.' })
  submittedAt: Date;

  @Field(() => ContestPhoto, { nullable: true, description: 'The entry this one looks like, when flagged NEAR_DUPLICATE.' })
  nearDuplicateOf: ContestPhoto | null;

  @Field(() => [EntryTransitionView], { description: 'Every change of state: who, when, why.' })
  history: EntryTransitionView[];
}

@ObjectType({ description: 'Where a one-time code was sent.' })
export class CodeSentView {
  @Field({ description: 'The address, masked.' })
  sentTo: string;

  @Field({ description: 'The code expires then.' })
  expiresAt: Date;
}

@ObjectType({ description: 'A contest session (entrant, voter or juror): send the token as a Bearer.' })
export class ContestSession {
  @Field({ description: 'Bearer token for this contest and role only.' })
  token: string;

  @Field({ description: 'Expiry.' })
  expiresAt: Date;
}

@ObjectType({ description: 'An entry assigned to the signed-in juror.' })
export class JuryAssignmentView {
  @Field(() => ID, { description: 'Round id.' })
  roundId: string;

  @Field(() => JuryScaleEnum, { description: 'The round’s scale.' })
  scale: JuryScale;

  @Field(() => Int, { nullable: true, description: 'The juror’s score so far.' })
  score: number | null;

  @Field(() => ContestPhoto, { description: 'The photo, blind.' })
  entry: ContestPhoto;
}

@ObjectType({ description: 'A jury round.' })
export class JuryRoundView {
  @Field(() => ID, { description: 'Round id.' })
  id: string;

  @Field(() => Int, { description: 'Number, from 1.' })
  number: number;

  @Field(() => JuryScaleEnum, { description: 'Scale.' })
  scale: JuryScale;

  @Field(() => Int, { description: 'Scores needed per entry.' })
  quorum: number;

  @Field({ description: 'Whether this round gives the final ranking.' })
  isFinal: boolean;

  @Field({ description: 'Opened.' })
  openedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Closed.' })
  closedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Threshold chosen at closing.' })
  threshold: number | null;

  @Field(() => Int, { description: 'Assignments in the round.' })
  assignments: number;

  @Field(() => Int, { description: 'Assignments scored so far.' })
  scored: number;

  @Field(() => [JurorProgress], { description: 'Each juror’s progress in this round, the least advanced first.' })
  jurors: JurorProgress[];

  @Field(() => [JuryShortfall], { description: 'Entries of this open round with fewer jurors than the quorum (conflicts left too few): invite jurors, then completeJuryAssignments.' })
  shortfalls: JuryShortfall[];
}

@ObjectType({ description: 'An entry’s standing in a round at a threshold.' })
export class RoundOutcomeView {
  @Field(() => ID, { description: 'Entry id.' })
  entryId: string;

  @Field(() => ID, { description: 'Category id.' })
  categoryId: string;

  @Field(() => Float, { nullable: true, description: 'Mean score (null before any score).' })
  meanScore: number | null;

  @Field(() => Int, { description: 'Scores given.' })
  votes: number;

  @Field({ description: 'Whether the quorum of scores is reached.' })
  quorumMet: boolean;

  @Field({ description: 'Whether it advances at this threshold.' })
  advances: boolean;

  @Field(() => ContestPhoto, { description: 'The photo, as the jury sees it (blind: no entrant, file name or EXIF).' })
  entry: ContestPhoto;
}

@ObjectType({ description: 'A member of the jury.' })
export class JurorView {
  @Field(() => ID, { description: 'Juror id.' })
  id: string;

  @Field({ description: 'Name.' })
  fullName: string;

  @Field({ description: 'Address.' })
  email: string;

  @Field({ description: 'Invited.' })
  invitedAt: Date;
}

@ObjectType({ description: 'The approved photos of a category, in this voter’s own order, without counts.' })
export class BallotView {
  @Field(() => [GalleryEntry], { description: 'Photos, shuffled per voter.' })
  entries: GalleryEntry[];

  @Field(() => ID, { nullable: true, description: 'The entry this voter chose in the category, if any.' })
  votedEntryId: string | null;
}

@ObjectType({ description: 'Approved photos in a commune, for the map.' })
export class CommuneCoverage {
  @Field({ description: 'INSEE code.' })
  inseeCode: string;

  @Field({ description: 'Name.' })
  name: string;

  @Field({ description: 'SIREN of its EPCI.' })
  epciSiren: string;

  @Field(() => Int, { description: 'Approved photos (0: none yet).' })
  entries: number;
}

@ObjectType({ description: 'Votes that did not count, by reason.' })
export class VoidCount {
  @Field(() => VoteVoidReasonEnum, { description: 'Reason.' })
  reason: VoteVoidReason;

  @Field(() => Int, { description: 'How many.' })
  count: number;
}

@ObjectType({ description: 'A prize.' })
export class AwardView {
  @Field(() => ContestCategoryView, { description: 'Category.' })
  category: ContestCategoryView;

  @Field(() => AwardKindEnum, { description: 'Jury or public.' })
  kind: AwardKind;

  @Field(() => Int, { description: 'Rank, from 1.' })
  rank: number;

  @Field(() => Float, { description: 'Mean jury score, or public votes.' })
  score: number;

  @Field({ description: 'True when the entry was withdrawn or erased since: the prize is shown as "entry withdrawn".' })
  withdrawn: boolean;

  @Field(() => GalleryEntry, { nullable: true, description: 'The photo (null when withdrawn).' })
  entry: GalleryEntry | null;
}

@ObjectType({ description: 'Published results.' })
export class ContestResultsView {
  @Field({ description: 'When they were published.' })
  publishedAt: Date;

  @Field(() => Int, { description: 'Public votes counted.' })
  votesCounted: number;

  @Field(() => [VoidCount], { description: 'Votes refused or voided, by reason.' })
  votesVoided: VoidCount[];

  @Field(() => [AwardView], { description: 'Prizes per category: jury and public, by rank.' })
  awards: AwardView[];
}

@InputType({ description: 'Registering for a contest.' })
export class RegisterEntrantInput {
  @Field({ description: 'Email address; a code is sent to it.' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: 'Full name (not published).' })
  @Length(2, CONTEST_LIMITS.nameMaxLength)
  fullName: string;

  @Field({ description: 'INSEE code of the commune of residence: one of the 197 communes.' })
  @Matches(/^[0-9AB]{5}$/)
  communeInsee: string;

  @Field(() => AgeBandEnum, { description: 'Age band.' })
  @IsIn([...AGE_BANDS])
  ageBand: AgeBand;

  @Field(() => String, { nullable: true, description: 'Guardian’s name (under 15).' })
  @IsOptional()
  @Length(2, CONTEST_LIMITS.nameMaxLength)
  guardianName?: string | null;

  @Field(() => String, { nullable: true, description: 'Guardian’s email (under 15); they receive a code to consent.' })
  @IsOptional()
  @IsEmail()
  guardianEmail?: string | null;

  @Field(() => Int, { description: 'The rules version accepted (the current one).' })
  @IsInt()
  acceptedRulesVersion: number;

  @Field({ description: 'Grants the licence described in the rules.' })
  @IsBoolean()
  acceptLicence: boolean;

  @Field({ description: 'The name to publish with the photos.' })
  @Length(2, CONTEST_LIMITS.creditMaxLength)
  creditLine: string;

  @Field(() => LanguageEnum, { defaultValue: 'fr', description: 'Language of the emails.' })
  @IsIn(['fr', 'en', 'de'])
  language: Language;
}

@InputType({ description: 'An entry’s details.' })
export class EntryInput {
  @Field(() => ID, { description: 'Category id.' })
  @IsUUID()
  categoryId: string;

  @Field({ description: 'Title.' })
  @Length(1, CONTEST_LIMITS.titleMaxLength)
  title: string;

  @Field(() => String, { nullable: true, description: 'Description.' })
  @IsOptional()
  @MaxLength(CONTEST_LIMITS.descriptionMaxLength)
  description?: string | null;

  @Field({ description: 'Text alternative: what the photo shows, for people who cannot see it.' })
  @Length(5, CONTEST_LIMITS.altTextMaxLength)
  altText: string;

  @Field({ description: 'INSEE code of the commune where it was taken.' })
  @Matches(/^[0-9AB]{5}$/)
  communeInsee: string;

  @Field({ description: 'Whether identifiable people appear.' })
  @IsBoolean()
  peoplePresent: boolean;

  @Field({ defaultValue: false, description: 'Confirms those people agreed to be photographed and published.' })
  @IsBoolean()
  peopleConsent: boolean;

  @Field(() => ID, { nullable: true, description: 'A signed release of those people (upload id from POST /uploads?purpose=PEOPLE_RELEASE: a PDF or an image), only when peoplePresent. On a correction, omit it to keep the release attached; a new one replaces it.' })
  @IsOptional()
  releaseUploadId?: string | null;
}

@InputType({ description: 'A contest’s windows; each phase follows the previous.' })
export class ContestWindowsInput {
  @Field({ description: 'Submissions open.' })
  @IsDate()
  submissionOpensAt: Date;

  @Field({ description: 'Submissions close.' })
  @IsDate()
  submissionClosesAt: Date;

  @Field({ description: 'Moderation ends.' })
  @IsDate()
  moderationClosesAt: Date;

  @Field({ description: 'The jury starts.' })
  @IsDate()
  juryOpensAt: Date;

  @Field({ description: 'The jury ends.' })
  @IsDate()
  juryClosesAt: Date;

  @Field({ description: 'The public vote opens (not before submissions close).' })
  @IsDate()
  voteOpensAt: Date;

  @Field({ description: 'The public vote closes.' })
  @IsDate()
  voteClosesAt: Date;

  @Field({ description: 'Results are announced.' })
  @IsDate()
  resultsAt: Date;
}

@InputType({ description: 'A new contest (its six marker categories are created with it).' })
export class CreateContestInput extends ContestWindowsInput {
  @Field({ description: 'Slug, e.g. "reperes-2027".' })
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  @MaxLength(60)
  slug: string;

  @Field(() => LocalizedTextInput, { description: 'Title.' })
  @ValidateNested()
  title: LocalizedTextInput;

  @Field(() => LocalizedTextInput, { description: 'Short presentation.' })
  @ValidateNested()
  summary: LocalizedTextInput;

  @Field(() => LocalizedTextInput, { description: 'Rules, version 1.' })
  @ValidateNested()
  rules: LocalizedTextInput;

  @Field(() => Int, { nullable: true, defaultValue: 3, description: 'Entries per entrant in all.' })
  @IsOptional()
  @Min(1)
  @Max(50)
  maxEntriesTotal: number | null;

  @Field(() => Int, { nullable: true, description: 'Entries per entrant per category.' })
  @IsOptional()
  @Min(1)
  @Max(50)
  maxEntriesPerCategory: number | null;

  @Field(() => Float, { defaultValue: CONTEST_LIMITS.minMegapixels, description: 'Minimum resolution in megapixels.' })
  @Min(0.1)
  @Max(50)
  minMegapixels: number;

  @Field(() => String, { nullable: true, description: 'Capture date window start (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  captureFrom: string | null;

  @Field(() => String, { nullable: true, description: 'Capture date window end (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  captureTo: string | null;

  @Field(() => OutsideTerritoryPolicyEnum, { defaultValue: 'REFUSE', description: 'Photos located outside the territory.' })
  @IsIn([...OUTSIDE_TERRITORY_POLICIES])
  outsideTerritory: OutsideTerritoryPolicy;

  @Field(() => Int, { nullable: true, description: 'When the rules weigh jury and public together: the jury’s share in percent (e.g. 70); publication then adds a combined ranking per category. Null: none.' })
  @IsOptional()
  @Min(0)
  @Max(100)
  juryWeight: number | null;

  @Field(() => [LicenceUseEnum], { description: 'Uses granted to the Pôle.' })
  @ArrayNotEmpty()
  @IsIn([...LICENCE_USES], { each: true })
  licenceUses: LicenceUse[];

  @Field(() => Int, { description: 'Licence duration in years (French law: a limited duration).' })
  @Min(1)
  @Max(20)
  licenceYears: number;
}

@ObjectType({ description: 'One place of a ranking in a disqualification preview.' })
export class RankedPlaceView {
  @Field(() => Int, { description: 'Rank, from 1.' })
  rank: number;

  @Field(() => Float, { description: 'Mean jury score, public votes, or the combined score (0–1).' })
  score: number;

  @Field(() => ID, { description: 'Entry id.' })
  entryId: string;

  @Field(() => String, { nullable: true, description: 'Entry title.' })
  title: string | null;
}

@ObjectType({ description: 'One ranking of the entry’s category: its top three now, and without the entry.' })
export class RankingChangeView {
  @Field(() => AwardKindEnum, { description: 'Which ranking: the jury’s final round, the public vote, or the combined one.' })
  kind: AwardKind;

  @Field(() => [RankedPlaceView], { description: 'The top three as they stand.' })
  current: RankedPlaceView[];

  @Field(() => [RankedPlaceView], { description: 'The top three without the entry: who moves up.' })
  without: RankedPlaceView[];
}

@ObjectType({ description: 'A jury round in which the entry is assigned.' })
export class DisqualifiedRoundView {
  @Field(() => Int, { description: 'Round number.' })
  number: number;

  @Field({ description: 'The final round.' })
  isFinal: boolean;

  @Field({ description: 'Whether the round is closed.' })
  closed: boolean;

  @Field(() => Int, { description: 'Scores given to the entry in this round.' })
  scores: number;

  @Field(() => Float, { nullable: true, description: 'Mean of those scores.' })
  meanScore: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it advanced (null while the round is open).' })
  advanced: boolean | null;
}

@ObjectType({ description: 'A prize the entry holds in published results.' })
export class HeldPrizeView {
  @Field(() => AwardKindEnum, { description: 'Jury, public or combined.' })
  kind: AwardKind;

  @Field(() => Int, { description: 'Rank, from 1.' })
  rank: number;
}

@ObjectType({ description: 'What disqualifying an approved entry would do, before it is done.' })
export class DisqualificationPreviewView {
  @Field(() => ID, { description: 'Entry id.' })
  entryId: string;

  @Field(() => String, { nullable: true, description: 'Entry title.' })
  title: string | null;

  @Field(() => Int, { description: 'Public votes that would no longer count (tallied as ENTRY_REJECTED).' })
  votesVoided: number;

  @Field(() => [DisqualifiedRoundView], { description: 'The jury rounds the entry is in, with its scores.' })
  rounds: DisqualifiedRoundView[];

  @Field({ description: 'Whether a final jury round is closed: without one there is no jury nor combined ranking yet.' })
  finalRoundClosed: boolean;

  @Field({ description: 'Whether the results are published: a prize the entry holds then stays void ("entry withdrawn") unless the results are withdrawn and published again.' })
  resultsPublished: boolean;

  @Field(() => [HeldPrizeView], { description: 'Prizes the entry holds in the published results.' })
  prizesHeld: HeldPrizeView[];

  @Field(() => [RankingChangeView], { description: 'Each ranking of its category (JURY, PUBLIC, and COMBINED when juryWeight is set): top three now and without it.' })
  rankings: RankingChangeView[];
}
