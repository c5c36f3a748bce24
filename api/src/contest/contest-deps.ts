import type { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@nfc/shared';
import type { RateLimits } from '../common/rate-limits';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import type { MediaService } from '../media/media.service';
import type { EntryState } from '@nfc/shared';
import { notFound } from '../common/errors';
import { Contest } from './contest.entities';
import { OneTimeCodes } from './one-time-codes';

/** What every contest service needs, built once by the composition root. */
export interface ContestDeps {
  dataSource: DataSource;
  media: MediaService;
  mailer: Mailer;
  codes: OneTimeCodes;
  rateLimits: RateLimits;
  logger: Logger;
  secret: string;
  publicApiUrl: string;
  publicSiteUrl: string;
}

/** Where a contest stands at `now`, from its windows. */
export type ContestPhase = 'UPCOMING' | 'SUBMISSION' | 'JUDGING' | 'VOTE' | 'DELIBERATION' | 'RESULTS';

export function phaseOf(contest: Contest, now = new Date()): ContestPhase {
  if (contest.resultsPublishedAt) return 'RESULTS';
  if (now < contest.submissionOpensAt) return 'UPCOMING';
  if (now < contest.submissionClosesAt) return 'SUBMISSION';
  if (now < contest.voteOpensAt) return 'JUDGING';
  if (now < contest.voteClosesAt) return 'VOTE';
  return 'DELIBERATION';
}

/** A link to a page of the site in the reader's language (French has no prefix). */
export function siteLink(siteUrl: string, language: Language, path: string): string {
  return `${siteUrl}${language === 'fr' ? '' : `/${language}`}${path}`;
}

export async function findContest(db: DataSource | EntityManager, key: { id?: string; slug?: string }): Promise<Contest> {
  const contest = await db.getRepository(Contest).findOne({ where: key.id ? { id: key.id } : { slug: key.slug ?? '' } });
  if (!contest) throw notFound('Contest', key.id ?? key.slug ?? '');
  return contest;
}

/** Writes one logged transition of an entry's state. */
export async function recordTransition(
  db: EntityManager,
  entry: { id: string; state: EntryState },
  to: EntryState,
  actor: { actor: 'ENTRANT' | 'GUARDIAN' | 'SYSTEM' | 'MODERATOR'; userId?: string | null },
  reason: string | null = null,
): Promise<void> {
  await db.query(`UPDATE contest_entry SET state = $2, state_reason = $3, state_changed_at = now() WHERE id = $1`, [entry.id, to, reason]);
  await db.query(`INSERT INTO contest_entry_transition (entry_id, from_state, to_state, actor, actor_user_id, reason) VALUES ($1, $2, $3, $4, $5, $6)`, [
    entry.id,
    entry.state,
    to,
    actor.actor,
    actor.userId ?? null,
    reason,
  ]);
  entry.state = to;
}
