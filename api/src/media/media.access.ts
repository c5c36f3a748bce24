import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which uploads, as SQL row filters over `media_item`. Public files are served by
 * their content address (`/media/<sha256>…`) only while public; these filters govern the
 * GraphQL side: reading an upload's record, attaching it to a row, deleting it.
 *
 * - An organisation reaches the uploads made for it; the Pôle's administrators reach all.
 * - Attaching takes the viewer's own organisation's uploads only (the operator: any).
 * - Deleting takes an upload in reach that no row holds (an event's image, a contest entry's
 *   photo or its people's release, a partner's logo): a file is never deleted from under the row that holds it.
 */
export interface MediaAccess {
  readable: RowFilter;
  attachable: RowFilter;
  deletable: RowFilter;
}

const notHeld: RowFilter = (m) =>
  `(NOT EXISTS (SELECT 1 FROM event e WHERE e.image_media_id = ${m}.id) AND NOT EXISTS (SELECT 1 FROM contest_entry c WHERE c.media_id = ${m}.id OR c.release_media_id = ${m}.id) AND NOT EXISTS (SELECT 1 FROM partner_logo l WHERE l.media_id = ${m}.id))`;

export function mediaAccess(viewer: Viewer | null): MediaAccess {
  if (!viewer) return { readable: NO_ROWS, attachable: NO_ROWS, deletable: NO_ROWS };
  if (viewer.kind === 'OPERATOR') {
    const every: RowFilter = () => 'true';
    return { readable: every, attachable: every, deletable: notHeld };
  }
  const organisationId = viewerOrganisationId(viewer)!;
  const own: RowFilter = (m, p) => `${m}.organisation_id = ${p.add(organisationId)}`;
  const readable: RowFilter = hasScope(viewer, 'platform:admin') ? () => 'true' : own;
  return {
    readable,
    attachable: own,
    deletable: (m, p) => `(${readable(m, p)} AND ${notHeld(m, p)})`,
  };
}
