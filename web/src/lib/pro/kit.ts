import { z } from 'astro/zod';
import { forgetCachedReads, queryAs } from '../api';

/** The Pôle's side of the kit (espace pro): what /pro/kit and /pro/partenaires read and send. */

const Asset = z.object({
  slug: z.string(),
  kind: z.string(),
  access: z.enum(['PUBLIC', 'PARTNER', 'INTERNAL']),
  name: z.string(),
  previewUrl: z.string().nullable(),
  latestVersion: z.object({ version: z.number(), mimeType: z.string(), byteSize: z.number(), publishedAt: z.string() }).nullable(),
});
export type ProAsset = z.infer<typeof Asset>;

const Swatch = z.object({
  slug: z.string(),
  name: z.string(),
  hex: z.string(),
  cmyk: z.string().nullable(),
  pantone: z.string().nullable(),
  sortOrder: z.number(),
  names: z.object({ fr: z.string(), en: z.string().nullable(), de: z.string().nullable() }),
  contrastOnWhite: z.number(),
  contrastOnBlack: z.number(),
  verdictOnWhite: z.string(),
  verdictOnBlack: z.string(),
});
export type ProSwatch = z.infer<typeof Swatch>;

const KitOverview = z.object({
  brandAssets: z.array(Asset),
  colourPalette: z.array(Swatch),
  brandCharter: z.object({ version: z.number(), text: z.string(), publishedAt: z.string() }).nullable(),
  brandCharterStanding: z.object({ version: z.number(), acceptedCount: z.number(), approvedAwaitingCount: z.number() }).nullable(),
});
export type KitOverviewData = z.infer<typeof KitOverview>;

/** Every asset with its current version, the palette and the charter's standing. */
export function getKitOverview(token: string, language: string) {
  return queryAs(
    token,
    KitOverview,
    `query ProKit($lang: Language) {
      brandAssets(lang: $lang) { slug kind access name previewUrl latestVersion { version mimeType byteSize publishedAt } }
      colourPalette(lang: $lang) { slug name hex cmyk pantone sortOrder names { fr en de } contrastOnWhite contrastOnBlack verdictOnWhite verdictOnBlack }
      brandCharter(lang: $lang) { version text publishedAt }
      brandCharterStanding { version acceptedCount approvedAwaitingCount }
    }`,
    { lang: language },
  );
}

const Preview = z.object({
  assetSlug: z.string(),
  uploadId: z.string(),
  nextVersion: z.number(),
  mimeType: z.string(),
  byteSize: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  renditions: z.array(z.object({ preset: z.string(), format: z.string(), width: z.number(), square: z.boolean(), background: z.string().nullable(), byteSize: z.number(), url: z.string() })),
});
export type VersionPreviewData = z.infer<typeof Preview>;

export function previewVersion(token: string, slug: string, uploadId: string) {
  return queryAs(token, z.object({ previewBrandAssetVersion: Preview }), `query($s: String!, $u: ID!) { previewBrandAssetVersion(slug: $s, uploadId: $u) { assetSlug uploadId nextVersion mimeType byteSize width height renditions { preset format width square background byteSize url } } }`, { s: slug, u: uploadId }).then(
    (d) => d.previewBrandAssetVersion,
  );
}

export async function publishVersion(token: string, slug: string, uploadId: string, note: string | null = null): Promise<number> {
  const data = await queryAs(token, z.object({ publishBrandAssetVersion: z.object({ version: z.number() }) }), `mutation($s: String!, $u: ID!, $n: String) { publishBrandAssetVersion(slug: $s, uploadId: $u, note: $n) { version } }`, { s: slug, u: uploadId, n: note });
  // The public kit page reads through the site's short cache: it shows the new version at once.
  forgetCachedReads();
  return data.publishBrandAssetVersion.version;
}

/** Cancels a preview: the upload is deleted (an unattached upload would otherwise wait for the sweeper). */
export function discardUpload(token: string, uploadId: string) {
  return queryAs(token, z.object({ deleteMedia: z.boolean() }), `mutation($id: ID!) { deleteMedia(id: $id) }`, { id: uploadId });
}

export interface SwatchInput {
  slug: string;
  name: { fr: string; en?: string; de?: string };
  hex: string;
  cmyk?: string;
  pantone?: string;
  sortOrder?: number;
}

export async function saveSwatch(token: string, input: SwatchInput) {
  await queryAs(token, z.object({ saveColourSwatch: z.array(z.object({ slug: z.string() })) }), `mutation($i: ColourSwatchInput!) { saveColourSwatch(input: $i) { slug } }`, { i: input });
  forgetCachedReads();
}

export async function publishCharter(token: string, text: { fr: string; en?: string; de?: string }): Promise<number> {
  const data = await queryAs(token, z.object({ publishBrandCharter: z.object({ version: z.number() }) }), `mutation($t: LocalizedTextInput!) { publishBrandCharter(text: $t) { version } }`, { t: text });
  forgetCachedReads();
  return data.publishBrandCharter.version;
}

export const PARTNER_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

const PartnerRequest = z.object({
  organisationId: z.string(),
  name: z.string(),
  siret: z.string(),
  emailVerifiedAt: z.string().nullable(),
  partnerType: z.string(),
  epciName: z.string().nullable(),
  website: z.string().nullable(),
  listed: z.boolean(),
  status: z.enum(PARTNER_STATUSES),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  registeredAt: z.string(),
  acceptedCharterVersion: z.number().nullable(),
  contacts: z.array(z.object({ displayName: z.string(), email: z.string() })),
});
export type PartnerRequestData = z.infer<typeof PartnerRequest>;

export function getPartnerRequests(token: string) {
  return queryAs(
    token,
    z.object({ partnerRequests: z.array(PartnerRequest), brandCharter: z.object({ version: z.number() }).nullable() }),
    `{ partnerRequests { organisationId name siret emailVerifiedAt partnerType epciName website listed status decisionReason decidedAt registeredAt acceptedCharterVersion contacts { displayName email } } brandCharter { version } }`,
  );
}

export async function decidePartner(token: string, organisationId: string, approve: boolean, reason: string | null) {
  const data = await queryAs(token, z.object({ decidePartner: z.string() }), `mutation($o: ID!, $a: Boolean!, $r: String) { decidePartner(organisationId: $o, approve: $a, reason: $r) }`, { o: organisationId, a: approve, r: reason });
  // The public directory lists approved partners who opted in.
  forgetCachedReads();
  return data.decidePartner;
}

/** Which purpose an upload of this file name takes: print masters (PDF, EPS) or images. */
export function masterPurpose(fileName: string): 'PRINT_MASTER' | 'BRAND_MASTER' {
  return /\.(pdf|eps|ps|ai)$/i.test(fileName) ? 'PRINT_MASTER' : 'BRAND_MASTER';
}

/**
 * The fields an API refusal names, as the form's own field names: "name.fr" → "nameFr",
 * "text.fr" → "textFr", "hex" → "hex". The pages show their own sentence for each.
 */
export function refusedFields(fields: ReadonlyArray<{ field: string }>): Set<string> {
  return new Set(
    fields.map(({ field }) => {
      const parts = field.split('.').filter((part) => part !== 'input');
      const last = parts.at(-1) ?? '';
      return parts.length > 1 && ['fr', 'en', 'de'].includes(last) ? `${parts.at(-2)}${last[0]!.toUpperCase()}${last.slice(1)}` : last;
    }),
  );
}

/** "12 mars 2026" in the page's language, Paris time. */
export function formatDate(language: string, iso: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : `${language}-FR`, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** "SVG", "PNG", "PDF"… from a MIME type. */
export function fileTypeLabel(mimeType: string): string {
  return (mimeType.split('/')[1] ?? mimeType).replace('svg+xml', 'svg').replace('postscript', 'eps').toUpperCase();
}
