import type { DataSource } from 'typeorm';
import type { JobDefinition } from '../jobs/job-definition';
import { createQueuedMailer } from '../mail/mail.jobs';
import type { DigestPart, MailMessage } from '../mail/templates';

/** How many titles of each kind a digest names (the counts are whole; the list is a reminder). */
export const DIGEST_TITLES = 5;
/** "Ending soon": the last date of an event falls within this many days. */
export const ENDING_SOON_DAYS = 14;

export interface FreshnessDigest {
  organisationId: string;
  organisationName: string;
  withoutImage: DigestPart;
  endingSoon: DigestPart;
  staleFor90Days: DigestPart;
  /** Duplicate candidates involving one of the office's events, waiting for the Pôle. */
  duplicatesWaiting: number;
}

/**
 * Each office's agenda health, in one statement for every office: its upcoming published
 * events without an image, ending within two weeks, or not updated for 90 days, and the
 * duplicate candidates of its events still open. Offices with nothing to report are left out.
 */
export async function freshnessDigests(dataSource: DataSource): Promise<FreshnessDigest[]> {
  const rows: Array<{
    organisation_id: string;
    organisation_name: string;
    without_image: string[] | null;
    ending_soon: string[] | null;
    stale: string[] | null;
    without_image_count: number;
    ending_soon_count: number;
    stale_count: number;
    duplicates: number;
  }> = await dataSource.query(
    `WITH upcoming AS (
       SELECT e.id, e.publisher_id, e.title->>'fr' AS title, e.image_media_id, e.updated_at,
              min(x.starts_at) FILTER (WHERE x.ends_at >= now()) AS next_start, max(x.starts_at) AS last_start
         FROM event e JOIN event_occurrence x ON x.event_id = e.id
        WHERE e.deleted_at IS NULL AND e.merged_into_id IS NULL AND e.moderation = 'PUBLISHED'
          AND e.publisher_id IN (SELECT id FROM organisation WHERE kind = 'TOURISM_OFFICE')
        GROUP BY e.id
       HAVING max(x.ends_at) >= now()
     ), duplicates AS (
       SELECT a.publisher_id, count(DISTINCT (d.event_id, d.other_event_id))::int AS n
         FROM event_duplicate d JOIN event a ON a.id = d.event_id OR a.id = d.other_event_id
         JOIN event b ON b.id = CASE WHEN a.id = d.event_id THEN d.other_event_id ELSE d.event_id END
        WHERE d.state = 'OPEN' AND a.deleted_at IS NULL AND b.deleted_at IS NULL
        GROUP BY a.publisher_id
     )
     SELECT o.id AS organisation_id, o.name AS organisation_name,
            (array_agg(u.title ORDER BY u.next_start, u.id) FILTER (WHERE u.image_media_id IS NULL))[1:${DIGEST_TITLES}] AS without_image,
            (array_agg(u.title ORDER BY u.last_start, u.id) FILTER (WHERE u.last_start < now() + interval '${ENDING_SOON_DAYS} days'))[1:${DIGEST_TITLES}] AS ending_soon,
            (array_agg(u.title ORDER BY u.updated_at, u.id) FILTER (WHERE u.updated_at < now() - interval '90 days'))[1:${DIGEST_TITLES}] AS stale,
            count(u.id) FILTER (WHERE u.image_media_id IS NULL)::int AS without_image_count,
            count(u.id) FILTER (WHERE u.last_start < now() + interval '${ENDING_SOON_DAYS} days')::int AS ending_soon_count,
            count(u.id) FILTER (WHERE u.updated_at < now() - interval '90 days')::int AS stale_count,
            coalesce(max(d.n), 0)::int AS duplicates
       FROM organisation o
       LEFT JOIN upcoming u ON u.publisher_id = o.id
       LEFT JOIN duplicates d ON d.publisher_id = o.id
      WHERE o.kind = 'TOURISM_OFFICE'
      GROUP BY o.id, o.name
      ORDER BY o.name, o.id`,
  );
  return rows
    .map((row) => ({
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      withoutImage: { count: row.without_image_count, titles: row.without_image ?? [] },
      endingSoon: { count: row.ending_soon_count, titles: row.ending_soon ?? [] },
      staleFor90Days: { count: row.stale_count, titles: row.stale ?? [] },
      duplicatesWaiting: row.duplicates,
    }))
    .filter((digest) => digest.withoutImage.count + digest.endingSoon.count + digest.staleFor90Days.count + digest.duplicatesWaiting > 0);
}

/**
 * The weekly digest, Monday 8:00 in Paris: one message to each person of each office with
 * something to look at. Every message is enqueued in one transaction, so a retried job never
 * sends a second copy of half the messages.
 */
export const digestJobs: JobDefinition[] = [
  {
    name: 'agenda.digest',
    policy: 'singleton',
    retryLimit: 2,
    retryDelaySeconds: 600,
    schedule: { cron: '0 8 * * 1' },
    async handle(_data, { dataSource, jobs, config, logger }) {
      const digests = await freshnessDigests(dataSource);
      if (!digests.length) return;
      const people: Array<{ email: string; organisation_id: string }> = await dataSource.query(`SELECT email, organisation_id FROM user_account WHERE organisation_id = ANY($1)`, [digests.map((digest) => digest.organisationId)]);
      const mailer = createQueuedMailer(jobs, config.jwtSecret);
      const link = `${config.publicSiteUrl}/pro/evenements`;
      let sent = 0;
      await dataSource.transaction(async (manager) => {
        for (const digest of digests) {
          const message: MailMessage = { kind: 'FRESHNESS_DIGEST', ...digest, link };
          for (const person of people.filter((candidate) => candidate.organisation_id === digest.organisationId)) {
            await mailer.send(person.email, message, 'fr', { manager });
            sent += 1;
          }
        }
      });
      logger.info({ offices: digests.length, messages: sent }, 'freshness digests enqueued');
    },
  },
];
