import { z } from 'astro/zod';
import type { Language } from '@nfc/shared';
import { ApiError, queryAs } from '../api';

export * from './form-problems';

const Session = z.object({ token: z.string() });

export async function requestPasswordReset(email: string, language: Language): Promise<void> {
  await queryAs(undefined, z.object({ requestPasswordReset: z.boolean() }), `mutation($e: String!, $l: Language) { requestPasswordReset(email: $e, language: $l) }`, { e: email, l: language });
}

export async function resetPassword(token: string, newPassword: string): Promise<string> {
  const data = await queryAs(undefined, z.object({ resetPassword: Session }), `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token } }`, { t: token, p: newPassword });
  return data.resetPassword.token;
}

export async function changePassword(sessionToken: string, currentPassword: string, newPassword: string): Promise<string> {
  const data = await queryAs(sessionToken, z.object({ changePassword: Session }), `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`, { c: currentPassword, n: newPassword });
  return data.changePassword.token;
}

const Role = z.enum(['ADMIN', 'EDITOR']);

const Preview = z.object({ organisationName: z.string(), email: z.string(), displayName: z.string(), role: Role, expiresAt: z.string() });
export type InvitationPreview = z.infer<typeof Preview>;

/** What an invitation link offers, or null when it no longer works. */
export async function invitationPreview(token: string): Promise<InvitationPreview | null> {
  if (!token) return null;
  try {
    const data = await queryAs(undefined, z.object({ invitationPreview: Preview }), `query($t: String!) { invitationPreview(token: $t) { organisationName email displayName role expiresAt } }`, { t: token });
    return data.invitationPreview;
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) return null;
    throw error;
  }
}

export async function acceptInvitation(token: string, displayName: string, password: string): Promise<string> {
  const data = await queryAs(undefined, z.object({ acceptInvitation: Session }), `mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(token: $t, displayName: $n, password: $p) { token } }`, { t: token, n: displayName, p: password });
  return data.acceptInvitation.token;
}

const Member = z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: Role, lastLoginAt: z.string().nullable() });
const PendingInvitation = z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: Role, expiresAt: z.string() });
const OrganisationRow = z.object({ id: z.string(), name: z.string(), kind: z.enum(['POLE', 'TOURISM_OFFICE', 'PARTNER']) });
export type Member = z.infer<typeof Member>;
export type PendingInvitation = z.infer<typeof PendingInvitation>;
export type OrganisationRow = z.infer<typeof OrganisationRow>;

/** The team page's data: the people and pending invitations of one organisation, and those in reach. */
export async function teamData(sessionToken: string, organisationId: string) {
  return queryAs(
    sessionToken,
    z.object({ members: z.array(Member), invitations: z.array(PendingInvitation), organisations: z.array(OrganisationRow) }),
    `query($o: ID) { members(organisationId: $o) { id email displayName role lastLoginAt } invitations(organisationId: $o) { id email displayName role expiresAt } organisations { id name kind } }`,
    { o: organisationId },
  );
}

export function inviteUser(sessionToken: string, input: { email: string; displayName: string; role: 'ADMIN' | 'EDITOR'; organisationId: string }, language: Language) {
  return queryAs(sessionToken, z.object({ inviteUser: z.object({ id: z.string() }) }), `mutation($i: InviteUserInput!, $l: Language) { inviteUser(input: $i, language: $l) { id } }`, { i: input, l: language });
}

export function revokeInvitation(sessionToken: string, id: string) {
  return queryAs(sessionToken, z.object({ revokeInvitation: z.object({ id: z.string() }) }), `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, { id });
}

export function setUserRole(sessionToken: string, id: string, role: 'ADMIN' | 'EDITOR') {
  return queryAs(sessionToken, z.object({ setUserRole: z.object({ id: z.string() }) }), `mutation($id: ID!, $r: UserRole!) { setUserRole(id: $id, role: $r) { id } }`, { id, r: role });
}

export function removeUser(sessionToken: string, id: string) {
  return queryAs(sessionToken, z.object({ removeUser: z.object({ id: z.string() }) }), `mutation($id: ID!) { removeUser(id: $id) { id } }`, { id });
}

const ApiKeyRow = z.object({ id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
export type ApiKeyRow = z.infer<typeof ApiKeyRow>;

export async function apiKeys(sessionToken: string): Promise<ApiKeyRow[]> {
  return (await queryAs(sessionToken, z.object({ apiKeys: z.array(ApiKeyRow) }), `{ apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt } }`)).apiKeys;
}

export async function issueApiKey(sessionToken: string, name: string, scopes: string[]): Promise<{ key: string; name: string }> {
  const data = await queryAs(sessionToken, z.object({ issueApiKey: z.object({ key: z.string(), apiKey: z.object({ name: z.string() }) }) }), `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key apiKey { name } } }`, { i: { name, scopes } });
  return { key: data.issueApiKey.key, name: data.issueApiKey.apiKey.name };
}

export function revokeApiKey(sessionToken: string, id: string) {
  return queryAs(sessionToken, z.object({ revokeApiKey: z.object({ id: z.string() }) }), `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id });
}

/** A date and time in Paris, as people of the page's language write it. */
export function formatDateTime(language: Language, iso: string): string {
  const locale = language === 'en' ? 'en-GB' : `${language}-FR`;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** A redirect after a successful post (POST, then 303, so a reload never posts again). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}
