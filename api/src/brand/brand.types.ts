import { BRAND_ACCESS_LEVELS, BRAND_ASSET_KINDS, LOCKUP_GROUNDS, LOCKUP_LAYOUTS, LOGO_COLOURWAYS, LOGO_LAYOUTS, PARTNER_TYPES, type LockupGround, type LockupLayout, type PartnerType } from '@nfc/shared';
import { IsBoolean, IsEmail, IsIn, IsOptional, Length, Matches, MaxLength, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalizedTextView } from '../common/localized-text.types';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { registerValuesEnum } from '../common/graphql-enum';
import { Organisation } from '../organisations/organisation.entity';
import { PARTNER_STATUSES } from './brand.entities';

export const BrandAssetKindEnum = registerValuesEnum(BRAND_ASSET_KINDS, {
  name: 'BrandAssetKind',
  description: 'Kind of brand asset.',
  values: { LOGO: 'A logo variant.', PICTOGRAM: 'A pictogram.', PALETTE: 'The colour palette.', FONT: 'A typeface.', TEMPLATE: 'A document template.', GUIDELINE: 'A guideline document.' },
});
export const BrandAccessLevelEnum = registerValuesEnum(BRAND_ACCESS_LEVELS, {
  name: 'BrandAccessLevel',
  description: 'Who may download an asset.',
  values: { PUBLIC: 'Anyone, without an account.', PARTNER: 'Approved partners who accepted the current charter, and tourism offices.', INTERNAL: 'The Pôle only.' },
});
export const LogoLayoutEnum = registerValuesEnum(LOGO_LAYOUTS, { name: 'LogoLayout', description: 'Arrangement of a logo.', values: { HORIZONTAL: 'Pictogram beside the name.', VERTICAL: 'Pictogram above the name.' } });
export const LogoColourwayEnum = registerValuesEnum(LOGO_COLOURWAYS, {
  name: 'LogoColourway',
  description: 'Colours of a logo.',
  values: { COLOUR: 'Full colour, for light backgrounds.', MONO: 'One dark colour.', WHITE: 'White, for dark backgrounds.' },
});
export const PartnerTypeEnum = registerValuesEnum(PARTNER_TYPES, {
  name: 'PartnerType',
  description: 'What kind of partner an organisation is.',
  values: {
    TOURISM_OFFICE: 'A tourism office.',
    EPCI: 'An intercommunality.',
    COMPANY: 'A company.',
    ASSOCIATION: 'An association.',
    UNIVERSITY: 'A university or school.',
    EVENT_ORGANISER: 'An event organiser.',
    PUBLIC_BODY: 'Another public body.',
  },
});
export const PartnerStatusEnum = registerValuesEnum(PARTNER_STATUSES, {
  name: 'PartnerStatus',
  description: 'Where a partner registration stands.',
  values: { PENDING: 'Waiting for the Pôle.', APPROVED: 'Approved.', REJECTED: 'Refused.' },
});

@ObjectType({ description: 'A link to download a file of an asset.' })
export class BrandDownloadLink {
  @Field({ description: 'Rendition preset (e.g. "png-2048") or "master".' })
  preset: string;

  @Field({ description: 'File format: svg, png, jpeg, webp, pdf…' })
  format: string;

  @Field(() => Int, { nullable: true, description: 'Width in pixels, for renditions.' })
  width: number | null;

  @Field({ description: 'Download URL (partner links carry a token valid one hour).' })
  url: string;
}

@ObjectType({ description: 'An immutable version of an asset.' })
export class BrandAssetVersionView {
  @Field(() => Int, { description: 'Version number, from 1.' })
  version: number;

  @Field({ description: 'Type of the master file.' })
  mimeType: string;

  @Field(() => Int, { description: 'Size of the master, in bytes.' })
  byteSize: number;

  @Field({ description: 'When the version was published.' })
  publishedAt: Date;
}

@ObjectType({ description: 'A colour of the palette, with its codes and WCAG contrasts.' })
export class ColourSwatchView {
  @Field({ description: 'Stable identifier, e.g. "bleu-doubs".' })
  slug: string;

  @Field({ description: 'Name in the requested language.' })
  name: string;

  @Field({ description: 'HEX, the reference value, e.g. "#0b5c8a".' })
  hex: string;

  @Field(() => [Int], { description: 'RGB, derived from HEX.' })
  rgb: number[];

  @Field(() => String, { nullable: true, description: 'CMYK as entered, "C/M/Y/K".' })
  cmyk: string | null;

  @Field(() => String, { nullable: true, description: 'Pantone reference as entered.' })
  pantone: string | null;

  @Field(() => Float, { description: 'Contrast ratio as text on white.' })
  contrastOnWhite: number;

  @Field(() => Float, { description: 'Contrast ratio as text on black.' })
  contrastOnBlack: number;

  @Field({ description: 'Best WCAG level on white: AAA, AA, AA_LARGE or FAIL.' })
  verdictOnWhite: string;

  @Field({ description: 'Best WCAG level on black.' })
  verdictOnBlack: string;

  @Field(() => Int, { description: 'Position in the palette.' })
  sortOrder: number;

  @Field(() => LocalizedTextView, { description: 'The name in every language entered (to edit it).' })
  names: LocalizedTextView;
}

@ObjectType({ description: 'The prebuilt ZIP of the kit for the caller.' })
export class BrandKitInfo {
  @Field(() => Int, { description: 'Kit version.' })
  version: number;

  @Field(() => BrandAccessLevelEnum, { description: 'Public kit or partner kit.' })
  access: string;

  @Field({ description: 'When it was built.' })
  builtAt: Date;

  @Field(() => Int, { description: 'Size in bytes.' })
  byteSize: number;

  @Field({ description: 'Download URL.' })
  url: string;
}

@ObjectType({ description: 'A version of the brand charter.' })
export class BrandCharterView {
  @Field(() => Int, { description: 'Version; accept this number.' })
  version: number;

  @Field({ description: 'Text in the requested language (plain text with line breaks).' })
  text: string;

  @Field({ description: 'When it was published.' })
  publishedAt: Date;
}

@ObjectType({ description: "Your organisation's standing as a brand partner." })
export class PartnershipView {
  @Field(() => PartnerStatusEnum, { description: 'Registration status.' })
  status: string;

  @Field(() => PartnerTypeEnum, { description: 'Kind of partner.' })
  partnerType: string;

  @Field(() => Int, { nullable: true, description: 'Latest charter version accepted.' })
  acceptedCharterVersion: number | null;

  @Field(() => Int, { nullable: true, description: 'Charter version in force.' })
  currentCharterVersion: number | null;

  @Field({ description: 'Approved and bound by the current charter.' })
  canDownloadPartnerAssets: boolean;

  @Field(() => String, { nullable: true, description: "The Pôle's reason, when it refused the registration." })
  decisionReason: string | null;

  @Field({ description: 'Whether the registration’s address is confirmed; before, the Pôle cannot approve it (resendPartnerConfirmation).' })
  emailVerified: boolean;

  @Field(() => String, { nullable: true, description: 'Website (https).' })
  website: string | null;

  @Field(() => String, { nullable: true, description: 'SIREN of its EPCI.' })
  epciSiren: string | null;

  @Field({ description: 'Listed in the public partner directory.' })
  listed: boolean;
}

@InputType({ description: 'What a partner changes in its own profile; a field left out is kept.' })
export class UpdatePartnerProfileInput {
  @Field(() => String, { nullable: true, description: 'Website (https); null removes it.' })
  @IsOptional()
  @MaxLength(300)
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'SIREN of its EPCI; null: outside the territory or none.' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epciSiren must be 9 digits' })
  epciSiren?: string | null;

  @Field(() => PartnerTypeEnum, { nullable: true, description: 'Kind of partner.' })
  @IsOptional()
  @IsIn(PARTNER_TYPES)
  partnerType?: PartnerType;

  @Field({ nullable: true, description: 'Appear in the public partner directory.' })
  @IsOptional()
  @IsBoolean()
  listInDirectory?: boolean;
}

@ObjectType({ description: 'A partner in the public directory.' })
export class PartnerListingView {
  @Field({ description: 'Name.' })
  name: string;

  @Field(() => PartnerTypeEnum, { description: 'Kind of partner.' })
  partnerType: string;

  @Field(() => String, { nullable: true, description: 'EPCI it belongs to, if any.' })
  epciName: string | null;

  @Field(() => String, { nullable: true, description: 'Website.' })
  website: string | null;
}

@ObjectType({ description: 'A registered partner; the token logs its administrator in.' })
export class RegisteredPartner {
  @Field(() => Organisation, { description: 'The new organisation.' })
  organisation: Organisation;

  @Field({ description: 'Access token for the new administrator.' })
  token: string;
}

@ObjectType({ description: 'Downloads counted for one asset, format and partner type.' })
export class DownloadCount {
  @Field(() => String, { nullable: true, description: 'Asset slug (null for kits and palettes).' })
  assetSlug: string | null;

  @Field({ description: 'Rendition preset, "master", "kit" or "palette-…".' })
  format: string;

  @Field({ description: 'Partner type, or ANONYMOUS.' })
  audience: string;

  @Field(() => Int, { description: 'Number of downloads.' })
  count: number;
}

@InputType({ description: 'A partner organisation registering for the brand kit.' })
export class RegisterPartnerInput {
  @Field({ description: 'Organisation name.' })
  @Length(2, 200)
  organisationName: string;

  @Field({ description: 'SIRET of the establishment (14 digits).' })
  @Matches(/^[\d ]{14,17}$/, { message: 'siret must be 14 digits' })
  siret: string;

  @Field(() => PartnerTypeEnum, { description: 'Kind of partner.' })
  @IsIn(PARTNER_TYPES)
  partnerType: PartnerType;

  @Field({ nullable: true, description: 'SIREN of its EPCI, if it belongs to the territory.' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epciSiren must be 9 digits' })
  epciSiren?: string;

  @Field({ nullable: true, description: 'Website (https).' })
  @IsOptional()
  @MaxLength(300)
  website?: string;

  @Field({ description: 'Appear in the public partner directory.' })
  @IsBoolean()
  listInDirectory: boolean;

  @Field({ description: 'Name of the person registering.' })
  @Length(1, 120)
  contactName: string;

  @Field({ description: 'Their email, used to log in.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: `Password, at least ${MIN_PASSWORD_LENGTH} characters.` })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(256)
  password: string;
}

@InputType({ description: 'A text in French, with optional English and German.' })
export class LocalizedTextInput {
  @Field({ description: 'French.' })
  @Length(1, 20000)
  fr: string;

  @Field({ nullable: true, description: 'English.' })
  @IsOptional()
  @MaxLength(20000)
  en?: string;

  @Field({ nullable: true, description: 'German.' })
  @IsOptional()
  @MaxLength(20000)
  de?: string;
}

export const LanguageEnum = registerValuesEnum(['fr', 'en', 'de'] as const, {
  name: 'Language',
  description: 'A language of the platform; texts fall back to French.',
  values: { fr: 'French.', en: 'English.', de: 'German.' },
});

@ObjectType({ description: 'A brand asset the caller may download.' })
export class BrandAssetView {
  @Field({ description: 'Stable identifier, e.g. "logo-horizontal-colour".' })
  slug: string;

  @Field(() => BrandAssetKindEnum, { description: 'Kind of asset.' })
  kind: string;

  @Field(() => BrandAccessLevelEnum, { description: 'Who may download it.' })
  access: string;

  @Field(() => LogoLayoutEnum, { nullable: true, description: 'Layout, for logos.' })
  layout: string | null;

  @Field(() => LogoColourwayEnum, { nullable: true, description: 'Colourway, for logos.' })
  colourway: string | null;

  @Field({ description: 'Name in the requested language.' })
  name: string;

  @Field(() => BrandAssetVersionView, { nullable: true, description: 'The latest version.' })
  latestVersion: BrandAssetVersionView | null;

  @Field(() => String, { nullable: true, description: 'A PNG preview (512 px), for showing on light and dark backgrounds.' })
  previewUrl: string | null;

  @Field(() => [BrandDownloadLink], { description: 'The master and every rendition of the latest version.' })
  downloads: BrandDownloadLink[];
}

@InputType({ description: 'A colour of the palette, as the Pôle enters it. RGB is derived from HEX.' })
export class ColourSwatchInput {
  @Field({ description: 'Stable identifier, e.g. "bleu-doubs".' })
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by hyphens' })
  @MaxLength(60)
  slug: string;

  @Field(() => LocalizedTextInput, { description: 'Name in French, and optionally English and German.' })
  @ValidateNested()
  name: LocalizedTextInput;

  @Field({ description: 'HEX, "#rrggbb".' })
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'hex must be #rrggbb' })
  hex: string;

  @Field({ nullable: true, description: 'CMYK as "C/M/Y/K", each 0–100.' })
  @IsOptional()
  @Matches(/^(?:100|\d{1,2})\/(?:100|\d{1,2})\/(?:100|\d{1,2})\/(?:100|\d{1,2})$/, { message: 'cmyk must be C/M/Y/K with values from 0 to 100' })
  cmyk?: string;

  @Field({ nullable: true, description: 'Pantone reference, e.g. "7692 C".' })
  @IsOptional()
  @MaxLength(40)
  pantone?: string;

  @Field(() => Int, { nullable: true, description: 'Position in the palette.' })
  @IsOptional()
  @Min(0)
  @Max(1000)
  sortOrder?: number;
}

// ——— kit (pro-kit): the Pôle's side of the kit ———

@ObjectType({ description: 'One rendition a new master would produce, before it is published.' })
export class BrandRenditionPreview {
  @Field({ description: 'Rendition preset, e.g. "png-2048".' })
  preset: string;

  @Field({ description: 'File format: png, jpeg or webp.' })
  format: string;

  @Field(() => Int, { description: 'Width in pixels.' })
  width: number;

  @Field({ description: 'Whether it is a square favicon.' })
  square: boolean;

  @Field(() => String, { nullable: true, description: 'Background it is flattened on ("#ffffff" for JPEG), or null when transparent.' })
  background: string | null;

  @Field(() => Int, { description: 'Size of the file publication would store, in bytes.' })
  byteSize: number;

  @Field({ description: 'The rendition itself, through a link valid 15 minutes, for the Pôle only; never cached.' })
  url: string;
}

@ObjectType({ description: 'What publishing an upload as the next version of an asset would produce. Nothing is stored.' })
export class BrandVersionPreview {
  @Field({ description: 'The asset.' })
  assetSlug: string;

  @Field({ description: 'The upload previewed; publish it with publishBrandAssetVersion.' })
  uploadId: string;

  @Field(() => Int, { description: 'The version number it would get (if nobody publishes first).' })
  nextVersion: number;

  @Field({ description: 'Type of the master, from its bytes.' })
  mimeType: string;

  @Field(() => Int, { description: 'Size of the master as it would be stored (metadata removed), in bytes.' })
  byteSize: number;

  @Field(() => Float, { nullable: true, description: 'Intrinsic width (pixels, or the SVG viewBox); null for print masters.' })
  width: number | null;

  @Field(() => Float, { nullable: true, description: 'Intrinsic height.' })
  height: number | null;

  @Field(() => [BrandRenditionPreview], { description: 'Every rendition, in preset order; none for a print master (PDF, EPS).' })
  renditions: BrandRenditionPreview[];
}

@ObjectType({ description: 'A person who administers a partner organisation.' })
export class PartnerContactView {
  @Field({ description: 'Name.' })
  displayName: string;

  @Field({ description: 'E-mail address.' })
  email: string;
}

@ObjectType({ description: 'A partner registration, as the Pôle reviews it.' })
export class PartnerRequestView {
  @Field(() => ID, { description: 'The partner organisation; decide with decidePartner.' })
  organisationId: string;

  @Field({ description: 'Organisation name.' })
  name: string;

  @Field({ description: 'SIRET of the establishment.' })
  siret: string;

  @Field(() => PartnerTypeEnum, { description: 'Kind of partner.' })
  partnerType: string;

  @Field(() => String, { nullable: true, description: 'EPCI it belongs to, if any.' })
  epciName: string | null;

  @Field(() => String, { nullable: true, description: 'Website.' })
  website: string | null;

  @Field({ description: 'Asked to appear in the public partner directory (shown there once approved).' })
  listed: boolean;

  @Field(() => PartnerStatusEnum, { description: 'Where the registration stands.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'The reason given with a refusal.' })
  decisionReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When the Pôle last decided.' })
  decidedAt: Date | null;

  @Field({ description: 'When the partner registered.' })
  registeredAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the administrator confirmed their address; null: the request does not count yet and cannot be approved.' })
  emailVerifiedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Latest charter version it accepted.' })
  acceptedCharterVersion: number | null;

  @Field(() => [PartnerContactView], { description: 'Its administrators.' })
  contacts: PartnerContactView[];
}

@ObjectType({ description: 'The charter in force and how many partners are bound by it.' })
export class CharterStandingView {
  @Field(() => Int, { description: 'Version in force.' })
  version: number;

  @Field({ description: 'When it was published.' })
  publishedAt: Date;

  @Field(() => Int, { description: 'Partner organisations that accepted this version.' })
  acceptedCount: number;

  @Field(() => Int, { description: 'Approved partners that have not accepted it yet (their partner downloads wait until they do).' })
  approvedAwaitingCount: number;
}

export const LockupLayoutEnum = registerValuesEnum(LOCKUP_LAYOUTS, { name: 'LockupLayout', description: 'Arrangement of a co-branded lockup.', values: { HORIZONTAL: 'The partner logo beside the territory logo.', VERTICAL: 'The partner logo below the territory logo.' } });
export const LockupGroundEnum = registerValuesEnum(LOCKUP_GROUNDS, { name: 'LockupGround', description: 'The ground a lockup is made for.', values: { LIGHT: 'The colour territory logo, transparent, for light grounds.', DARK: 'The white territory logo on the slate ground, the partner logo on a white plate.' } });

@ObjectType({ description: 'One co-branded lockup of a partner: the territory logo and the partner logo, separated by a rule, with the charter’s clear space.' })
export class LockupView {
  @Field(() => LockupLayoutEnum, { description: 'Beside or below.' })
  layout: LockupLayout;

  @Field(() => LockupGroundEnum, { description: 'For light or dark grounds.' })
  ground: LockupGround;

  @Field({ description: 'png (2400 px wide), svg or pdf (print size, the territory logo 60 mm wide).' })
  format: string;

  @Field({ description: 'The name the file downloads under.' })
  fileName: string;

  @Field(() => Int, { description: 'The narrowest the lockup may be shown on screen, in pixels (the territory logo at its minimum).' })
  minimumWidthPx: number;

  @Field(() => Int, { description: 'The narrowest the lockup may be printed, in millimetres.' })
  minimumWidthMm: number;

  @Field({ description: 'The file, through a link valid 15 minutes for this partner only.' })
  url: string;
}

@ObjectType({ description: 'A partner’s own logo, from which its lockups are drawn.' })
export class PartnerLogoView {
  @Field(() => Int, { description: 'Counts replacements; in the lockups’ file names.' })
  version: number;

  @Field({ description: 'Type of the file given.' })
  mimeType: string;

  @Field(() => Int, { nullable: true, description: 'Intrinsic width.' })
  width: number | null;

  @Field(() => Int, { nullable: true, description: 'Intrinsic height.' })
  height: number | null;

  @Field({ description: 'When it was given.' })
  uploadedAt: Date;

  @Field(() => [LockupView], { description: 'Every lockup: two layouts, two grounds, three formats.' })
  lockups: LockupView[];
}
