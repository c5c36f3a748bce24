import type { ContestDeps } from './contest-deps';
import { eraseEntrant, eraseEntries } from './entrant.service';

export interface RetentionPolicy {
  /** Entrants who never confirmed their address, after this many days. */
  unverifiedDays: number;
  /** Rejected entries (photo and text), after this many days. */
  rejectedDays: number;
  /** Voters' addresses, this many days after the results: the votes stay, anonymous. */
  voterDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { unverifiedDays: 7, rejectedDays: 30, voterDays: 30 };

export interface RetentionReport {
  unverifiedEntrants: number;
  rejectedEntries: number;
  votersAnonymised: number;
  codes: number;
}

/**
 * Keeps personal data no longer than needed (GDPR art. 5-1-e). Run on a schedule:
 * `npm run cli -- purge-contest-data` (see README).
 */
export async function applyRetention(deps: ContestDeps, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<RetentionReport> {
  const { dataSource } = deps;
  const unverified: Array<{ id: string }> = await dataSource.query(
    `SELECT id FROM contest_entrant WHERE email_verified_at IS NULL AND created_at < now() - make_interval(days => $1)`,
    [policy.unverifiedDays],
  );
  for (const { id } of unverified) await eraseEntrant(deps, id, 'SYSTEM');
  const rejected: Array<{ id: string }> = await dataSource.query(
    `SELECT id FROM contest_entry WHERE state = 'REJECTED' AND state_changed_at < now() - make_interval(days => $1)`,
    [policy.rejectedDays],
  );
  await eraseEntries(deps, rejected.map((row) => row.id), 'SYSTEM', 'Erased by the retention policy (rejected).');
  const [, votersAnonymised] = await dataSource.query(
    `UPDATE contest_voter v SET email_normalised = NULL FROM contest c
     WHERE c.id = v.contest_id AND v.email_normalised IS NOT NULL AND c.results_published_at < now() - make_interval(days => $1)`,
    [policy.voterDays],
  );
  const codes = await deps.codes.purgeExpired();
  return { unverifiedEntrants: unverified.length, rejectedEntries: rejected.length, votersAnonymised: Number(votersAnonymised ?? 0), codes };
}
