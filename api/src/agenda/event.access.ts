import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which events, as SQL row filters over the `event` table. Every read and write
 * of the agenda composes one of these into its own statement (`… WHERE e.id = $1 AND
 * <editable>`), so a row out of reach is never loaded: it looks exactly like a missing one.
 *
 * - The public reads published events that are not deleted.
 * - An office's writers (`agenda:write`) also read its own events in every review state.
 * - The Pôle (scope `moderation`) reads everything that is not deleted.
 * - Editing needs `agenda:write` and the publishing office, or the Pôle.
 */
export interface EventAccess {
  /** Events the viewer may read (one by id, lists, image, duplicates). */
  readable: RowFilter;
  /** Events the viewer may change, cancel, delete or submit. */
  editable: RowFilter;
  /**
   * Events listed under "My events" (myEvents): the office's own in every review state and
   * status, never deleted ones; every office's for the Pôle. The same rows as `editable`.
   */
  mine: RowFilter;
  /** Events the viewer may publish, reject or merge (the Pôle). */
  moderatable: RowFilter;
  /** Another office's events the viewer may feature in its own agenda: published ones only. */
  featurable: RowFilter;
  /**
   * Rows of the change feed the viewer is shown. The public is shown what it was shown
   * before: events that were once public (their later deletion or unpublishing included).
   */
  changeFeed: RowFilter;
  /** Whether the viewer sees the content of this change-feed row, or only that it went away. */
  visibleInChanges: RowFilter;
  /**
   * Tombstones of merges the viewer may be pointed through: its office's own merged events, any
   * for the Pôle. Everyone else finds a merged id missing, like any deleted one.
   */
  mergedAway: RowFilter;
}

const PUBLISHED: RowFilter = (e) => `(${e}.moderation = 'PUBLISHED' AND ${e}.deleted_at IS NULL)`;
const NOT_DELETED: RowFilter = (e) => `${e}.deleted_at IS NULL`;
const EVERY_ROW: RowFilter = () => 'true';

export function eventAccess(viewer: Viewer | null): EventAccess {
  const organisationId = viewer ? viewerOrganisationId(viewer) : null;
  const moderator = hasScope(viewer, 'moderation');
  const writer = hasScope(viewer, 'agenda:write');
  const ownOrPublished: RowFilter = (e, p) => (writer && organisationId ? `(${PUBLISHED(e, p)} OR (${e}.deleted_at IS NULL AND ${e}.publisher_id = ${p.add(organisationId)}))` : PUBLISHED(e, p));
  const wasPublic: RowFilter = (e) => `${e}.first_published_at IS NOT NULL`;
  const editable: RowFilter = moderator ? NOT_DELETED : writer && organisationId ? (e, p) => `(${e}.deleted_at IS NULL AND ${e}.publisher_id = ${p.add(organisationId)})` : NO_ROWS;
  return {
    readable: moderator ? NOT_DELETED : ownOrPublished,
    editable,
    mine: editable,
    moderatable: moderator ? NOT_DELETED : NO_ROWS,
    featurable: writer && organisationId ? (e, p) => `(${PUBLISHED(e, p)} AND ${e}.merged_into_id IS NULL AND ${e}.publisher_id <> ${p.add(organisationId)})` : NO_ROWS,
    changeFeed: moderator ? EVERY_ROW : writer && organisationId ? (e, p) => `(${wasPublic(e, p)} OR ${e}.publisher_id = ${p.add(organisationId)})` : wasPublic,
    visibleInChanges: moderator ? NOT_DELETED : ownOrPublished,
    mergedAway: moderator ? (e) => `${e}.merged_into_id IS NOT NULL` : writer && organisationId ? (e, p) => `(${e}.merged_into_id IS NOT NULL AND ${e}.publisher_id = ${p.add(organisationId)})` : NO_ROWS,
  };
}
