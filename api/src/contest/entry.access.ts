import { hasScope, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which contest entries, as SQL row filters over `contest_entry`. The public
 * services (gallery, map, results) read APPROVED entries only; participants reach only
 * their own rows, in the contest their session is for; another's entry looks missing.
 *
 * - An entrant reaches the entries they submitted.
 * - A juror reaches the entries assigned to them in an open round, and may declare a link
 *   with any entry of their contest.
 * - The Pôle (scope `moderation`) reaches every entry.
 */
export interface EntryAccess {
  public: RowFilter;
  own: RowFilter;
  assigned: RowFilter;
  inJurorContest: RowFilter;
  moderatable: RowFilter;
}

export interface EntryAccessOptions {
  /** The signed-in entrant (their id belongs to one contest). */
  entrantId?: string | null;
  /** The signed-in juror (likewise). */
  jurorId?: string | null;
  viewer?: Viewer | null;
}

export function entryAccess({ entrantId = null, jurorId = null, viewer = null }: EntryAccessOptions): EntryAccess {
  const jurorContest = (p: { add(value: unknown): string }) => `(SELECT j.contest_id FROM contest_juror j WHERE j.id = ${p.add(jurorId)})`;
  return {
    public: (e) => `${e}.state = 'APPROVED'`,
    own: entrantId ? (e, p) => `${e}.entrant_id = ${p.add(entrantId)}` : NO_ROWS,
    assigned: jurorId
      ? (e, p) =>
          `EXISTS (SELECT 1 FROM contest_jury_assignment a JOIN contest_jury_round r ON r.id = a.round_id
             WHERE a.entry_id = ${e}.id AND a.juror_id = ${p.add(jurorId)} AND r.closed_at IS NULL)`
      : NO_ROWS,
    inJurorContest: jurorId ? (e, p) => `${e}.contest_id = ${jurorContest(p)}` : NO_ROWS,
    moderatable: hasScope(viewer, 'moderation') ? () => 'true' : NO_ROWS,
  };
}
