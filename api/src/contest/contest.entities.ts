import {
  AGE_BANDS,
  AWARD_KINDS,
  ENTRY_STATES,
  JURY_SCALES,
  VOTE_VOID_REASONS,
  type AgeBand,
  type AwardKind,
  type EntryFlag,
  type EntryState,
  type JuryScale,
  type Language,
  type LocalizedText,
  type VoteVoidReason,
} from '@nfc/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserAccount } from '../auth/user-account.entity';
import { MediaItem } from '../media/media-item.entity';
import { Commune } from '../territory/commune.entity';

export const OUTSIDE_TERRITORY_POLICIES = ['REFUSE', 'FLAG'] as const;
export type OutsideTerritoryPolicy = (typeof OUTSIDE_TERRITORY_POLICIES)[number];

/** What the Pôle may do with a winning photo: listed, because French law voids blanket grants. */
export const LICENCE_USES = ['WEBSITE', 'SOCIAL_MEDIA', 'PRINT', 'EXHIBITION', 'PRESS'] as const;
export type LicenceUse = (typeof LICENCE_USES)[number];

/** A contest edition, with its windows, its limits and the licence entrants grant. */
@Entity({ name: 'contest' })
@Unique('contest_slug_key', ['slug'])
@Check('contest_jury_weight_check', `"jury_weight" BETWEEN 0 AND 100`)
@Check('contest_windows_check', `"submission_opens_at" < "submission_closes_at" AND "submission_closes_at" <= "moderation_closes_at" AND "submission_closes_at" <= "vote_opens_at" AND "vote_opens_at" < "vote_closes_at" AND "jury_opens_at" < "jury_closes_at" AND "vote_closes_at" <= "results_at" AND "jury_closes_at" <= "results_at"`)
export class Contest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_pkey' })
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb' })
  summary: LocalizedText;

  @Column({ name: 'submission_opens_at', type: 'timestamptz' })
  submissionOpensAt: Date;

  @Column({ name: 'submission_closes_at', type: 'timestamptz' })
  submissionClosesAt: Date;

  @Column({ name: 'moderation_closes_at', type: 'timestamptz' })
  moderationClosesAt: Date;

  @Column({ name: 'jury_opens_at', type: 'timestamptz' })
  juryOpensAt: Date;

  @Column({ name: 'jury_closes_at', type: 'timestamptz' })
  juryClosesAt: Date;

  @Column({ name: 'vote_opens_at', type: 'timestamptz' })
  voteOpensAt: Date;

  @Column({ name: 'vote_closes_at', type: 'timestamptz' })
  voteClosesAt: Date;

  @Column({ name: 'results_at', type: 'timestamptz' })
  resultsAt: Date;

  /** Entries per entrant in all; null for no overall cap. */
  @Column({ name: 'max_entries_total', type: 'integer', nullable: true })
  maxEntriesTotal: number | null;

  /** Entries per entrant in one category; null for no per-category cap. */
  @Column({ name: 'max_entries_per_category', type: 'integer', nullable: true })
  maxEntriesPerCategory: number | null;

  @Column({ name: 'min_megapixels', type: 'real', default: 2 })
  minMegapixels: number;

  /** Optional window for the EXIF capture date. */
  @Column({ name: 'capture_from', type: 'date', nullable: true })
  captureFrom: string | null;

  @Column({ name: 'capture_to', type: 'date', nullable: true })
  captureTo: string | null;

  @Column({ name: 'outside_territory', type: 'enum', enum: OUTSIDE_TERRITORY_POLICIES, enumName: 'contest_outside_territory_policy', default: 'REFUSE' })
  outsideTerritory: OutsideTerritoryPolicy;

  @Column({ name: 'licence_uses', type: 'enum', enum: LICENCE_USES, enumName: 'contest_licence_use', array: true })
  licenceUses: LicenceUse[];

  @Column({ name: 'licence_years', type: 'integer' })
  licenceYears: number;

  /** The jury's share of a combined ranking, in percent (the public has the rest); null: no combined ranking. */
  @Column({ name: 'jury_weight', type: 'integer', nullable: true })
  juryWeight: number | null;

  /** When the results were frozen (awards written); null before. */
  @Column({ name: 'results_published_at', type: 'timestamptz', nullable: true })
  resultsPublishedAt: Date | null;

  /** Frozen tallies: votes counted and voided by reason, per category. */
  @Column({ name: 'results_summary', type: 'jsonb', nullable: true })
  resultsSummary: ContestResultsSummary | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export interface ContestResultsSummary {
  votesCounted: number;
  votesVoided: Partial<Record<VoteVoidReason, number>>;
}

/** The rules, versioned: an entrant accepts one version, and a new one never rewrites it. */
@Entity({ name: 'contest_rules_version' })
@Unique('contest_rules_version_key', ['contestId', 'version'])
export class ContestRulesVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_rules_version_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_rules_version_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  body: LocalizedText;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}

/** One category per kind of territorial marker. */
@Entity({ name: 'contest_category' })
@Unique('contest_category_slug_key', ['contestId', 'slug'])
export class ContestCategory {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_category_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_category_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'jsonb' })
  label: LocalizedText;

  @Column({ type: 'integer' })
  position: number;
}

/**
 * A resident taking part in one contest. Personal data is kept to what eligibility, credit
 * and consent need; erasure deletes the row (entries keep an anonymous tombstone).
 */
@Entity({ name: 'contest_entrant' })
@Unique('contest_entrant_email_key', ['contestId', 'emailNormalised'])
export class ContestEntrant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_entrant_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_entrant_contest_fkey' })
  contest?: Relation<Contest>;

  /** As typed, for sending; the normalised form is the identity. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'email_normalised', type: 'text' })
  emailNormalised: string;

  @Index('contest_entrant_unverified_idx', { where: '"email_verified_at" IS NULL' })
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ name: 'commune_insee', type: 'char', length: 5 })
  communeInsee: string;

  @ManyToOne(() => Commune, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_insee', referencedColumnName: 'inseeCode', foreignKeyConstraintName: 'contest_entrant_commune_fkey' })
  commune?: Relation<Commune>;

  @Column({ name: 'age_band', type: 'enum', enum: AGE_BANDS, enumName: 'contest_age_band' })
  ageBand: AgeBand;

  @Column({ name: 'guardian_name', type: 'text', nullable: true })
  guardianName: string | null;

  @Column({ name: 'guardian_email', type: 'text', nullable: true })
  guardianEmail: string | null;

  @Column({ name: 'guardian_consent_at', type: 'timestamptz', nullable: true })
  guardianConsentAt: Date | null;

  /** The rules version accepted, and when the licence was granted. */
  @Column({ name: 'rules_version', type: 'integer' })
  rulesVersion: number;

  @Column({ name: 'licence_accepted_at', type: 'timestamptz' })
  licenceAcceptedAt: Date;

  @Column({ name: 'credit_line', type: 'text' })
  creditLine: string;

  @Column({ type: 'char', length: 2, default: 'fr' })
  locale: Language;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A photo entered in a category. After erasure it stays as an anonymous tombstone, so results hold. */
@Entity({ name: 'contest_entry' })
@Index('contest_entry_listing_idx', ['contestId', 'state', 'categoryId'])
@Index('contest_entry_sha256_key', { synchronize: false })
@Index('contest_entry_perceptual_hash_idx', ['perceptualHash'])
export class ContestEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_entry_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_entry_contest_fkey' })
  contest?: Relation<Contest>;

  @Index('contest_entry_entrant_idx')
  @Column({ name: 'entrant_id', type: 'uuid', nullable: true })
  entrantId: string | null;

  @ManyToOne(() => ContestEntrant, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'contest_entry_entrant_fkey' })
  entrant?: Relation<ContestEntrant> | null;

  @Column({ name: 'category_id', type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => ContestCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'contest_entry_category_fkey' })
  category?: Relation<ContestCategory>;

  @Index('contest_entry_media_idx')
  @Column({ name: 'media_id', type: 'uuid', nullable: true })
  mediaId: string | null;

  @ManyToOne(() => MediaItem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'media_id', foreignKeyConstraintName: 'contest_entry_media_fkey' })
  media?: Relation<MediaItem> | null;

  /** Copied from the photo so the unique index can refuse the same photo twice, in any contest. */
  @Column({ name: 'photo_sha256', type: 'char', length: 64, nullable: true })
  photoSha256: string | null;

  @Column({ name: 'perceptual_hash', type: 'char', length: 16, nullable: true })
  perceptualHash: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'alt_text', type: 'text', nullable: true })
  altText: string | null;

  /** Where the entrant says it was taken. */
  @Index('contest_entry_commune_idx')
  @Column({ name: 'commune_insee', type: 'char', length: 5 })
  communeInsee: string;

  @ManyToOne(() => Commune, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_insee', referencedColumnName: 'inseeCode', foreignKeyConstraintName: 'contest_entry_commune_fkey' })
  commune?: Relation<Commune>;

  /** Where EXIF GPS places it (private); null without GPS or outside the territory. */
  @Column({ name: 'gps_commune_insee', type: 'char', length: 5, nullable: true })
  gpsCommuneInsee: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  flags: EntryFlag[];

  @Column({ name: 'near_duplicate_of_id', type: 'uuid', nullable: true })
  nearDuplicateOfId: string | null;

  @ManyToOne(() => ContestEntry, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'near_duplicate_of_id', foreignKeyConstraintName: 'contest_entry_near_duplicate_fkey' })
  nearDuplicateOf?: Relation<ContestEntry> | null;

  @Column({ name: 'people_present', type: 'boolean', default: false })
  peoplePresent: boolean;

  @Column({ name: 'people_consent', type: 'boolean', default: false })
  peopleConsent: boolean;

  /**
   * The signed release of the people recognisable in the photo (purpose PEOPLE_RELEASE), when
   * the entrant attached one: private evidence for the moderators, deleted with the entry.
   */
  @Index('contest_entry_release_media_idx')
  @Column({ name: 'release_media_id', type: 'uuid', nullable: true })
  releaseMediaId: string | null;

  @ManyToOne(() => MediaItem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'release_media_id', foreignKeyConstraintName: 'contest_entry_release_media_fkey' })
  releaseMedia?: Relation<MediaItem> | null;

  /** The published credit, copied at submission; erased with the entrant. */
  @Column({ name: 'credit_line', type: 'text', nullable: true })
  creditLine: string | null;

  @Column({ type: 'enum', enum: ENTRY_STATES, enumName: 'contest_entry_state' })
  state: EntryState;

  @Column({ name: 'state_reason', type: 'text', nullable: true })
  stateReason: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  @Column({ name: 'state_changed_at', type: 'timestamptz', default: () => 'now()' })
  stateChangedAt: Date;
}

/** Every change of an entry's state: who, when, why. */
@Entity({ name: 'contest_entry_transition' })
export class ContestEntryTransition {
  @PrimaryGeneratedColumn('identity', { primaryKeyConstraintName: 'contest_entry_transition_pkey', type: 'bigint' })
  id: string;

  @Index('contest_entry_transition_entry_idx')
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_entry_transition_entry_fkey' })
  entry?: Relation<ContestEntry>;

  @Column({ name: 'from_state', type: 'enum', enum: ENTRY_STATES, enumName: 'contest_entry_state', nullable: true })
  fromState: EntryState | null;

  @Column({ name: 'to_state', type: 'enum', enum: ENTRY_STATES, enumName: 'contest_entry_state' })
  toState: EntryState;

  /** ENTRANT, GUARDIAN, SYSTEM, or MODERATOR (with the user). */
  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'contest_entry_transition_actor_fkey' })
  actorUser?: Relation<UserAccount> | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** A moderator took back an approval (ModerationService.disqualify): votes, scores and any prize go with it. */
  @Column({ type: 'boolean', default: false })
  disqualification: boolean;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}

export const CODE_PURPOSES = ['ENTRANT', 'GUARDIAN', 'VOTER', 'JUROR'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** A one-time code sent by email, stored hashed, with an expiry and a budget of tries. */
@Entity({ name: 'contest_code' })
@Index('contest_code_subject_idx', ['subjectId', 'purpose'])
export class ContestCode {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_code_pkey' })
  id: string;

  @Column({ type: 'enum', enum: CODE_PURPOSES, enumName: 'contest_code_purpose' })
  purpose: CodePurpose;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;
}

/** A member of the jury, invited by email; logs in with a one-time code. */
@Entity({ name: 'contest_juror' })
@Unique('contest_juror_email_key', ['contestId', 'emailNormalised'])
export class ContestJuror {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_juror_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_juror_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'email_normalised', type: 'text' })
  emailNormalised: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ type: 'char', length: 2, default: 'fr' })
  locale: Language;

  @CreateDateColumn({ name: 'invited_at', type: 'timestamptz' })
  invitedAt: Date;
}

/** A juror's declared link to an entry: that juror never gets it. */
@Entity({ name: 'contest_juror_conflict' })
export class ContestJurorConflict {
  @PrimaryColumn({ name: 'juror_id', type: 'uuid', primaryKeyConstraintName: 'contest_juror_conflict_pkey' })
  jurorId: string;

  @ManyToOne(() => ContestJuror, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'juror_id', foreignKeyConstraintName: 'contest_juror_conflict_juror_fkey' })
  juror?: Relation<ContestJuror>;

  @PrimaryColumn({ name: 'entry_id', type: 'uuid', primaryKeyConstraintName: 'contest_juror_conflict_pkey' })
  @Index('contest_juror_conflict_entry_idx')
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_juror_conflict_entry_fkey' })
  entry?: Relation<ContestEntry>;

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;
}

/** A judging round: its scale and quorum; closed at a threshold chosen after a preview. */
@Entity({ name: 'contest_jury_round' })
@Unique('contest_jury_round_number_key', ['contestId', 'number'])
export class ContestJuryRound {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_jury_round_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_jury_round_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'enum', enum: JURY_SCALES, enumName: 'contest_jury_scale' })
  scale: JuryScale;

  @Column({ type: 'integer' })
  quorum: number;

  @Column({ name: 'is_final', type: 'boolean', default: false })
  isFinal: boolean;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'real', nullable: true })
  threshold: number | null;
}

/** One juror's judgement of one entry in one round; the score is null until given. */
@Entity({ name: 'contest_jury_assignment' })
@Index('contest_jury_assignment_juror_idx', ['jurorId', 'roundId'])
@Check('contest_jury_assignment_score_check', `"score" BETWEEN 0 AND 5`)
export class ContestJuryAssignment {
  @PrimaryColumn({ name: 'round_id', type: 'uuid', primaryKeyConstraintName: 'contest_jury_assignment_pkey' })
  roundId: string;

  @ManyToOne(() => ContestJuryRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'contest_jury_assignment_round_fkey' })
  round?: Relation<ContestJuryRound>;

  @PrimaryColumn({ name: 'entry_id', type: 'uuid', primaryKeyConstraintName: 'contest_jury_assignment_pkey' })
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_jury_assignment_entry_fkey' })
  entry?: Relation<ContestEntry>;

  @PrimaryColumn({ name: 'juror_id', type: 'uuid', primaryKeyConstraintName: 'contest_jury_assignment_pkey' })
  jurorId: string;

  @ManyToOne(() => ContestJuror, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'juror_id', foreignKeyConstraintName: 'contest_jury_assignment_juror_fkey' })
  juror?: Relation<ContestJuror>;

  @Column({ type: 'smallint', nullable: true })
  score: number | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt: Date | null;
}

/** An entry's outcome in a closed round. */
@Entity({ name: 'contest_jury_round_entry' })
export class ContestJuryRoundEntry {
  @PrimaryColumn({ name: 'round_id', type: 'uuid', primaryKeyConstraintName: 'contest_jury_round_entry_pkey' })
  roundId: string;

  @ManyToOne(() => ContestJuryRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'contest_jury_round_entry_round_fkey' })
  round?: Relation<ContestJuryRound>;

  @PrimaryColumn({ name: 'entry_id', type: 'uuid', primaryKeyConstraintName: 'contest_jury_round_entry_pkey' })
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_jury_round_entry_entry_fkey' })
  entry?: Relation<ContestEntry>;

  @Column({ name: 'mean_score', type: 'real', nullable: true })
  meanScore: number | null;

  @Column({ type: 'integer' })
  votes: number;

  @Column({ type: 'boolean' })
  advanced: boolean;
}

/** A verified voter of one contest; the address is removed by the retention command after the results. */
@Entity({ name: 'contest_voter' })
@Unique('contest_voter_email_key', ['contestId', 'emailNormalised'])
export class ContestVoter {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contest_voter_pkey' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_voter_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ name: 'email_normalised', type: 'text', nullable: true })
  emailNormalised: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A public vote. The unique constraint, not a check, makes a second vote per category impossible. */
@Entity({ name: 'contest_vote' })
@Unique('contest_vote_one_per_category_key', ['voterId', 'categoryId'])
export class ContestVote {
  @PrimaryGeneratedColumn('identity', { primaryKeyConstraintName: 'contest_vote_pkey', type: 'bigint' })
  id: string;

  @Column({ name: 'voter_id', type: 'uuid' })
  voterId: string;

  @ManyToOne(() => ContestVoter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voter_id', foreignKeyConstraintName: 'contest_vote_voter_fkey' })
  voter?: Relation<ContestVoter>;

  @Column({ name: 'category_id', type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => ContestCategory, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'contest_vote_category_fkey' })
  category?: Relation<ContestCategory>;

  @Index('contest_vote_entry_idx')
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_vote_entry_fkey' })
  entry?: Relation<ContestEntry>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Vote attempts refused, counted by reason (no personal data), for the published results. */
@Entity({ name: 'contest_vote_refusal' })
export class ContestVoteRefusal {
  @PrimaryColumn({ name: 'contest_id', type: 'uuid', primaryKeyConstraintName: 'contest_vote_refusal_pkey' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_vote_refusal_contest_fkey' })
  contest?: Relation<Contest>;

  @PrimaryColumn({ type: 'enum', enum: VOTE_VOID_REASONS, enumName: 'contest_vote_void_reason', primaryKeyConstraintName: 'contest_vote_refusal_pkey' })
  reason: VoteVoidReason;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/** A prize, frozen when the results are published; an erased entry keeps its place as "withdrawn". */
@Entity({ name: 'contest_award' })
export class ContestAward {
  @PrimaryColumn({ name: 'category_id', type: 'uuid', primaryKeyConstraintName: 'contest_award_pkey' })
  categoryId: string;

  @ManyToOne(() => ContestCategory, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'contest_award_category_fkey' })
  category?: Relation<ContestCategory>;

  @PrimaryColumn({ type: 'enum', enum: AWARD_KINDS, enumName: 'contest_award_kind', primaryKeyConstraintName: 'contest_award_pkey' })
  kind: AwardKind;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'contest_award_pkey' })
  rank: number;

  @Index('contest_award_entry_idx')
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => ContestEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'contest_award_entry_fkey' })
  entry?: Relation<ContestEntry>;

  /** Mean jury score, or public votes. */
  @Column({ type: 'real' })
  score: number;
}

/** A publication of the results, or the withdrawal of a mistaken one: who, why, how many prizes. */
@Entity({ name: 'contest_results_event' })
@Index('contest_results_event_contest_idx', ['contestId', 'at'])
export class ContestResultsEvent {
  @PrimaryGeneratedColumn('identity', { primaryKeyConstraintName: 'contest_results_event_pkey', type: 'bigint' })
  id: string;

  @Column({ name: 'contest_id', type: 'uuid' })
  contestId: string;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'contest_results_event_contest_fkey' })
  contest?: Relation<Contest>;

  @Column({ type: 'enum', enum: ['PUBLISHED', 'WITHDRAWN'], enumName: 'contest_results_action' })
  action: 'PUBLISHED' | 'WITHDRAWN';

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'contest_results_event_actor_fkey' })
  actorUser?: Relation<UserAccount> | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Prizes written (published) or removed (withdrawn). */
  @Column({ type: 'integer' })
  awards: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

export const CONTEST_ENTITIES = [
  Contest,
  ContestRulesVersion,
  ContestCategory,
  ContestEntrant,
  ContestEntry,
  ContestEntryTransition,
  ContestCode,
  ContestJuror,
  ContestJurorConflict,
  ContestJuryRound,
  ContestJuryAssignment,
  ContestJuryRoundEntry,
  ContestVoter,
  ContestVote,
  ContestVoteRefusal,
  ContestAward,
  ContestResultsEvent,
];
