import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which uploads, as SQL row filters over `media_item`. Public files are served by
 * their content address (`/media/<sha256>…`) only while public; these filters govern the
 * GraphQL side: reading an upload's record, attaching it to a row, deleting it.
 *
 * - An organisation reaches the uploads made for it; the Pôle's administrators reach all.
 * - Attaching takes the viewer's own organisation's uploads only (the operator: any).
 * - Deleting takes an upload in reach that nothing holds yet (an event, an entry, a version).
 */
export interface MediaAccess {
  readable: RowFilter;
  attachable: RowFilter;
  deletable: RowFilter;
}

export function mediaAccess(viewer: Viewer | null): MediaAccess {
  if (!viewer) return { readable: NO_ROWS, attachable: NO_ROWS, deletable: NO_ROWS };
  if (viewer.kind === 'OPERATOR') {
    const every: RowFilter = () => 'true';
    return { readable: every, attachable: every, deletable: (m) => `${m}.attached_at IS NULL` };
  }
  const organisationId = viewerOrganisationId(viewer)!;
  const own: RowFilter = (m, p) => `${m}.organisation_id = ${p.add(organisationId)}`;
  const readable: RowFilter = hasScope(viewer, 'platform:admin') ? () => 'true' : own;
  return {
    readable,
    attachable: own,
    deletable: (m, p) => `(${readable(m, p)} AND ${m}.attached_at IS NULL)`,
  };
}
