import { MEDIA_PURPOSES, type MediaPurpose } from '@nfc/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserAccount } from '../auth/user-account.entity';
import { registerValuesEnum } from '../common/graphql-enum';
import { Organisation } from '../organisations/organisation.entity';
import { ContestEntrant } from '../contest/contest.entities';

export const MediaPurposeEnum = registerValuesEnum(MEDIA_PURPOSES, {
  name: 'MediaPurpose',
  description: 'What a file is for; it decides which types are accepted.',
  values: {
    PHOTO: 'A photograph (contest entry): JPEG, PNG, WebP or AVIF.',
    EVENT_IMAGE: 'An image illustrating an event.',
    BRAND_MASTER: 'A master of a brand asset: SVG (sanitised) or a raster image.',
    PRINT_MASTER: 'A print master (PDF or EPS), kept as uploaded.',
    PEOPLE_RELEASE: 'A signed release of the people recognisable in a contest photo (PDF, JPEG, PNG, WebP or AVIF): private, read by the Pôle’s moderators only.',
    PARTNER_LOGO: 'A partner organisation’s own logo for its co-branded lockups: SVG (sanitised) or a raster image; private.',
  },
});

export const MEDIA_VISIBILITIES = ['PRIVATE', 'PUBLIC'] as const;
export type MediaVisibility = (typeof MEDIA_VISIBILITIES)[number];

/**
 * An uploaded file. The original is private (it keeps EXIF and GPS, which the contest
 * needs); only re-encoded variants are ever served, and only once the item is PUBLIC.
 */
@ObjectType({ description: 'An uploaded file and its web variants.' })
@Entity({ name: 'media_item' })
export class MediaItem {
  @Field(() => ID, { description: 'Upload id; pass it to the mutation that attaches the file.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'media_item_pkey' })
  id: string;

  @Field(() => MediaPurposeEnum, { description: 'What the file is for.' })
  @Column({ type: 'enum', enum: MEDIA_PURPOSES, enumName: 'media_purpose' })
  purpose: MediaPurpose;

  @Column({ type: 'enum', enum: MEDIA_VISIBILITIES, enumName: 'media_visibility', default: 'PRIVATE' })
  visibility: MediaVisibility;

  @Index('media_item_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'media_item_organisation_fkey' })
  organisation?: Relation<Organisation> | null;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid', nullable: true })
  uploadedByUserId: string | null;

  @ManyToOne(() => UserAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by_user_id', foreignKeyConstraintName: 'media_item_uploaded_by_fkey' })
  uploadedBy?: Relation<UserAccount> | null;

  /** A contest entrant's upload (entrants have no account); erased with them. */
  @Index('media_item_entrant_id_idx')
  @Column({ name: 'entrant_id', type: 'uuid', nullable: true })
  entrantId: string | null;

  @ManyToOne(() => ContestEntrant, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'media_item_entrant_fkey' })
  entrant?: Relation<ContestEntrant> | null;

  @Column({ name: 'original_key', type: 'text' })
  originalKey: string;

  @Field({ description: 'Type detected from the bytes, e.g. "image/jpeg".' })
  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  @Field(() => Int, { description: 'Size of the original, in bytes.' })
  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Field(() => Int, { nullable: true, description: 'Width in pixels, upright (after EXIF orientation).' })
  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Field(() => Int, { nullable: true, description: 'Height in pixels, upright.' })
  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Index('media_item_sha256_idx')
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'perceptual_hash', type: 'char', length: 16, nullable: true })
  perceptualHash: string | null;

  // Private: read from EXIF before stripping, for the contest's eligibility checks.
  @Column({ name: 'captured_at', type: 'timestamptz', nullable: true })
  capturedAt: Date | null;

  @Column({ name: 'gps_lat', type: 'double precision', nullable: true })
  gpsLat: number | null;

  @Column({ name: 'gps_lon', type: 'double precision', nullable: true })
  gpsLon: number | null;

  @Field({ description: 'When the file was uploaded.' })
  @Index('media_item_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'attached_at', type: 'timestamptz', nullable: true })
  attachedAt: Date | null;
}
