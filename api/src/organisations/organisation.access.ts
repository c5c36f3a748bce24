import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which organisations, as SQL row filters over `organisation` (and, through
 * `organisation_id`, over its people and API keys).
 *
 * - Anyone signed in reads their own organisation; the Pôle's administrators read all.
 * - Managing (people, keys, settings) needs `organisation:manage` on one's own organisation,
 *   or `platform:admin` for any. Out of reach looks like missing: NOT_FOUND.
 */
export interface OrganisationAccess {
  readable: RowFilter;
  manageable: RowFilter;
  /** The same rule for a row that belongs to an organisation (`user_account`, `api_key`). */
  manageableMember: RowFilter;
}

export function organisationAccess(viewer: Viewer | null): OrganisationAccess {
  if (viewer && (viewer.kind === 'OPERATOR' || hasScope(viewer, 'platform:admin'))) {
    const every: RowFilter = () => 'true';
    return { readable: every, manageable: every, manageableMember: every };
  }
  const organisationId = viewer ? viewerOrganisationId(viewer) : null;
  if (!organisationId) return { readable: NO_ROWS, manageable: NO_ROWS, manageableMember: NO_ROWS };
  const manager = hasScope(viewer, 'organisation:manage');
  return {
    readable: (o, p) => `${o}.id = ${p.add(organisationId)}`,
    manageable: manager ? (o, p) => `${o}.id = ${p.add(organisationId)}` : NO_ROWS,
    manageableMember: manager ? (row, p) => `${row}.organisation_id = ${p.add(organisationId)}` : NO_ROWS,
  };
}
