import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveryView, WebhookSubscriptionView, WebhookWithSecret } from './webhook.types';

/**
 * Signed webhooks: an organisation's administrators subscribe URLs to the shared agenda's
 * changes (organisation:manage, own organisation only; another's subscriptions are NOT_FOUND).
 */
@Resolver()
export class WebhookResolver {
  @Authorized('organisation:manage')
  @Query(() => [WebhookSubscriptionView], { description: 'Your organisation’s webhook subscriptions, oldest first, each with its latest deliveries and what the receiver answered.' })
  webhooks(@Ctx() ctx: RequestContext): Promise<WebhookSubscriptionView[]> {
    return ctx.services.webhooks().list();
  }

  @Authorized('organisation:manage')
  @Mutation(() => WebhookWithSecret, {
    description:
      'Subscribes a URL to agenda changes of public events (optionally of some EPCI and categories). The answer holds the signing secret, shown only this once. BAD_USER_INPUT with `reason` BAD_URL, HTTPS_REQUIRED, ADDRESS_NOT_ALLOWED (a loopback, private or link-local address) or HOST_NOT_FOUND for a URL that is refused; CONFLICT past 20 subscriptions.',
  })
  createWebhook(@Arg('input', () => CreateWebhookInput, { description: 'The URL and what to send to it.' }) input: CreateWebhookInput, @Ctx() ctx: RequestContext): Promise<WebhookWithSecret> {
    return ctx.services.webhooks().create(input);
  }

  @Authorized('organisation:manage')
  @Mutation(() => WebhookSubscriptionView, { description: 'Changes a subscription’s URL or filters, or enables it again after it was disabled (or pauses it). NOT_FOUND out of reach.' })
  updateWebhook(
    @Arg('id', () => ID, { description: 'The subscription.' }) id: string,
    @Arg('input', () => UpdateWebhookInput, { description: 'What changes.' }) input: UpdateWebhookInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookSubscriptionView> {
    return ctx.services.webhooks().update(id, input);
  }

  @Authorized('organisation:manage')
  @Mutation(() => ID, { description: 'Deletes a subscription and its delivery log; deliveries still waiting are dropped. Answers its id. NOT_FOUND out of reach.' })
  deleteWebhook(@Arg('id', () => ID, { description: 'The subscription.' }) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return ctx.services.webhooks().remove(id);
  }

  @Authorized('organisation:manage')
  @Mutation(() => WebhookWithSecret, { description: 'Replaces the signing secret; the new one is in the answer, only this once, and signs every delivery from now on. The previous one signs beside it for 24 hours (a second `v1,` signature in `webhook-signature`), so receivers can switch without a gap. NOT_FOUND out of reach.' })
  rotateWebhookSecret(@Arg('id', () => ID, { description: 'The subscription.' }) id: string, @Ctx() ctx: RequestContext): Promise<WebhookWithSecret> {
    return ctx.services.webhooks().rotateSecret(id);
  }

  @Authorized('organisation:manage')
  @Mutation(() => WebhookDeliveryView, { description: 'Sends a signed `webhook.ping` now (one attempt, 10 s at most) and answers with the delivery and what the receiver answered. Works on a disabled subscription too. NOT_FOUND out of reach.' })
  pingWebhook(@Arg('id', () => ID, { description: 'The subscription.' }) id: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryView> {
    return ctx.services.webhooks().ping(id);
  }

  @Authorized('organisation:manage')
  @Mutation(() => WebhookDeliveryView, { description: 'Sends a delivery again, with the same `webhook-id` and fresh attempts (queued). BAD_USER_INPUT when its subscription is disabled; NOT_FOUND out of reach.' })
  redeliverWebhook(@Arg('deliveryId', () => ID, { description: 'The delivery (from `recentDeliveries`).' }) deliveryId: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryView> {
    return ctx.services.webhooks().redeliver(deliveryId);
  }
}
