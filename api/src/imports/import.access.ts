import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which import sources (and their runs), as a row filter over `import_source`: the
 * members and keys of the organisation that registered it, with `agenda:write`; the operator, all.
 * Another office's source, the Pôle's included, looks missing.
 */
export function importAccess(viewer: Viewer | null): { manageable: RowFilter } {
  if (!viewer) return { manageable: NO_ROWS };
  if (viewer.kind === 'OPERATOR') return { manageable: () => 'true' };
  if (!hasScope(viewer, 'agenda:write')) return { manageable: NO_ROWS };
  const organisationId = viewerOrganisationId(viewer)!;
  return { manageable: (s, p) => `${s}.organisation_id = ${p.add(organisationId)}` };
}
