import { WEBHOOK_LIMITS, WEBHOOK_PING_TYPE } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { outboundRequest, OutboundError } from '../common/outbound-http';
import { outputText } from '../common/text-normalisation';
import type { JobQueue } from '../jobs/job-definition';
import { unseal } from '../jobs/sealed-data';
import type { Logger } from '../logger';
import { createQueuedMailer } from '../mail/mail.jobs';
import type { MailMessage } from '../mail/templates';
import { signWebhook } from './webhook-signature';
import type { WebhookUrlPolicy } from './webhook-url';

/** One attempt waits this long for the whole answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** The answer's body is read up to this many bytes (the rest is not read: only the status counts). */
export const ANSWER_MAX_BYTES = 64 * 1024;
/** What is kept of the answer's body, after cleaning. */
export const EXCERPT_MAX_CHARS = 500;

export interface DeliveryDeps {
  dataSource: DataSource;
  /** Opens the sealed secrets. */
  secret: string;
  policy: WebhookUrlPolicy;
  logger: Logger;
  /** To tell the organisation, by e-mail, that a subscription was disabled. */
  jobs: JobQueue;
  publicSiteUrl: string;
}

export interface AttemptOutcome {
  /** False when there was nothing to send (unknown delivery, subscription disabled or already delivered). */
  sent: boolean;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** The subscription was disabled by this attempt. */
  disabled: boolean;
}

/** A receiver's answer as it is kept and shown: text only, no control characters, one bounded excerpt. */
export function answerExcerpt(body: Buffer): string | null {
  if (!body.length) return null;
  const text = outputText(body.subarray(0, EXCERPT_MAX_CHARS * 4).toString('utf8'))
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return null;
  return text.length > EXCERPT_MAX_CHARS ? `${text.slice(0, EXCERPT_MAX_CHARS - 1)}…` : text;
}

/**
 * One attempt to deliver a message: signed (Standard Webhooks), POSTed through the SSRF-checked
 * outbound client (no redirect followed, 10 s, the answer read bounded), and logged with its
 * answer. The delivery's state and the subscription's failure count are written with the log
 * in one transaction; the attempt that meets the disabling rule (WEBHOOK_LIMITS: 5 failures in a
 * row, the first of them more than a day old) disables the subscription and enqueues, in that
 * same transaction, an e-mail to the organisation's people. Pings do not count towards it.
 *
 * `final`: no retry follows (the delivery is then FAILED rather than left PENDING).
 */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string, final: boolean): Promise<AttemptOutcome> {
  const [row]: Array<{ id: string; event_type: string; payload: { type: string; timestamp: string; data: unknown }; state: string; url: string; secret_sealed: string; previous_sealed: string | null; enabled: boolean; subscription_id: string; still_public: boolean }> = await deps.dataSource.query(
    `SELECT d.id, d.event_type, d.payload, d.state, s.url, s.secret_sealed, s.enabled, s.id AS subscription_id,
            CASE WHEN s.previous_secret_until > now() THEN s.previous_secret_sealed END AS previous_sealed,
            COALESCE(e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND e.merged_into_id IS NULL, false) AS still_public
       FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
       LEFT JOIN event e ON e.id = d.event_id
      WHERE d.id = $1`,
    [deliveryId],
  );
  const nothing: AttemptOutcome = { sent: false, ok: false, statusCode: null, error: null, disabled: false };
  if (!row || row.state === 'SUCCEEDED') return nothing;
  const ping = row.event_type === WEBHOOK_PING_TYPE;
  if (!row.enabled && !ping) {
    await deps.dataSource.query(`UPDATE webhook_delivery SET state = 'SKIPPED' WHERE id = $1 AND state = 'PENDING'`, [deliveryId]);
    return nothing;
  }
  // A payload frozen while the event was public is not sent once it has left the agenda (taken
  // down, deleted, merged): a retry or a redelivery never brings back what subscribers were told is gone.
  if (!ping && row.event_type !== 'event.deleted' && !row.still_public) {
    await deps.dataSource.query(`UPDATE webhook_delivery SET state = 'SKIPPED' WHERE id = $1 AND state <> 'SUCCEEDED'`, [deliveryId]);
    return nothing;
  }
  // The body is exactly what is signed: the id first, as Standard Webhooks payloads carry it.
  const body = JSON.stringify({ id: row.id, type: row.payload.type, timestamp: row.payload.timestamp, data: row.payload.data });
  const secrets = [row.secret_sealed, ...(row.previous_sealed ? [row.previous_sealed] : [])].map((sealed) => unseal<string>(deps.secret, sealed));
  const started = Date.now();
  let statusCode: number | null = null;
  let excerpt: string | null = null;
  let error: string | null = null;
  try {
    if (deps.policy.httpsRequired && !row.url.startsWith('https:')) throw new OutboundError('BAD_URL', 'Only https addresses are accepted.');
    const answer = await outboundRequest(row.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(secrets, row.id, new Date(), body) },
      body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxBytes: ANSWER_MAX_BYTES,
      truncate: true,
      allowPrivate: deps.policy.allowPrivate,
    });
    statusCode = answer.status;
    excerpt = answerExcerpt(answer.body);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (failure) {
    // OutboundError messages are written for the person who gave the URL; anything else stays generic.
    error = failure instanceof OutboundError ? `${failure.reason}: ${failure.message}` : 'NETWORK: the delivery could not be sent.';
  }
  const ok = error === null;
  const durationMs = Date.now() - started;
  const outcome = await deps.dataSource.transaction(async (db) => {
    await db.query(`INSERT INTO webhook_attempt (delivery_id, ok, status_code, duration_ms, error, response_excerpt) VALUES ($1, $2, $3, $4, $5, $6)`, [row.id, ok, statusCode, durationMs, error, excerpt]);
    await db.query(`UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = now(), state = $2 WHERE id = $1`, [row.id, ok ? 'SUCCEEDED' : final || ping ? 'FAILED' : 'PENDING']);
    if (ping) return { disabled: false };
    type Counted = [Array<{ just_disabled: boolean; organisation_id: string; url: string; consecutive_failures: number }>, number];
    const [[subscription]]: Counted = ok
      ? await db.query(`UPDATE webhook_subscription SET consecutive_failures = 0, failing_since = NULL WHERE id = $1 RETURNING false AS just_disabled, organisation_id, url, consecutive_failures`, [row.subscription_id])
      : await db.query(
          `WITH before AS (SELECT id, enabled FROM webhook_subscription WHERE id = $1 FOR UPDATE)
           UPDATE webhook_subscription s
              SET consecutive_failures = s.consecutive_failures + 1,
                  failing_since = coalesce(s.failing_since, now()),
                  enabled = s.enabled AND NOT (s.consecutive_failures + 1 >= $2 AND coalesce(s.failing_since, now()) <= now() - make_interval(hours => $3)),
                  disabled_at = CASE WHEN s.enabled AND s.consecutive_failures + 1 >= $2 AND coalesce(s.failing_since, now()) <= now() - make_interval(hours => $3) THEN now() ELSE s.disabled_at END
             FROM before
            WHERE s.id = before.id
           RETURNING (before.enabled AND NOT s.enabled) AS just_disabled, s.organisation_id, s.url, s.consecutive_failures`,
          [row.subscription_id, WEBHOOK_LIMITS.disableAfterFailures, WEBHOOK_LIMITS.disableAfterHours],
        );
    if (!subscription?.just_disabled) return { disabled: false };
    const people: Array<{ email: string; name: string }> = await db.query(
      `SELECT u.email, o.name FROM user_account u JOIN organisation o ON o.id = u.organisation_id WHERE u.organisation_id = $1 ORDER BY u.email`,
      [subscription.organisation_id],
    );
    const mailer = createQueuedMailer(deps.jobs, deps.secret);
    for (const person of people) {
      const message: MailMessage = { kind: 'WEBHOOK_DISABLED', organisationName: person.name, url: subscription.url, failures: subscription.consecutive_failures, link: `${deps.publicSiteUrl}/pro/webhooks` };
      await mailer.send(person.email, message, 'fr', { manager: db });
    }
    return { disabled: true };
  });
  deps.logger.info({ delivery: row.id, type: row.event_type, ok, status: statusCode, ms: durationMs, disabled: outcome.disabled }, 'webhook attempt');
  return { sent: true, ok, statusCode, error, disabled: outcome.disabled };
}
