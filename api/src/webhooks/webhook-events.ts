import type { WebhookEventType } from '@nfc/shared';
import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../jobs/job-definition';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';
/** At most this many dates go in a payload (the next ones first); the site has the rest. */
export const PAYLOAD_DATES_MAX = 100;

/** What the agenda's write path needs to announce its changes. */
export interface WebhookAnnouncer {
  jobs: JobQueue;
  publicSiteUrl: string;
}

/** How an event looked to the public before a change: on the agenda or not, and its status. */
export interface PublicState {
  public: boolean;
  status: string;
}

/** On the public agenda: published, not deleted, not merged into another. */
export function publicStateOf(event: { moderation: string; deletedAt: Date | null; mergedIntoId: string | null; status: string }): PublicState {
  return { public: event.moderation === 'PUBLISHED' && !event.deletedAt && !event.mergedIntoId, status: event.status };
}

/**
 * The change as the public sees it: an event that appears is created, one that stays is updated
 * (or cancelled, when that is the change), one that leaves the public agenda (deleted, merged
 * away, sent back to review) is deleted. A change the public never saw is nothing.
 */
export function publicChange(before: PublicState | null, after: PublicState): WebhookEventType | null {
  const was = before?.public ?? false;
  if (!was && !after.public) return null;
  if (!was) return 'event.created';
  if (!after.public) return 'event.deleted';
  return after.status === 'CANCELLED' && before?.status !== 'CANCELLED' ? 'event.cancelled' : 'event.updated';
}

interface EventRow {
  id: string;
  slug: string;
  title: Record<string, string>;
  status: string;
  moderation: string;
  deleted_at: Date | null;
  merged_into_id: string | null;
  commune_insee: string;
  epci_siren: string;
  categories: string[];
  updated_at: Date;
  dates: Array<{ startsAt: string; endsAt: string }> | null;
}

/**
 * Called by the agenda's write path inside the event's own transaction, after the write: when
 * the change is one the public can see, one `webhook_delivery` row per matching enabled
 * subscription (one statement finds and writes them all) and one `webhook.deliver` job each,
 * sent through the same transaction: the event, its deliveries and their jobs commit together
 * or not at all. The payload is the event's public view, frozen at this commit.
 */
export async function announceEventChange(db: EntityManager, announcer: WebhookAnnouncer, eventId: string, before: PublicState | null): Promise<number> {
  const [row]: EventRow[] = await db.query(
    `SELECT e.id, e.slug, e.title, e.status, e.moderation, e.deleted_at, e.merged_into_id, e.commune_insee, c.epci_siren, e.categories, e.updated_at,
            (SELECT json_agg(json_build_object('startsAt', x.starts_at, 'endsAt', x.ends_at) ORDER BY x.starts_at, x.ends_at)
               FROM (SELECT starts_at, ends_at FROM event_occurrence WHERE event_id = e.id ORDER BY ends_at < now(), starts_at, ends_at LIMIT ${PAYLOAD_DATES_MAX}) x) AS dates
       FROM event e JOIN commune c ON c.insee_code = e.commune_insee
      WHERE e.id = $1`,
    [eventId],
  );
  if (!row) return 0;
  const type = publicChange(before, publicStateOf({ moderation: row.moderation, deletedAt: row.deleted_at, mergedIntoId: row.merged_into_id, status: row.status }));
  if (!type) return 0;
  const updatedAt = new Date(row.updated_at).toISOString();
  const data =
    type === 'event.deleted'
      ? { id: row.id, deleted: true, updatedAt }
      : {
          id: row.id,
          title: row.title,
          dates: row.dates ?? [],
          communeInsee: row.commune_insee,
          epciSiren: row.epci_siren,
          categories: row.categories,
          status: row.status,
          url: `${announcer.publicSiteUrl}/agenda/${encodeURIComponent(row.slug)}`,
          updatedAt,
        };
  const payload = { type, timestamp: new Date().toISOString(), data };
  const deliveries: Array<{ id: string }> = await db.query(
    `INSERT INTO webhook_delivery (subscription_id, event_type, event_id, payload)
     SELECT s.id, $1, $2, $3::jsonb
       FROM webhook_subscription s
      WHERE s.enabled AND $1 = ANY (s.event_types)
        AND (cardinality(s.epci_sirens) = 0 OR $4 = ANY (s.epci_sirens))
        AND (cardinality(s.categories) = 0 OR s.categories && $5::text[])
     RETURNING id`,
    [type, row.id, JSON.stringify(payload), row.epci_siren, row.categories],
  );
  // One statement for every subscriber's job: a write's cost does not grow with its subscribers.
  await announcer.jobs.sendMany(WEBHOOK_DELIVER_JOB, deliveries.map((delivery) => ({ deliveryId: delivery.id })), { manager: db });
  return deliveries.length;
}
