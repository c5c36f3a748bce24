import type { MediaPurpose } from '@nfc/shared';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../common/errors';
import { SqlParams, type RowFilter } from '../common/sql-params';

/** A boolean SQL expression over `media_item` aliased `alias`: whose uploads may be attached. */
export type OwnerFilter = RowFilter;

/** The uploads made for an organisation; null (the operator) reaches every upload. */
export function organisationUploads(organisationId: string | null): OwnerFilter {
  return (m, p) => (organisationId ? `${m}.organisation_id = ${p.add(organisationId)}` : 'true');
}

/** A contest entrant's own uploads (entrants have no organisation). */
export function entrantUploads(entrantId: string): OwnerFilter {
  return (m, p) => `${m}.entrant_id = ${p.add(entrantId)}`;
}

/**
 * How an upload becomes part of a row, and who may then see it. Both run inside the
 * transaction that writes the row, so the row and its file's state commit together.
 */

export interface AttachOptions {
  uploadId: string;
  /** Purposes the row takes (an event: EVENT_IMAGE; an entry: PHOTO; a version: a master). */
  purposes: readonly MediaPurpose[];
  /** Whose uploads may be attached: a row filter over `media_item` (media.access.ts, or the entrant's own). */
  owner: OwnerFilter;
  /** The event being saved: an upload it already holds may be attached to it again. */
  heldByEventId?: string;
  /** The input field, for the error. */
  field?: string;
}

/**
 * Marks an upload as used, in the caller's transaction. Only a free upload (never attached)
 * of the right purpose and owner can be attached; one that another row already holds is
 * refused with BAD_USER_INPUT (reason UPLOAD_IN_USE), and nothing is deleted. The UPDATE takes
 * the row lock: of two transactions attaching the same upload, the second waits for the first,
 * then finds it attached.
 */
export async function attachUpload(db: EntityManager, { uploadId, purposes, owner, heldByEventId, field = 'uploadId' }: AttachOptions): Promise<void> {
  const params = new SqlParams([uploadId, [...purposes]]);
  const mine = owner('m', params);
  const heldBySelf = heldByEventId ? `EXISTS (SELECT 1 FROM event e WHERE e.id = ${params.add(heldByEventId)} AND e.image_media_id = m.id)` : 'false';
  const [rows] = await db.query(
    `UPDATE media_item m SET attached_at = coalesce(m.attached_at, now())
     WHERE m.id = $1 AND m.purpose = ANY($2::media_purpose[]) AND ((${mine} AND m.attached_at IS NULL) OR ${heldBySelf})
     RETURNING m.id`,
    params.values,
  );
  if ((rows as unknown[]).length) return;
  const check = new SqlParams([uploadId, [...purposes]]);
  const [existing] = await db.query(`SELECT m.attached_at FROM media_item m WHERE m.id = $1 AND m.purpose = ANY($2::media_purpose[]) AND ${owner('m', check)}`, check.values);
  if (!existing) throw notFound('Upload', uploadId);
  throw new AppError('BAD_USER_INPUT', 'This upload is already used elsewhere; upload the file again.', { reason: 'UPLOAD_IN_USE', fields: [{ field, message: 'Already used.' }] });
}

/**
 * The one rule for an event image's visibility: PUBLIC exactly while at least one event that
 * uses it is on the agenda (published, not deleted, not merged away), PRIVATE otherwise. A
 * cancelled event is still on the agenda, marked, so its image stays public. Call it after
 * any change to an event's state or image, with the events changed and any image they held
 * before (a replaced image must turn private). Variants are content-addressed: a variant
 * another public item shares stays served (`/media/...` looks for any public holder).
 */
export async function syncEventImageVisibility(db: EntityManager, { eventIds = [], mediaIds = [] }: { eventIds?: readonly string[]; mediaIds?: ReadonlyArray<string | null | undefined> }): Promise<void> {
  const extra = mediaIds.filter((id): id is string => Boolean(id));
  if (!eventIds.length && !extra.length) return;
  await db.query(
    `WITH target AS (
       SELECT image_media_id AS id FROM event WHERE id = ANY($1::uuid[]) AND image_media_id IS NOT NULL
       UNION SELECT unnest($2::uuid[]))
     UPDATE media_item m
     SET visibility = CASE WHEN EXISTS (
           SELECT 1 FROM event e WHERE e.image_media_id = m.id AND e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND e.merged_into_id IS NULL)
         THEN 'PUBLIC'::media_visibility ELSE 'PRIVATE'::media_visibility END
     FROM target
     WHERE m.id = target.id AND m.purpose = 'EVENT_IMAGE'`,
    [[...eventIds], extra],
  );
}
