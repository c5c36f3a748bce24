import { z } from 'astro/zod';
import { query, queryAs } from '../api';

/** The organisation's webhook subscriptions (/pro/webhooks), through the API's webhook operations. */
const Attempt = z.object({
  attemptedAt: z.string(),
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});
const Delivery = z.object({
  id: z.string(),
  eventType: z.string(),
  eventId: z.string().nullable(),
  state: z.string(),
  attempts: z.number(),
  createdAt: z.string(),
  attemptLog: z.array(Attempt),
});
const Subscription = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  epciSirens: z.array(z.string()),
  categories: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.string().nullable(),
  consecutiveFailures: z.number(),
  createdAt: z.string(),
  recentDeliveries: z.array(Delivery),
});
export type WebhookDelivery = z.infer<typeof Delivery>;
export type WebhookSubscription = z.infer<typeof Subscription>;

const DELIVERY_FIELDS = `id eventType eventId state attempts createdAt attemptLog { attemptedAt ok statusCode durationMs error responseExcerpt }`;
const FIELDS = `id url events epciSirens categories enabled disabledAt consecutiveFailures createdAt recentDeliveries { ${DELIVERY_FIELDS} }`;

export async function webhooks(token: string): Promise<WebhookSubscription[]> {
  return (await queryAs(token, z.object({ webhooks: z.array(Subscription) }), `{ webhooks { ${FIELDS} } }`)).webhooks;
}

/** The EPCI a subscription may be limited to (public, cached). */
export async function epciChoices(): Promise<Array<{ siren: string; name: string }>> {
  return (await query(z.object({ epcis: z.array(z.object({ siren: z.string(), name: z.string() })) }), `{ epcis { siren name } }`)).epcis;
}

export async function createWebhook(token: string, input: { url: string; events: string[]; epciSirens: string[]; categories: string[] }): Promise<{ secret: string; subscription: WebhookSubscription }> {
  return (await queryAs(token, z.object({ createWebhook: z.object({ secret: z.string(), subscription: Subscription }) }), `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret subscription { ${FIELDS} } } }`, { i: input })).createWebhook;
}

export async function rotateWebhookSecret(token: string, id: string): Promise<{ secret: string; subscription: WebhookSubscription }> {
  return (await queryAs(token, z.object({ rotateWebhookSecret: z.object({ secret: z.string(), subscription: Subscription }) }), `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret subscription { ${FIELDS} } } }`, { id })).rotateWebhookSecret;
}

export async function setWebhookEnabled(token: string, id: string, enabled: boolean): Promise<void> {
  await queryAs(token, z.object({ updateWebhook: z.object({ id: z.string() }) }), `mutation($id: ID!, $e: Boolean!) { updateWebhook(id: $id, input: { enabled: $e }) { id } }`, { id, e: enabled });
}

export async function pingWebhook(token: string, id: string): Promise<WebhookDelivery> {
  return (await queryAs(token, z.object({ pingWebhook: Delivery }), `mutation($id: ID!) { pingWebhook(id: $id) { ${DELIVERY_FIELDS} } }`, { id })).pingWebhook;
}

export async function redeliverWebhook(token: string, deliveryId: string): Promise<void> {
  await queryAs(token, z.object({ redeliverWebhook: z.object({ id: z.string() }) }), `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: deliveryId });
}

export async function deleteWebhook(token: string, id: string): Promise<void> {
  await queryAs(token, z.object({ deleteWebhook: z.string() }), `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
}
