import type { DataSource, EntityManager } from 'typeorm';
import type { ContestPageName, EntryState, Language } from '@nfc/shared';
import type { AppConfig } from '../config';
import { notFound } from '../common/errors';
import { createRateLimits, type RateLimits } from '../common/rate-limits';
import type { Logger } from '../logger';
import { createMailer, type Mailer } from '../mail/mailer';
import type { MediaService } from '../media/media.service';
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

export interface CreateContestDepsOptions {
  config: AppConfig;
  dataSource: DataSource;
  media: MediaService;
  logger: Logger;
  /** The server's budgets; a command line gets its own. */
  rateLimits?: RateLimits;
  /** By default from SMTP_URL, or the .eml outbox. */
  mailer?: Mailer;
}

/** The one place the contest's dependencies are assembled, for the API server and the command line. */
export function createContestDeps({ config, dataSource, media, logger, rateLimits, mailer }: CreateContestDepsOptions): ContestDeps {
  return {
    dataSource,
    media,
    logger,
    mailer: mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir, logger, logSecrets: config.env !== 'production' }),
    codes: new OneTimeCodes(dataSource, config.jwtSecret),
    rateLimits: rateLimits ?? createRateLimits(config.rateLimit),
    secret: config.jwtSecret,
    publicApiUrl: config.publicApiUrl,
    publicSiteUrl: config.publicSiteUrl,
  };
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

/** A page of one edition on the website: e-mails link to their own edition, never to whichever is current. */
export function editionLink(siteUrl: string, language: Language, contest: Pick<Contest, 'slug'>, page: ContestPageName, query = ''): string {
  return siteLink(siteUrl, language, `/concours/${encodeURIComponent(contest.slug)}/${page}${query}`);
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
  { disqualification = false }: { disqualification?: boolean } = {},
): Promise<void> {
  // The entry's reason is what its entrant reads: a moderator's words only. Every reason stays in the transitions.
  await db.query(`UPDATE contest_entry SET state = $2, state_reason = $3, state_changed_at = now() WHERE id = $1`, [entry.id, to, actor.actor === 'MODERATOR' ? reason : null]);
  await db.query(`INSERT INTO contest_entry_transition (entry_id, from_state, to_state, actor, actor_user_id, reason, disqualification) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    entry.id,
    entry.state,
    to,
    actor.actor,
    actor.userId ?? null,
    reason,
    disqualification,
  ]);
  entry.state = to;
}
