/**
 * Signed webhooks (issue 14 §4): the agenda changes an organisation may subscribe a URL to.
 * A change is told only about public events: one that leaves the public agenda (deleted,
 * merged away, sent back to review) is told as `event.deleted`.
 */
export const WEBHOOK_EVENT_TYPES = ['event.created', 'event.updated', 'event.cancelled', 'event.deleted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The test message a subscription can be sent from the API or the espace pro. */
export const WEBHOOK_PING_TYPE = 'webhook.ping';

/** The limits of a subscription, shared so that the espace pro's form says them. */
export const WEBHOOK_LIMITS = {
  /** Subscriptions per organisation. */
  subscriptionsMax: 20,
  urlMaxLength: 2000,
  /** Consecutive failed attempts after which, once the first is a day old, a subscription is disabled. */
  disableAfterFailures: 5,
  disableAfterHours: 24,
} as const;
