import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The three headers of the Standard Webhooks specification: `webhook-id` (the same on every
 * attempt of one message, so receivers can drop repeats), `webhook-timestamp` (seconds, this
 * attempt) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256, keyed with the secret's
 * decoded bytes, of `${id}.${timestamp}.${body}`.
 */
export function signWebhook(secrets: readonly string[], id: string, at: Date, body: string): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    // One signature per secret, space-separated (a rotation's grace period): a receiver accepts any that verifies.
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, new Date(seconds * 1000), body)).join(' '),
  };
}
