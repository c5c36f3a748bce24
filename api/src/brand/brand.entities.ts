import {
  BRAND_ACCESS_LEVELS,
  BRAND_ASSET_KINDS,
  LOGO_COLOURWAYS,
  LOGO_LAYOUTS,
  PARTNER_TYPES,
  type BrandAccessLevel,
  type BrandAssetKind,
  type LocalizedText,
  type LogoColourway,
  type LogoLayout,
  type PartnerType,
} from '@nfc/shared';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserAccount } from '../auth/user-account.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Epci } from '../territory/epci.entity';
import { MediaItem } from '../media/media-item.entity';

/** A brand asset (a logo variant, the palette, a guideline…). Its files live in versions. */
@Entity({ name: 'brand_asset' })
@Unique('brand_asset_slug_key', ['slug'])
export class BrandAsset {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'brand_asset_pkey' })
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'enum', enum: BRAND_ASSET_KINDS, enumName: 'brand_asset_kind' })
  kind: BrandAssetKind;

  @Column({ type: 'enum', enum: BRAND_ACCESS_LEVELS, enumName: 'brand_access_level' })
  access: BrandAccessLevel;

  @Column({ type: 'enum', enum: LOGO_LAYOUTS, enumName: 'logo_layout', nullable: true })
  layout: LogoLayout | null;

  @Column({ type: 'enum', enum: LOGO_COLOURWAYS, enumName: 'logo_colourway', nullable: true })
  colourway: LogoColourway | null;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An immutable file of an asset. A new file is a new version; "latest" is the highest. */
@Entity({ name: 'brand_asset_version' })
@Unique('brand_asset_version_asset_version_key', ['assetId', 'version'])
export class BrandAssetVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'brand_asset_version_pkey' })
  id: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId: string;

  @ManyToOne(() => BrandAsset, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'brand_asset_version_asset_fkey' })
  asset?: Relation<BrandAsset>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Intrinsic size of the master (SVG viewBox), to rasterise at the right density. */
  @Column({ type: 'double precision', nullable: true })
  width: number | null;

  @Column({ type: 'double precision', nullable: true })
  height: number | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => UserAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id', foreignKeyConstraintName: 'brand_asset_version_created_by_fkey' })
  createdBy?: Relation<UserAccount> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A rendition of a version for one whitelisted preset, rendered once and kept. */
@Entity({ name: 'brand_rendition' })
@Unique('brand_rendition_version_preset_key', ['versionId', 'preset'])
export class BrandRendition {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'brand_rendition_pkey' })
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @ManyToOne(() => BrandAssetVersion, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'brand_rendition_version_fkey' })
  assetVersion?: Relation<BrandAssetVersion>;

  @Column({ type: 'varchar', length: 32 })
  preset: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A colour of the palette. HEX is the reference; RGB is derived; CMYK and Pantone are entered. */
@Entity({ name: 'colour_swatch' })
@Unique('colour_swatch_slug_key', ['slug'])
export class ColourSwatch {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'colour_swatch_pkey' })
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ type: 'char', length: 7 })
  hex: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  cmyk: string | null;

  @Column({ type: 'text', nullable: true })
  pantone: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;
}

/** A version of the brand charter partners accept. The highest version is in force. */
@Entity({ name: 'brand_charter' })
export class BrandCharter {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'brand_charter_pkey' })
  version: number;

  @Column({ type: 'jsonb' })
  text: LocalizedText;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}

export const PARTNER_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** What makes an organisation a partner of the brand: identity, type, approval. */
@Entity({ name: 'partner_profile' })
// Only an approved partner holds its SIRET (a partial unique index, written in its migration).
@Index('partner_profile_siret_approved_key', { synchronize: false })
export class PartnerProfile {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'partner_profile_pkey' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'partner_profile_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Index('partner_profile_siret_idx')
  @Column({ type: 'char', length: 14 })
  siret: string;

  /** When the administrator confirmed their address; before, the request does not count. */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ name: 'partner_type', type: 'enum', enum: PARTNER_TYPES, enumName: 'partner_type' })
  partnerType: PartnerType;

  @Column({ name: 'epci_siren', type: 'char', length: 9, nullable: true })
  epciSiren: string | null;

  @ManyToOne(() => Epci, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'epci_siren', foreignKeyConstraintName: 'partner_profile_epci_fkey' })
  epci?: Relation<Epci> | null;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  /** Listed in the public partner directory (the partner's own choice). */
  @Column({ type: 'boolean', default: false })
  listed: boolean;

  @Index('partner_profile_status_idx')
  @Column({ type: 'enum', enum: PARTNER_STATUSES, enumName: 'partner_status', default: 'PENDING' })
  status: PartnerStatus;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why the Pôle refused the partner (shown to it and e-mailed); null otherwise. */
  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An organisation's acceptance of one charter version: who, when. */
@Entity({ name: 'charter_acceptance' })
export class CharterAcceptance {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'charter_acceptance_pkey' })
  organisationId: string;

  @PrimaryColumn({ name: 'charter_version', type: 'integer', primaryKeyConstraintName: 'charter_acceptance_pkey' })
  charterVersion: number;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'charter_acceptance_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @ManyToOne(() => BrandCharter, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'charter_version', foreignKeyConstraintName: 'charter_acceptance_charter_fkey' })
  charter?: Relation<BrandCharter>;

  @Column({ name: 'accepted_by_user_id', type: 'uuid', nullable: true })
  acceptedByUserId: string | null;

  @ManyToOne(() => UserAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'accepted_by_user_id', foreignKeyConstraintName: 'charter_acceptance_accepted_by_fkey' })
  acceptedBy?: Relation<UserAccount> | null;

  @CreateDateColumn({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt: Date;
}

/** A prebuilt ZIP of the kit for one audience. */
@Entity({ name: 'brand_kit' })
@Unique('brand_kit_access_version_key', ['access', 'version'])
export class BrandKit {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'brand_kit_pkey' })
  id: string;

  @Column({ type: 'enum', enum: BRAND_ACCESS_LEVELS, enumName: 'brand_access_level' })
  access: BrandAccessLevel;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @CreateDateColumn({ name: 'built_at', type: 'timestamptz' })
  builtAt: Date;
}

/**
 * One download, counted without cookies or personal data: what, when, and for a
 * partner only its organisation and type. Anonymous visitors leave no identifier.
 */
@Entity({ name: 'brand_download' })
@Index('brand_download_downloaded_at_idx', ['downloadedAt'])
@Index('brand_download_asset_id_idx', ['assetId'])
export class BrandDownload {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'brand_download_pkey' })
  id: string;

  @CreateDateColumn({ name: 'downloaded_at', type: 'timestamptz' })
  downloadedAt: Date;

  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId: string | null;

  @ManyToOne(() => BrandAsset, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'brand_download_asset_fkey' })
  asset?: Relation<BrandAsset> | null;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  /** A rendition preset, "master", or "kit". */
  @Column({ type: 'varchar', length: 32 })
  format: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'brand_download_organisation_fkey' })
  organisation?: Relation<Organisation> | null;

  @Column({ name: 'partner_type', type: 'enum', enum: PARTNER_TYPES, enumName: 'partner_type', nullable: true })
  partnerType: PartnerType | null;
}


/**
 * A partner's own logo, from which its co-branded lockups are drawn: one per organisation, a
 * private upload (purpose PARTNER_LOGO, through the intake), its version counting replacements.
 */
@Entity({ name: 'partner_logo' })
@Unique('partner_logo_media_key', ['mediaId'])
export class PartnerLogo {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'partner_logo_pkey' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'partner_logo_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Column({ name: 'media_id', type: 'uuid' })
  mediaId: string;

  @ManyToOne(() => MediaItem, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'media_id', foreignKeyConstraintName: 'partner_logo_media_fkey' })
  media?: Relation<MediaItem>;

  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A member of the public who asked to be told when a public file of the kit has a new version.
 * It counts once the address is confirmed (confirmed_at); each notice carries a link to leave.
 */
@Entity({ name: 'kit_subscription' })
@Unique('kit_subscription_email_key', ['email'])
export class KitSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'kit_subscription_pkey' })
  id: string;

  /** Lower-cased and trimmed. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'varchar', length: 2 })
  locale: 'fr' | 'en' | 'de';

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When the last confirmation e-mail went: a new request within minutes sends none. */
  @Column({ name: 'confirmation_sent_at', type: 'timestamptz', nullable: true })
  confirmationSentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const BRAND_ENTITIES = [BrandAsset, BrandAssetVersion, BrandRendition, ColourSwatch, BrandCharter, PartnerProfile, CharterAcceptance, BrandKit, BrandDownload, PartnerLogo, KitSubscription];
