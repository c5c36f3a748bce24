import { WITHOUT_ACCOUNT, allBut, outcomes, type AccessCase, type AccessScene, type ViewerName } from '../access-table';
import { seal } from '../../src/jobs/sealed-data';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature';

/** Those who manage an organisation (organisation:manage): office A's administrator, and other organisations' (partner, Pôle). */
const MANAGERS: ViewerName[] = ['officeAdmin', 'partner', 'poleAdmin'];
const OTHER_MANAGERS: ViewerName[] = ['partner', 'poleAdmin'];

/**
 * A fresh subscription of office A (mutations change or delete it), with one delivery. Its URL
 * is loopback on the discard port: a ping or redelivery fails at once, whatever OUTBOUND_ALLOW_PRIVATE says.
 */
async function officeSubscription(scene: AccessScene): Promise<{ id: string; deliveryId: string }> {
  const [row] = await scene.dataSource.query(
    `INSERT INTO webhook_subscription (organisation_id, url, event_types, secret_sealed) VALUES ($1, 'http://127.0.0.1:9/hook', '{event.created}', $2) RETURNING id`,
    [scene.office.id, seal(scene.api.config.jwtSecret, newWebhookSecret())],
  );
  const [delivery] = await scene.dataSource.query(
    `INSERT INTO webhook_delivery (subscription_id, event_type, payload, state, attempts) VALUES ($1, 'event.created', '{"type":"event.created","timestamp":"2031-01-01T00:00:00.000Z","data":{}}', 'FAILED', 8) RETURNING id`,
    [row.id],
  );
  return { id: row.id, deliveryId: delivery.id };
}

/** Webhook subscriptions: an organisation's administrators, on their own organisation's only. */
export const webhookCases: AccessCase[] = [
  {
    operation: 'createWebhook',
    state: 'a new subscription of the caller’s organisation',
    prepare: async () => ({ query: `mutation { createWebhook(input: { url: "https://93.184.215.14/hook", events: ["event.created"] }) { secret subscription { id } } }` }),
    expect: outcomes({ OK: MANAGERS, FORBIDDEN: allBut(MANAGERS, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'webhooks',
    state: 'office A’s subscription',
    prepare: async (scene) => {
      const { id } = await officeSubscription(scene);
      return { query: `{ webhooks { id url recentDeliveries { id } } }`, sees: (data) => data.webhooks.some((webhook: { id: string }) => webhook.id === id) };
    },
    expect: outcomes({ OK: ['officeAdmin'], HIDDEN: OTHER_MANAGERS, FORBIDDEN: allBut(MANAGERS, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(
    [
      ['updateWebhook', `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: false }) { id } }`],
      ['rotateWebhookSecret', `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`],
      ['pingWebhook', `mutation($id: ID!) { pingWebhook(id: $id) { id } }`],
      ['deleteWebhook', `mutation($id: ID!) { deleteWebhook(id: $id) }`],
    ] as const
  ).map(
    ([operation, query]): AccessCase => ({
      operation,
      state: 'office A’s subscription',
      prepare: async (scene) => ({ query, variables: { id: (await officeSubscription(scene)).id } }),
      expect: outcomes({ OK: ['officeAdmin'], NOT_FOUND: OTHER_MANAGERS, FORBIDDEN: allBut(MANAGERS, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
    }),
  ),
  {
    operation: 'redeliverWebhook',
    state: 'a failed delivery of office A’s subscription',
    prepare: async (scene) => ({ query: `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, variables: { id: (await officeSubscription(scene)).deliveryId } }),
    expect: outcomes({ OK: ['officeAdmin'], NOT_FOUND: OTHER_MANAGERS, FORBIDDEN: allBut(MANAGERS, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
];
