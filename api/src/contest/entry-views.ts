import type { EntryFlag, EntryState, ImageVariantFormat, LocalizedText } from '@nfc/shared';
import { variantUrl } from '../media/media.service';
import { signPreviewUrl } from './contest-access';
import type { ContestDeps } from './contest-deps';
import type { ContestEntry } from './contest.entities';

export interface PhotoImage {
  format: ImageVariantFormat;
  width: number;
  height: number;
  url: string;
}

/** What anyone allowed to see an entry sees: never the entrant, the file name or EXIF. */
export interface PhotoView {
  id: string;
  title: string | null;
  description: string | null;
  altText: string | null;
  category: { id: string; slug: string; label: LocalizedText };
  commune: { inseeCode: string; name: string };
  images: PhotoImage[];
}

export interface PrivilegedView extends PhotoView {
  state: EntryState;
  stateReason: string | null;
  creditLine: string | null;
  flags: EntryFlag[];
  gpsCommune: { inseeCode: string; name: string } | null;
  peoplePresent: boolean;
  peopleConsent: boolean;
  /** Whether a signed release of the people is attached (private: the file is for the moderators). */
  hasRelease: boolean;
  submittedAt: Date;
  nearDuplicateOfId: string | null;
}

/**
 * Builds the views of many entries in a fixed number of statements (categories, communes,
 * variants), whatever the page size. `audience` decides the image URLs: public ones only for
 * approved entries shown publicly, signed short-lived previews for the others.
 */
export async function buildEntryViews(deps: ContestDeps, entries: ContestEntry[], audience: 'PUBLIC' | 'PRIVATE'): Promise<PrivilegedView[]> {
  if (!entries.length) return [];
  const { dataSource } = deps;
  const categoryIds = [...new Set(entries.map((e) => e.categoryId))];
  const inseeCodes = [...new Set(entries.flatMap((e) => [e.communeInsee, e.gpsCommuneInsee]).filter((c): c is string => c !== null))];
  const mediaIds = entries.map((e) => e.mediaId).filter((id): id is string => id !== null);
  const [categories, communes, variants] = await Promise.all([
    dataSource.query(`SELECT id, slug, label FROM contest_category WHERE id = ANY($1)`, [categoryIds]) as Promise<Array<{ id: string; slug: string; label: LocalizedText }>>,
    dataSource.query(`SELECT insee_code, name FROM commune WHERE insee_code = ANY($1)`, [inseeCodes]) as Promise<Array<{ insee_code: string; name: string }>>,
    mediaIds.length ? deps.media.variantsOf(mediaIds) : Promise.resolve([]),
  ]);
  const communeName = new Map(communes.map((c) => [c.insee_code, c.name]));
  const communeOf = (code: string) => ({ inseeCode: code, name: communeName.get(code) ?? code });
  return entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    description: entry.description,
    altText: entry.altText,
    category: categories.find((c) => c.id === entry.categoryId)!,
    commune: communeOf(entry.communeInsee),
    images: variants
      .filter((v) => v.mediaId === entry.mediaId)
      .map((v) => ({
        format: v.format,
        width: v.width,
        height: v.height,
        url: audience === 'PUBLIC' && entry.state === 'APPROVED' ? variantUrl(deps.publicApiUrl, v) : signPreviewUrl(deps.publicApiUrl, v, deps.secret),
      })),
    state: entry.state,
    stateReason: entry.stateReason,
    creditLine: entry.creditLine,
    flags: entry.flags,
    gpsCommune: entry.gpsCommuneInsee ? communeOf(entry.gpsCommuneInsee) : null,
    peoplePresent: entry.peoplePresent,
    peopleConsent: entry.peopleConsent,
    hasRelease: entry.releaseMediaId !== null,
    submittedAt: entry.submittedAt,
    nearDuplicateOfId: entry.nearDuplicateOfId,
  }));
}
