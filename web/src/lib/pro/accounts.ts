import { z } from 'astro/zod';
import type { Language } from '@nfc/shared';
import { accountsText, type AccountsKey } from '../../i18n/pro-accounts';
import { ApiError, queryAs } from '../api';

/** The minimum the API asks of a password (auth/password.ts). */
export const MIN_PASSWORD_LENGTH = 12;

/** One error of a form: the field's id (also its input's id), its label and the message. */
export interface FieldProblem {
  field: string;
  label: string;
  message: string;
}

/** The errors of a form, collected all at once, in the order of its fields. */
export class FormProblems {
  readonly list: FieldProblem[] = [];

  constructor(
    private readonly language: Language,
    private readonly labels: Record<string, string>,
  ) {}

  add(field: string, key: AccountsKey): void {
    if (this.of(field)) return;
    this.list.push({ field, label: this.labels[field] ?? field, message: accountsText(this.language, key) });
  }

  of(field: string): string | undefined {
    return this.list.find((problem) => problem.field === field)?.message;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** Sorted as the form lists its fields. */
  sorted(): FieldProblem[] {
    const order = Object.keys(this.labels);
    return [...this.list].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  }
}

export function requireText(problems: FormProblems, field: string, value: string, max = 120): void {
  if (!value.trim()) problems.add(field, 'field.required');
  else if (value.trim().length > max) problems.add(field, 'field.tooLong');
}

export function checkEmail(problems: FormProblems, field: string, value: string): void {
  if (!value.trim()) problems.add(field, 'field.required');
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) || value.length > 254) problems.add(field, 'field.email');
}

/** A new password and its confirmation. */
export function checkNewPassword(problems: FormProblems, field: string, confirmField: string, password: string, confirmation: string): void {
  if (!password) problems.add(field, 'field.required');
  else if (password.length < MIN_PASSWORD_LENGTH) problems.add(field, 'field.passwordShort');
  else if (password.length > 256) problems.add(field, 'field.passwordLong');
  if (!confirmation) problems.add(confirmField, 'field.required');
  else if (password && confirmation !== password) problems.add(confirmField, 'field.confirmMismatch');
}

/** A string field of a posted form. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

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
