import { CONTEST_WINDOWS, type ContestPageName, type ContestWindow } from '@nfc/shared';
import { z } from 'astro/zod';
import type { AstroCookies } from 'astro';
import { API_URL, ApiError, getMapData, query, queryAs } from './api';
import { visitorHeaders } from './visitor';
import { languageFromParam, localizedPath, type Language } from '../i18n/i18n';
import { contestText, type ContestKey } from '../i18n/contest';

/** The contest sessions (entrant, voter, juror) each live in their own httpOnly cookie. */
export type ContestRole = 'entrant' | 'voter' | 'juror';

export function readContestSession(cookies: AstroCookies, role: ContestRole): string | undefined {
  return cookies.get(`nfc_contest_${role}`)?.value || undefined;
}

export function writeContestSession(cookies: AstroCookies, role: ContestRole, token: string): void {
  cookies.set(`nfc_contest_${role}`, token, { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production', path: '/', maxAge: role === 'voter' ? 24 * 3600 : 7 * 24 * 3600 });
}

export function clearContestSession(cookies: AstroCookies, role: ContestRole): void {
  cookies.delete(`nfc_contest_${role}`, { path: '/' });
}

const Category = z.object({ id: z.string(), slug: z.string(), label: z.string() });
const Image = z.object({ format: z.enum(['avif', 'webp', 'jpeg']), width: z.number(), height: z.number(), url: z.string() });
const Photo = { id: z.string(), title: z.string().nullable(), description: z.string().nullable(), altText: z.string().nullable(), category: Category, commune: z.object({ inseeCode: z.string(), name: z.string() }), images: z.array(Image) };
/** A contest photo as jurors and moderators see it. */
export const ContestPhotoSchema = z.object(Photo);
const PHOTO_FIELDS = `id title description altText category { id slug label } commune { inseeCode name } images { format width height url }`;

export const GalleryEntry = z.object({ ...Photo, creditLine: z.string().nullable(), licence: z.string(), votes: z.number().nullable() });
export type GalleryEntryData = z.infer<typeof GalleryEntry>;
const GALLERY_FIELDS = `${PHOTO_FIELDS} creditLine licence votes`;

const Contest = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  phase: z.enum(['UPCOMING', 'SUBMISSION', 'JUDGING', 'VOTE', 'DELIBERATION', 'RESULTS']),
  ...(Object.fromEntries(CONTEST_WINDOWS.map((name) => [name, z.string()])) as Record<ContestWindow, z.ZodString>),
  minMegapixels: z.number(),
  maxEntriesTotal: z.number().nullable(),
  licence: z.object({ uses: z.array(z.string()), years: z.number() }),
  juryWeight: z.number().nullable(),
  rules: z.object({ version: z.number(), body: z.string() }),
  categories: z.array(Category),
});
export type ContestData = z.infer<typeof Contest>;
const CONTEST_FIELDS = `id slug title summary phase ${CONTEST_WINDOWS.join(' ')} minMegapixels maxEntriesTotal licence { uses years } juryWeight rules { version body } categories { id slug label }`;

/** The edition /concours shows: the running one, else the next to open, else the latest (the API decides). */
export async function currentContest(language: string): Promise<ContestData | null> {
  return (await query(z.object({ currentContest: Contest.nullable() }), `query($language: Language) { currentContest(language: $language) { ${CONTEST_FIELDS} } }`, { language }, 5_000)).currentContest;
}

/** One edition by its slug; null when there is none. */
export async function contestEdition(slug: string, language: string): Promise<ContestData | null> {
  try {
    return (await query(z.object({ contest: Contest }), `query($slug: String!, $language: Language) { contest(slug: $slug, language: $language) { ${CONTEST_FIELDS} } }`, { slug, language }, 5_000)).contest;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

const Edition = z.object({ slug: z.string(), title: z.string(), phase: Contest.shape.phase, submissionOpensAt: z.string() });
export type EditionData = z.infer<typeof Edition>;

/** Every edition, newest first, for the links between them. */
export async function contestEditions(language: string): Promise<EditionData[]> {
  return (await query(z.object({ contests: z.array(Edition) }), `query($language: Language) { contests(language: $language) { slug title phase submissionOpensAt } }`, { language }, 5_000)).contests;
}

/** A page of one edition, in the page's language: /concours/<slug>[/<page>]. */
export function editionPath(language: Language, slug: string, page?: ContestPageName): string {
  return localizedPath(language, `/concours/${encodeURIComponent(slug)}${page ? `/${page}` : ''}`);
}

export async function getGallery(slug: string, language: string, category?: string, where: { epci?: string; first?: number; after?: string } = {}) {
  return (
    await query(
      z.object({ contestGallery: z.object({ entries: z.array(GalleryEntry), endCursor: z.string().nullable(), hasNextPage: z.boolean() }) }),
      `query($slug: String!, $language: Language, $category: ID, $epci: String, $first: Int!, $after: String) { contestGallery(contest: $slug, language: $language, category: $category, epci: $epci, first: $first, after: $after) { entries { ${GALLERY_FIELDS} } endCursor hasNextPage } }`,
      { slug, language, category: category || null, epci: where.epci ?? null, first: where.first ?? 48, after: where.after ?? null },
      5_000,
    )
  ).contestGallery;
}

export async function getContestMap(slug: string) {
  return (await query(z.object({ contestMap: z.array(z.object({ inseeCode: z.string(), name: z.string(), epciSiren: z.string(), entries: z.number() })) }), `query($slug: String!) { contestMap(contest: $slug) { inseeCode name epciSiren entries } }`, { slug }, 5_000)).contestMap;
}

export async function getResults(slug: string, language: string) {
  const Award = z.object({ kind: z.enum(['JURY', 'PUBLIC', 'COMBINED']), rank: z.number(), score: z.number(), withdrawn: z.boolean(), category: Category, entry: GalleryEntry.nullable() });
  return (
    await query(
      z.object({ contestResults: z.object({ publishedAt: z.string(), votesCounted: z.number(), votesVoided: z.array(z.object({ reason: z.string(), count: z.number() })), awards: z.array(Award) }).nullable() }),
      `query($slug: String!, $language: Language) { contestResults(contest: $slug, language: $language) { publishedAt votesCounted votesVoided { reason count } awards { kind rank score withdrawn category { id slug label } entry { ${GALLERY_FIELDS} } } } }`,
      { slug, language },
      5_000,
    )
  ).contestResults;
}

const CodeSent = z.object({ sentTo: z.string(), expiresAt: z.string() });

export async function registerEntrant(slug: string, input: Record<string, unknown>) {
  return (await queryAs(undefined, z.object({ registerEntrant: CodeSent }), `mutation($slug: String!, $input: RegisterEntrantInput!) { registerEntrant(contest: $slug, input: $input) { sentTo expiresAt } }`, { slug, input })).registerEntrant;
}

export async function requestCode(kind: 'Entrant' | 'Voter' | 'Juror', slug: string, email: string, language: string) {
  const field = `request${kind}Code`;
  const args = kind === 'Voter' ? 'contest: $slug, email: $email, language: $language' : 'contest: $slug, email: $email';
  const vars = kind === 'Voter' ? '$slug: String!, $email: String!, $language: Language' : '$slug: String!, $email: String!';
  const data = await queryAs(undefined, z.record(z.string(), CodeSent), `mutation(${vars}) { ${field}(${args}) { sentTo expiresAt } }`, kind === 'Voter' ? { slug, email, language } : { slug, email });
  return data[field]!;
}

export async function verify(kind: 'Entrant' | 'Voter' | 'Juror', slug: string, email: string, code: string): Promise<string> {
  const field = `verify${kind}`;
  const data = await queryAs(undefined, z.record(z.string(), z.object({ token: z.string() })), `mutation($slug: String!, $email: String!, $code: String!) { ${field}(contest: $slug, email: $email, code: $code) { token } }`, { slug, email, code });
  return data[field]!.token;
}

const MyEntry = z.object({ ...Photo, state: z.string(), stateReason: z.string().nullable(), submittedAt: z.string(), peoplePresent: z.boolean(), peopleConsent: z.boolean(), hasRelease: z.boolean() });
export async function getMyEntries(token: string, language: string) {
  return (
    await queryAs(
      token,
      z.object({ myContestEntries: z.object({ fullName: z.string(), email: z.string(), guardianConsentPending: z.boolean(), guardianEmailMasked: z.string().nullable(), rulesVersion: z.number(), currentRulesVersion: z.number(), creditLine: z.string(), entries: z.array(MyEntry) }) }),
      `query($language: Language) { myContestEntries(language: $language) { fullName email guardianConsentPending guardianEmailMasked rulesVersion currentRulesVersion creditLine entries { ${PHOTO_FIELDS} state stateReason submittedAt peoplePresent peopleConsent hasRelease } } }`,
      { language },
    )
  ).myContestEntries;
}

/** The entry's details from a submitted form (a new entry or a correction). */
export function entryInputFrom(values: Record<string, string>) {
  return {
    categoryId: values.categoryId,
    title: values.title ?? '',
    description: values.description || null,
    altText: values.altText ?? '',
    communeInsee: values.communeInsee ?? '',
    peoplePresent: values.peoplePresent === 'on',
    peopleConsent: values.peopleConsent === 'on',
  };
}

/**
 * Sends a file the entrant's form carried (a photo without JavaScript, a people release) to
 * the API's one upload route, with the entrant's session; a refusal becomes an ApiError on
 * the form's `field`, with the API's stable reason. Returns the upload id, or null for no file.
 */
export async function uploadEntrantFile(token: string, file: FormDataEntryValue | null, purpose: 'PHOTO' | 'PEOPLE_RELEASE', field: string): Promise<string | null> {
  if (!(file instanceof File) || file.size === 0) return null;
  const body = new FormData();
  body.append('file', file, purpose === 'PHOTO' ? 'photo' : 'release');
  const response = await fetch(`${API_URL}/uploads?purpose=${purpose}`, { method: 'POST', headers: { ...visitorHeaders(), authorization: `Bearer ${token}` }, body }).catch(() => null);
  if (!response) throw new ApiError('The service is unavailable.', 'SERVICE_UNAVAILABLE', [{ field, message: '' }]);
  // CASE: a proxy in front may answer in HTML (413, 502): the status then says what happened.
  const json = (await response.json().catch(() => ({}))) as { id?: string; errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }> };
  if (!json.id) throw new ApiError(json.errors?.[0]?.message ?? 'Upload failed.', json.errors?.[0]?.extensions?.code ?? 'BAD_USER_INPUT', [{ field, message: json.errors?.[0]?.message ?? '' }], undefined, json.errors?.[0]?.extensions?.reason ?? (response.status === 413 ? 'FILE_TOO_LARGE' : undefined));
  return json.id;
}

/** The 197 communes, by name, for the commune pickers. */
export async function communeChoices(): Promise<Array<{ inseeCode: string; name: string }>> {
  return (await getMapData()).epcis
    .flatMap((epci) => epci.communes.map((commune) => ({ inseeCode: commune.inseeCode, name: commune.name })))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function submitEntry(token: string, uploadId: string, input: Record<string, unknown>) {
  return (await queryAs(token, z.object({ submitEntry: z.object({ id: z.string(), title: z.string().nullable(), state: z.string() }) }), `mutation($uploadId: ID!, $input: EntryInput!) { submitEntry(uploadId: $uploadId, input: $input) { id title state } }`, { uploadId, input })).submitEntry;
}

/** A contest query or mutation in a session (never cached). */
export function contestMutation<T>(token: string | undefined, schema: z.ZodType<T>, document: string, variables: Record<string, unknown>): Promise<T> {
  return queryAs(token, schema, document, variables);
}

export const ModerationEntry = z.object({
  ...Photo,
  state: z.string(),
  creditLine: z.string().nullable(),
  flags: z.array(z.string()),
  gpsCommune: z.object({ inseeCode: z.string(), name: z.string() }).nullable(),
  peoplePresent: z.boolean(),
  peopleConsent: z.boolean(),
  hasRelease: z.boolean(),
  nearDuplicateOf: z.object(Photo).nullable(),
});
export const MODERATION_FIELDS = `${PHOTO_FIELDS} state creditLine flags gpsCommune { inseeCode name } peoplePresent peopleConsent hasRelease nearDuplicateOf { ${PHOTO_FIELDS} }`;
export { PHOTO_FIELDS, GALLERY_FIELDS };

export interface ContestPage {
  language: Language;
  /** The page's texts in its language. */
  c: (key: ContestKey, values?: Record<string, string | number>) => string;
  contest: ContestData;
}

/** What every contest page starts from: its language and its edition (the current one without a slug); null means 404. */
export async function contestPage(langParam: string | undefined, edition?: string): Promise<ContestPage | null> {
  const language = languageFromParam(langParam);
  if (!language) return null;
  const contest = edition === undefined ? await currentContest(language) : await contestEdition(edition, language);
  if (!contest) return null;
  return { language, contest, c: (key, values) => contestText(language, key, values) };
}

/**
 * The two steps of signing in by emailed code, shared by entrants, voters and jurors:
 * `action=code` sends a code and returns the URL of the code step; `action=verify` spends it,
 * keeps the session in its cookie and returns the page's URL. Null for other actions.
 */
export async function signInWithCode(
  values: Record<string, string>,
  options: { kind: 'Entrant' | 'Voter' | 'Juror'; role: ContestRole; slug: string; language: Language; cookies: AstroCookies; path: string },
): Promise<string | null> {
  const here = localizedPath(options.language, options.path);
  if (values.action === 'code') {
    await requestCode(options.kind, options.slug, values.email ?? '', options.language);
    return `${here}?etape=code&email=${encodeURIComponent(values.email ?? '')}`;
  }
  if (values.action === 'verify') {
    writeContestSession(options.cookies, options.role, await verify(options.kind, options.slug, values.email ?? '', values.code ?? ''));
    return here;
  }
  return null;
}

