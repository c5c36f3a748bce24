import { EVENT_CATEGORY_IDS, WEBHOOK_LIMITS, WEBHOOK_PING_TYPE } from '@nfc/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { assertUuid, badUserInput, conflict, forbidden, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import type { JobQueue } from '../jobs/job-definition';
import { seal } from '../jobs/sealed-data';
import type { Logger } from '../logger';
import { attemptDelivery } from './webhook-delivery';
import { WEBHOOK_DELIVER_JOB } from './webhook-events';
import { newWebhookSecret } from './webhook-signature';
import type { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveryView, WebhookSubscriptionView, WebhookWithSecret } from './webhook.types';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url';
import { webhookAccess, type WebhookAccess } from './webhook.access';

/** After a rotation, the previous secret signs too for this long. */
export const ROTATION_GRACE_HOURS = 24;
/** Deliveries listed with each subscription. */
export const RECENT_DELIVERIES = 20;

export interface WebhookServiceOptions {
  dataSource: DataSource;
  viewer: Viewer;
  jobs: JobQueue;
  logger: Logger;
  /** Seals the signing secrets (the token secret every process shares). */
  secret: string;
  policy: WebhookUrlPolicy;
  publicSiteUrl: string;
}

interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string[];
  epci_sirens: string[];
  categories: string[];
  enabled: boolean;
  disabled_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
}

/**
 * An organisation's webhook subscriptions (organisation:manage on one's own organisation).
 * Every statement carries the access module's row filter: another organisation's
 * subscription, its deliveries and its pings all answer NOT_FOUND.
 */
export class WebhookService {
  private readonly access: WebhookAccess;

  constructor(private readonly options: WebhookServiceOptions) {
    this.access = webhookAccess(options.viewer);
  }

  /** The viewer's subscriptions, oldest first, each with its latest deliveries: two statements. */
  async list(): Promise<WebhookSubscriptionView[]> {
    const params = new SqlParams();
    const rows: SubscriptionRow[] = await this.options.dataSource.query(`SELECT s.* FROM webhook_subscription s WHERE ${this.access.manageable('s', params)} ORDER BY s.created_at, s.id`, params.values);
    return this.views(rows);
  }

  private async views(rows: SubscriptionRow[], db: EntityManager | DataSource = this.options.dataSource): Promise<WebhookSubscriptionView[]> {
    if (!rows.length) return [];
    const deliveries = await this.deliveries(db, `d.subscription_id = ANY($1::uuid[])`, [rows.map((row) => row.id)], RECENT_DELIVERIES);
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      events: row.event_types,
      epciSirens: row.epci_sirens,
      categories: row.categories,
      enabled: row.enabled,
      disabledAt: row.disabled_at,
      consecutiveFailures: row.consecutive_failures,
      createdAt: row.created_at,
      recentDeliveries: deliveries.filter((delivery) => delivery.subscriptionId === row.id).map(({ subscriptionId: _omit, ...delivery }) => delivery),
    }));
  }

  /** Deliveries matching `where` (the latest `perSubscription` of each subscription), with their attempts, in one statement. */
  private async deliveries(db: EntityManager | DataSource, where: string, values: unknown[], perSubscription: number): Promise<Array<WebhookDeliveryView & { subscriptionId: string }>> {
    const rows: Array<{ id: string; subscription_id: string; event_type: string; event_id: string | null; state: string; attempts: number; created_at: Date; payload: { type: string; timestamp: string; data: unknown }; attempt_log: Array<Record<string, unknown>> }> = await db.query(
      `SELECT d.id, d.subscription_id, d.event_type, d.event_id, d.state, d.attempts, d.created_at, d.payload,
              coalesce((SELECT json_agg(json_build_object('attemptedAt', a.attempted_at, 'ok', a.ok, 'statusCode', a.status_code, 'durationMs', a.duration_ms, 'error', a.error, 'responseExcerpt', a.response_excerpt) ORDER BY a.id DESC)
                          FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS attempt_log
         -- Ranked on the index's columns only: payloads are read for the rows kept, not for 30 days of them.
         FROM (SELECT d.id, row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.created_at DESC, d.id) AS n FROM webhook_delivery d WHERE ${where}) ranked
         JOIN webhook_delivery d ON d.id = ranked.id
        WHERE ranked.n <= ${perSubscription}
        ORDER BY d.created_at DESC, d.id`,
      values,
    );
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      eventType: row.event_type,
      eventId: row.event_id,
      state: row.state,
      attempts: row.attempts,
      createdAt: row.created_at,
      body: JSON.stringify({ id: row.id, type: row.payload.type, timestamp: row.payload.timestamp, data: row.payload.data }),
      attemptLog: row.attempt_log.map((attempt) => ({
        attemptedAt: new Date(attempt.attemptedAt as string),
        ok: attempt.ok as boolean,
        statusCode: (attempt.statusCode as number | null) ?? null,
        durationMs: attempt.durationMs as number,
        error: (attempt.error as string | null) ?? null,
        responseExcerpt: (attempt.responseExcerpt as string | null) ?? null,
      })),
    }));
  }

  private async checkFilters(db: EntityManager, epciSirens: string[] | undefined, categories: string[] | undefined): Promise<void> {
    const unknownCategories = (categories ?? []).filter((id) => !EVENT_CATEGORY_IDS.includes(id));
    if (unknownCategories.length) throw badUserInput(`Unknown categories: ${unknownCategories.join(', ')}.`, [{ field: 'categories', message: `Known: ${EVENT_CATEGORY_IDS.join(', ')}.` }]);
    if (epciSirens?.length) {
      const known: Array<{ siren: string }> = await db.query(`SELECT siren FROM epci WHERE siren = ANY($1::text[])`, [epciSirens]);
      const unknown = epciSirens.filter((siren) => !known.some((row) => row.siren === siren));
      if (unknown.length) throw badUserInput(`Unknown EPCI: ${unknown.join(', ')}.`, [{ field: 'epciSirens', message: 'Not an EPCI of the territory.' }]);
    }
  }

  /** Creates a subscription; its secret is in the answer, and only there. */
  async create(input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const owner = this.access.owner;
    if (!owner) throw forbidden('Webhooks belong to an organisation.');
    const url = await checkWebhookUrl(input.url, this.options.policy);
    const secret = newWebhookSecret();
    return this.options.dataSource.transaction(async (db) => {
      await this.checkFilters(db, input.epciSirens, input.categories);
      // One organisation's creations are serialised, so the cap holds under concurrent calls.
      await db.query(`SELECT 1 FROM organisation WHERE id = $1 FOR UPDATE`, [owner]);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM webhook_subscription WHERE organisation_id = $1`, [owner]);
      if (n >= WEBHOOK_LIMITS.subscriptionsMax) throw conflict(`At most ${WEBHOOK_LIMITS.subscriptionsMax} webhooks per organisation.`);
      const rows: SubscriptionRow[] = await db.query(
        `INSERT INTO webhook_subscription (organisation_id, url, event_types, epci_sirens, categories, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [owner, url, [...new Set(input.events)], [...new Set(input.epciSirens ?? [])], [...new Set(input.categories ?? [])], seal(this.options.secret, secret)],
      );
      const [subscription] = await this.views(rows, db);
      return { subscription: subscription!, secret };
    });
  }

  async update(id: string, input: UpdateWebhookInput): Promise<WebhookSubscriptionView> {
    assertUuid(id);
    const url = input.url === undefined || input.url === null ? null : await checkWebhookUrl(input.url, this.options.policy);
    return this.options.dataSource.transaction(async (db) => {
      await this.checkFilters(db, input.epciSirens ?? undefined, input.categories ?? undefined);
      const params = new SqlParams([id, url, input.events ? [...new Set(input.events)] : null, input.epciSirens ? [...new Set(input.epciSirens)] : null, input.categories ? [...new Set(input.categories)] : null, input.enabled ?? null]);
      const [rows]: [SubscriptionRow[], number] = await db.query(
        `UPDATE webhook_subscription s
            SET url = coalesce($2, s.url), event_types = coalesce($3, s.event_types), epci_sirens = coalesce($4, s.epci_sirens), categories = coalesce($5, s.categories),
                enabled = coalesce($6, s.enabled),
                -- Enabled again: the failures that disabled it are forgiven.
                consecutive_failures = CASE WHEN $6 AND NOT s.enabled THEN 0 ELSE s.consecutive_failures END,
                failing_since = CASE WHEN $6 AND NOT s.enabled THEN NULL ELSE s.failing_since END,
                disabled_at = CASE WHEN $6 THEN NULL ELSE s.disabled_at END,
                updated_at = now()
          WHERE s.id = $1 AND ${this.access.manageable('s', params)}
          RETURNING s.*`,
        params.values,
      );
      if (!rows.length) throw notFound('Webhook', id);
      return (await this.views(rows, db))[0]!;
    });
  }

  async remove(id: string): Promise<string> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [rows] = await this.options.dataSource.query(`DELETE FROM webhook_subscription s WHERE s.id = $1 AND ${this.access.manageable('s', params)} RETURNING s.id`, params.values);
    if (!(rows as unknown[]).length) throw notFound('Webhook', id);
    return id;
  }

  /**
   * A new secret signs every delivery from now on; the one it replaces signs beside it (a second
   * signature in the header) for a day, so receivers can switch without refusing anything.
   */
  async rotateSecret(id: string): Promise<WebhookWithSecret> {
    assertUuid(id);
    const secret = newWebhookSecret();
    const params = new SqlParams([id, seal(this.options.secret, secret)]);
    const [rows]: [SubscriptionRow[], number] = await this.options.dataSource.query(
      `UPDATE webhook_subscription s SET previous_secret_sealed = s.secret_sealed, previous_secret_until = now() + make_interval(hours => ${ROTATION_GRACE_HOURS}), secret_sealed = $2, updated_at = now() WHERE s.id = $1 AND ${this.access.manageable('s', params)} RETURNING s.*`,
      params.values,
    );
    if (!rows.length) throw notFound('Webhook', id);
    return { subscription: (await this.views(rows))[0]!, secret };
  }

  /**
   * Sends a `webhook.ping` now and answers with its delivery and attempt (one, no retry; it does
   * not count towards disabling). A disabled subscription can be pinged: that is how one checks
   * the receiver is back before enabling it again.
   */
  async ping(id: string): Promise<WebhookDeliveryView> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [delivery]: Array<{ id: string }> = await this.options.dataSource.query(
      `INSERT INTO webhook_delivery (subscription_id, event_type, payload)
       SELECT s.id, '${WEBHOOK_PING_TYPE}', jsonb_build_object('type', '${WEBHOOK_PING_TYPE}', 'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', jsonb_build_object('subscriptionId', s.id))
         FROM webhook_subscription s WHERE s.id = $1 AND ${this.access.manageable('s', params)}
       RETURNING id`,
      params.values,
    );
    if (!delivery) throw notFound('Webhook', id);
    await attemptDelivery(this.options, delivery.id, true);
    return this.delivery(delivery.id);
  }

  /** Sends a delivery again (same `webhook-id`), with fresh attempts, whatever its state. */
  async redeliver(deliveryId: string): Promise<WebhookDeliveryView> {
    assertUuid(deliveryId, 'deliveryId');
    return this.options.dataSource.transaction(async (db) => {
      const params = new SqlParams([deliveryId]);
      const [rows] = await db.query(
        `UPDATE webhook_delivery d SET state = 'PENDING'
           FROM webhook_subscription s
          WHERE d.id = $1 AND s.id = d.subscription_id AND d.event_type <> '${WEBHOOK_PING_TYPE}' AND ${this.access.manageable('s', params)}
          RETURNING d.id, s.enabled`,
        params.values,
      );
      const [row] = rows as Array<{ id: string; enabled: boolean }>;
      if (!row) throw notFound('Webhook delivery', deliveryId);
      if (!row.enabled) throw badUserInput('This webhook is disabled: enable it first.', [{ field: 'deliveryId', message: 'Disabled webhook.' }]);
      await this.options.jobs.send(WEBHOOK_DELIVER_JOB, { deliveryId }, { manager: db });
      return this.delivery(deliveryId, db);
    });
  }

  private async delivery(id: string, db: EntityManager | DataSource = this.options.dataSource): Promise<WebhookDeliveryView> {
    const [found] = await this.deliveries(db, `d.id = $1`, [id], 1);
    const { subscriptionId: _omit, ...delivery } = found!;
    return delivery;
  }
}
