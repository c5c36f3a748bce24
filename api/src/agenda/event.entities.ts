import {
  ATTENDANCE_MODES,
  EVENT_STATUSES,
  MODERATION_STATES,
  type AttendanceMode,
  type EventStatus,
  type LocalizedText,
  type MergeField,
  type ModerationState,
} from '@nfc/shared';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import { MediaItem } from '../media/media-item.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Commune } from '../territory/commune.entity';
import type { EventSchedule } from './schedule';

/** One canonical event of the shared agenda, whoever publishes it. */
@Entity({ name: 'event' })
@Unique('event_slug_key', ['slug'])
// Created by the migration: GIN indexes TypeORM cannot describe.
@Index('event_categories_idx', { synchronize: false })
@Index('event_accessibility_idx', { synchronize: false })
@Index('event_search_idx', { synchronize: false })
@Index('event_search_en_idx', { synchronize: false })
@Index('event_search_de_idx', { synchronize: false })
@Index('event_title_trgm_idx', { synchronize: false })
// Partial, for the public change feed (events that were once public).
@Index('event_public_changes_idx', { synchronize: false })
@Index('event_location_idx', ['lat', 'lon'])
@Index('event_status_idx', ['status'])
@Index('event_age_idx', ['minAge', 'maxAge'])
// "My events": the unpublished events by review state, last changed first (partial, see its migration).
@Index('event_unpublished_updated_idx', { synchronize: false })
export class AgendaEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'event_pkey' })
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Index('event_publisher_idx')
  @Column({ name: 'publisher_id', type: 'uuid' })
  publisherId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'publisher_id', foreignKeyConstraintName: 'event_publisher_fkey' })
  publisher?: Relation<Organisation>;

  @Column({ type: 'enum', enum: EVENT_STATUSES, enumName: 'event_status', default: 'SCHEDULED' })
  status: EventStatus;

  @Column({ type: 'enum', enum: MODERATION_STATES, enumName: 'moderation_state', default: 'PUBLISHED' })
  moderation: ModerationState;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ name: 'short_description', type: 'jsonb', nullable: true })
  shortDescription: LocalizedText | null;

  @Column({ name: 'long_description', type: 'jsonb', nullable: true })
  longDescription: LocalizedText | null;

  /** The French search vector of the three texts, kept by a database trigger; never read nor written here. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false, insert: false, update: false })
  searchVector?: string;

  /** The English search vector (English texts, French in place of an untranslated one), kept by the same trigger. */
  @Column({ name: 'search_vector_en', type: 'tsvector', select: false, insert: false, update: false })
  searchVectorEn?: string;

  /** The German search vector (German texts, French in place of an untranslated one), kept by the same trigger. */
  @Column({ name: 'search_vector_de', type: 'tsvector', select: false, insert: false, update: false })
  searchVectorDe?: string;

  /** Which translations a machine made, e.g. {"de": "MACHINE"}; absent means human. */
  @Column({ name: 'translation_origin', type: 'jsonb', default: {} })
  translationOrigin: Record<string, 'HUMAN' | 'MACHINE'>;

  /** What merges brought in from duplicates, by merge field, with this event's value before (merge.ts). */
  @Column({ name: 'merge_contribution', type: 'jsonb', default: {} })
  mergeContribution: Partial<Record<MergeField, Record<string, string | number | boolean | object | null>>>;

  @Column({ type: 'text', array: true, default: '{}' })
  categories: string[];

  @Column({ name: 'min_age', type: 'integer', nullable: true })
  minAge: number | null;

  @Column({ name: 'max_age', type: 'integer', nullable: true })
  maxAge: number | null;

  @Column({ type: 'text', array: true, default: '{}' })
  accessibility: string[];

  @Column({ name: 'attendance_mode', type: 'enum', enum: ATTENDANCE_MODES, enumName: 'attendance_mode', default: 'OFFLINE' })
  attendanceMode: AttendanceMode;

  @Column({ name: 'online_url', type: 'text', nullable: true })
  onlineUrl: string | null;

  @Index('event_is_free_idx')
  @Column({ name: 'is_free', type: 'boolean', default: false })
  isFree: boolean;

  @Column({ name: 'price_min', type: 'numeric', precision: 10, scale: 2, nullable: true })
  priceMin: string | null;

  @Column({ name: 'price_max', type: 'numeric', precision: 10, scale: 2, nullable: true })
  priceMax: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'booking_url', type: 'text', nullable: true })
  bookingUrl: string | null;

  @Column({ name: 'registration_contact', type: 'text', nullable: true })
  registrationContact: string | null;

  /** Shown to the public (the office said so); otherwise only its editors and the Pôle read it. */
  @Column({ name: 'registration_contact_public', type: 'boolean', default: false })
  registrationContactPublic: boolean;

  @Column({ name: 'organiser_name', type: 'text', nullable: true })
  organiserName: string | null;

  @Column({ name: 'organiser_contact', type: 'text', nullable: true })
  organiserContact: string | null;

  /** Shown to the public (the office said so). */
  @Column({ name: 'organiser_contact_public', type: 'boolean', default: false })
  organiserContactPublic: boolean;

  /** The address an upsert gave the image by: the same address sent again reuses the image. */
  @Column({ name: 'image_source_url', type: 'text', nullable: true })
  imageSourceUrl: string | null;

  @Index('event_image_media_idx')
  @Column({ name: 'image_media_id', type: 'uuid', nullable: true })
  imageMediaId: string | null;

  @ManyToOne(() => MediaItem, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'image_media_id', foreignKeyConstraintName: 'event_image_fkey' })
  image?: Relation<MediaItem> | null;

  @Column({ name: 'image_credit', type: 'text', nullable: true })
  imageCredit: string | null;

  @Column({ name: 'image_alt', type: 'jsonb', nullable: true })
  imageAlt: LocalizedText | null;

  @Column({ name: 'place_name', type: 'text', nullable: true })
  placeName: string | null;

  @Column({ name: 'street_address', type: 'text', nullable: true })
  streetAddress: string | null;

  @Column({ name: 'postal_code', type: 'varchar', length: 5, nullable: true })
  postalCode: string | null;

  @Index('event_commune_idx')
  @Column({ name: 'commune_insee', type: 'char', length: 5 })
  communeInsee: string;

  @ManyToOne(() => Commune, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_insee', foreignKeyConstraintName: 'event_commune_fkey' })
  commune?: Relation<Commune>;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  /** True when no coordinates were given and the commune's centre stands in. */
  @Column({ name: 'location_approximate', type: 'boolean', default: false })
  locationApproximate: boolean;

  @Column({ name: 'all_day', type: 'boolean', default: false })
  allDay: boolean;

  @Column({ type: 'jsonb' })
  schedule: EventSchedule;

  @Column({ name: 'previous_start_date', type: 'timestamptz', nullable: true })
  previousStartDate: Date | null;

  /** Why the Pôle refused it; cleared when it is submitted again or approved. */
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  /** When the Pôle last approved or refused it. */
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** RFC 5545 SEQUENCE: rises on every change, so calendars replace their copy. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('event_updated_at_idx')
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Set by a trigger the first time the event is published: it has been public since. */
  @Column({ name: 'first_published_at', type: 'timestamptz', nullable: true })
  firstPublishedAt: Date | null;

  /** A tombstone: deleted events stay as rows so that syncing systems learn of the deletion. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** Set when a duplicate was merged into another event: that one is now canonical. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => AgendaEvent, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'event_merged_into_fkey' })
  mergedInto?: Relation<AgendaEvent> | null;
}

/** Another office that features an event it does not publish (it may not edit it). */
@Entity({ name: 'event_co_publisher' })
@Index('event_co_publisher_organisation_idx', ['organisationId'])
export class EventCoPublisher {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'event_co_publisher_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'event_co_publisher_pkey' })
  organisationId: string;

  @ManyToOne(() => AgendaEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_co_publisher_event_fkey' })
  event?: Relation<AgendaEvent>;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'event_co_publisher_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const DUPLICATE_STATES = ['OPEN', 'MERGED', 'DISMISSED'] as const;
export type DuplicateState = (typeof DUPLICATE_STATES)[number];

/** Two events of different offices that look like the same one: flagged, never blocked. */
@Entity({ name: 'event_duplicate' })
@Index('event_duplicate_state_idx', ['state'])
export class EventDuplicate {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'event_duplicate_pkey' })
  eventId: string;

  @PrimaryColumn({ name: 'other_event_id', type: 'uuid', primaryKeyConstraintName: 'event_duplicate_pkey' })
  otherEventId: string;

  @ManyToOne(() => AgendaEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_duplicate_event_fkey' })
  event?: Relation<AgendaEvent>;

  @ManyToOne(() => AgendaEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'other_event_id', foreignKeyConstraintName: 'event_duplicate_other_event_fkey' })
  otherEvent?: Relation<AgendaEvent>;

  /** Title similarity (pg_trgm), from 0 to 1. */
  @Column({ type: 'real' })
  similarity: number;

  @Column({ type: 'enum', enum: DUPLICATE_STATES, enumName: 'duplicate_state', default: 'OPEN' })
  state: DuplicateState;

  @CreateDateColumn({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;
}

/** One dated occurrence; every date filter and all pagination run on these. */
@Entity({ name: 'event_occurrence' })
@Unique('event_occurrence_event_start_key', ['eventId', 'startsAt'])
@Index('event_occurrence_starts_at_idx', ['startsAt', 'id'])
@Index('event_occurrence_ends_at_idx', ['endsAt'])
// Created by the migration: a GiST index on the period, for overlaps.
@Index('event_occurrence_during_idx', { synchronize: false })
export class EventOccurrence {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'event_occurrence_pkey' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => AgendaEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_occurrence_event_fkey' })
  event?: Relation<AgendaEvent>;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;
}

/** An id the event has in a publisher's own system (Décibelles Data, Apidae, OpenAgenda…). */
@Entity({ name: 'event_external_id' })
@Index('event_external_id_event_idx', ['eventId'])
export class EventExternalId {
  /** The organisation whose system sent the id: one office's ids never reach another's events. */
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'event_external_id_pkey' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'event_external_id_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'event_external_id_pkey' })
  system: string;

  @PrimaryColumn({ name: 'external_id', type: 'varchar', length: 200, primaryKeyConstraintName: 'event_external_id_pkey' })
  externalId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => AgendaEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_external_id_event_fkey' })
  event?: Relation<AgendaEvent>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const AGENDA_ENTITIES = [AgendaEvent, EventOccurrence, EventExternalId, EventCoPublisher, EventDuplicate];
