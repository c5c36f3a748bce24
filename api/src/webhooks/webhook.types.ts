import { WEBHOOK_EVENT_TYPES } from '@nfc/shared';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One attempt to deliver a webhook, and what the receiver answered.' })
export class WebhookAttemptView {
  @Field(() => GraphQLISODateTime, { description: 'When it was sent.' }) attemptedAt: Date;
  @Field({ description: 'The receiver answered with a 2xx status.' }) ok: boolean;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the answer; null when none came (timeout, refused address, network).' }) statusCode: number | null;
  @Field(() => Int, { description: 'How long the attempt took, in milliseconds.' }) durationMs: number;
  @Field(() => String, { nullable: true, description: 'Why it failed: `HTTP 500`, `TIMEOUT: …`, `ADDRESS_NOT_ALLOWED: …`.' }) error: string | null;
  @Field(() => String, { nullable: true, description: 'The start of the answer’s body (500 characters at most, text only).' }) responseExcerpt: string | null;
}

@ObjectType({ description: 'One message to a subscription: an agenda change or a ping. Its id is the `webhook-id` header, the same on every attempt.' })
export class WebhookDeliveryView {
  @Field(() => ID, { description: 'The message id (`webhook-id`).' }) id: string;
  @Field({ description: '`event.created`, `event.updated`, `event.cancelled`, `event.deleted` or `webhook.ping`.' }) eventType: string;
  @Field(() => ID, { nullable: true, description: 'The event it is about (none for a ping).' }) eventId: string | null;
  @Field({ description: 'PENDING (to be sent or retried), SUCCEEDED, FAILED (every attempt failed) or SKIPPED (the subscription was disabled, or the event left the public agenda before it was sent).' }) state: string;
  @Field(() => Int, { description: 'Attempts made so far.' }) attempts: number;
  @Field(() => GraphQLISODateTime, { description: 'When the change was recorded.' }) createdAt: Date;
  @Field({ description: 'The exact JSON body that is signed and sent.' }) body: string;
  @Field(() => [WebhookAttemptView], { description: 'Its attempts, latest first.' }) attemptLog: WebhookAttemptView[];
}

@ObjectType({ description: 'A URL your organisation subscribed to the shared agenda’s changes. Deliveries are signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`).' })
export class WebhookSubscriptionView {
  @Field(() => ID, { description: 'Stable identifier.' }) id: string;
  @Field({ description: 'Where deliveries are POSTed.' }) url: string;
  @Field(() => [String], { description: 'The changes sent: `event.created`, `event.updated`, `event.cancelled`, `event.deleted`.' }) events: string[];
  @Field(() => [String], { description: 'Only events in these EPCI (SIREN); empty: every EPCI.' }) epciSirens: string[];
  @Field(() => [String], { description: 'Only events of one of these categories; empty: every category.' }) categories: string[];
  @Field({ description: 'Deliveries are sent. A subscription is disabled after 5 failed attempts in a row when the first of them is more than a day old; its organisation is told by e-mail.' }) enabled: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was disabled after repeated failure.' }) disabledAt: Date | null;
  @Field(() => Int, { description: 'Failed attempts in a row (pings aside).' }) consecutiveFailures: number;
  @Field(() => GraphQLISODateTime, { description: 'When it was created.' }) createdAt: Date;
  @Field(() => [WebhookDeliveryView], { description: 'The latest deliveries (20 at most), newest first, with their attempts.' }) recentDeliveries: WebhookDeliveryView[];
}

@ObjectType({ description: 'A subscription with its signing secret, shown this once: store it, it cannot be read again (rotate it to get a new one).' })
export class WebhookWithSecret {
  @Field(() => WebhookSubscriptionView, { description: 'The subscription.' }) subscription: WebhookSubscriptionView;
  @Field({ description: 'The signing secret, `whsec_` and base64: the key is the base64-decoded part.' }) secret: string;
}

const SIREN = /^\d{9}$/;

@InputType({ description: 'A new subscription to the agenda’s changes.' })
export class CreateWebhookInput {
  @Field({ description: 'Where deliveries are POSTed: https (http only where OUTBOUND_ALLOW_PRIVATE), a public address.' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @Field(() => [String], { description: 'The changes to send (at least one): `event.created`, `event.updated`, `event.cancelled`, `event.deleted`.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: string[];

  @Field(() => [String], { nullable: true, description: 'Only events in these EPCI (SIREN); empty or omitted: every EPCI.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(SIREN, { each: true, message: 'each EPCI is a SIREN (9 digits)' })
  epciSirens?: string[];

  @Field(() => [String], { nullable: true, description: 'Only events of one of these categories; empty or omitted: every category.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  categories?: string[];
}

@InputType({ description: 'Changes to a subscription; what is omitted stays.' })
export class UpdateWebhookInput {
  @Field({ nullable: true, description: 'A new delivery URL.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @Field(() => [String], { nullable: true, description: 'The changes to send (at least one).' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: string[];

  @Field(() => [String], { nullable: true, description: 'Only events in these EPCI (SIREN); empty: every EPCI.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(SIREN, { each: true, message: 'each EPCI is a SIREN (9 digits)' })
  epciSirens?: string[];

  @Field(() => [String], { nullable: true, description: 'Only events of one of these categories; empty: every category.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  categories?: string[];

  @Field({ nullable: true, description: 'true enables a disabled subscription again (its failure count starts over); false pauses it.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
