import { SCOPES, type OrganisationKind, type Scope, type UserRole } from '@nfc/shared';

/** Who is calling, established once per request from the Authorization header. */
export type Viewer =
  /** `authTime`: when the person signed in with their password (seconds since the epoch). */
  | { kind: 'USER'; userId: string; organisationId: string; organisationKind: OrganisationKind; role: UserRole; scopes: Scope[]; authTime?: number }
  | { kind: 'API_KEY'; apiKeyId: string; organisationId: string; organisationKind: OrganisationKind; scopes: Scope[] }
  /** The operator at the command line (npm run cli): trusted, belongs to no organisation. */
  | { kind: 'OPERATOR'; scopes: Scope[] };

export const OPERATOR: Viewer = { kind: 'OPERATOR', scopes: [...SCOPES] };

export function hasScope(viewer: Viewer | null, scope: Scope): boolean {
  return viewer !== null && viewer.scopes.includes(scope);
}

/** The organisation the viewer acts for, or null for the operator. */
export function viewerOrganisationId(viewer: Viewer): string | null {
  return viewer.kind === 'OPERATOR' ? null : viewer.organisationId;
}
