import { OPERATOR, type Viewer } from '../auth/viewer';
import { assertUuid, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import type { ContestDeps } from './contest-deps';
import { entryAccess } from './entry.access';

export interface PeopleReleaseFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

const EXTENSION: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif' };

/**
 * The signed release attached to an entry, for the Pôle's moderators only (entry.access.ts,
 * `moderatable`). Anyone else, an entry without a release and an unknown entry all look the
 * same: NOT_FOUND. The bytes are those the intake kept; the type is the one it detected.
 */
export async function readPeopleRelease(deps: ContestDeps, viewer: Viewer | null, entryId: string): Promise<PeopleReleaseFile> {
  assertUuid(entryId, 'entryId');
  const params = new SqlParams([entryId]);
  const [row]: Array<{ release_media_id: string }> = await deps.dataSource.query(
    `SELECT e.release_media_id FROM contest_entry e WHERE e.id = $1 AND e.release_media_id IS NOT NULL AND ${entryAccess({ viewer }).moderatable('e', params)}`,
    params.values,
  );
  if (!row) throw notFound('Release', entryId);
  // The entry's filter above is the access decision; the file itself is read as the system.
  const { item, bytes } = await deps.media.readOriginal(row.release_media_id, OPERATOR);
  if (item.purpose !== 'PEOPLE_RELEASE') throw notFound('Release', entryId);
  return { filename: `autorisation-${entryId}.${EXTENSION[item.mimeType] ?? 'bin'}`, mimeType: item.mimeType, bytes };
}
