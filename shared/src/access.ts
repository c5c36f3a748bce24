/**
 * The access model, shared so the website can show what a role may do.
 * People get scopes from their organisation's kind and their role; API keys get
 * an explicit subset of the scopes their organisation's kind allows.
 */
export const ORGANISATION_KINDS = ['POLE', 'TOURISM_OFFICE', 'PARTNER'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const USER_ROLES = ['ADMIN', 'EDITOR'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SCOPES = [
  /** Publish and maintain the organisation's own events. */
  'agenda:write',
  /** Download partner-level brand assets. */
  'brand:read',
  /** Manage brand assets and the charter (Pôle). */
  'brand:write',
  /** Moderate contest entries and events (Pôle). */
  'moderation',
  /** Manage the organisation's own users and API keys. */
  'organisation:manage',
  /** Create and manage every organisation (Pôle). */
  'platform:admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** Scopes an organisation of each kind may ever hold, whoever acts for it. */
export const SCOPES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Scope[]> = {
  POLE: SCOPES,
  TOURISM_OFFICE: ['agenda:write', 'brand:read', 'organisation:manage'],
  PARTNER: ['brand:read', 'organisation:manage'],
};

/** Scopes a person gets from their role, before the organisation-kind cap applies. */
export const SCOPES_BY_ROLE: Record<UserRole, readonly Scope[]> = {
  ADMIN: SCOPES,
  EDITOR: ['agenda:write', 'brand:read', 'brand:write', 'moderation'],
};

/** The scopes a person holds: their role's scopes within what their organisation's kind allows. */
export function scopesForUser(kind: OrganisationKind, role: UserRole): Scope[] {
  const allowed = new Set(SCOPES_BY_ORGANISATION_KIND[kind]);
  return SCOPES_BY_ROLE[role].filter((scope) => allowed.has(scope));
}

/** Scopes an API key may be issued with: machines never administer the platform or people. */
export function scopesAllowedForApiKey(kind: OrganisationKind): Scope[] {
  return SCOPES_BY_ORGANISATION_KIND[kind].filter(
    (scope) => scope !== 'platform:admin' && scope !== 'organisation:manage',
  );
}
