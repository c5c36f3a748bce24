import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';

export const DELIVERY_STATES = ['PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A URL an organisation subscribed to agenda changes, with its filters and its sealed signing secret. */
@Entity({ name: 'webhook_subscription' })
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_subscription_pkey' })
  id: string;

  @Index('webhook_subscription_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'webhook_subscription_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  url: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: string[];

  /** Empty: every EPCI. */
  @Column({ name: 'epci_sirens', type: 'text', array: true, default: '{}' })
  epciSirens: string[];

  /** Empty: every category. */
  @Column({ type: 'text', array: true, default: '{}' })
  categories: string[];

  /** `whsec_…`, sealed (jobs/sealed-data.ts): the table alone signs nothing. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  /** After a rotation, the secret it replaced, sealed: it signs too until `previousSecretUntil`. */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One message to one subscription (its id is the `webhook-id` header, the same on every attempt). */
@Entity({ name: 'webhook_delivery' })
@Index('webhook_delivery_subscription_created_idx', ['subscriptionId', 'createdAt'])
@Index('webhook_delivery_created_idx', ['createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_delivery_pkey' })
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'webhook_delivery_subscription_fkey' })
  subscription?: Relation<WebhookSubscription>;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  /** `{ type, timestamp, data }`, as it was when the change committed. */
  @Column({ type: 'jsonb' })
  payload: { type: string; timestamp: string; data: Record<string, unknown> };

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  state: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;
}

/** One attempt and what the receiver answered (bounded, sanitised; never a secret). */
@Entity({ name: 'webhook_attempt' })
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'webhook_attempt_pkey' })
  id: string;

  @Index('webhook_attempt_delivery_id_idx')
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'webhook_attempt_delivery_fkey' })
  delivery?: Relation<WebhookDelivery>;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'response_excerpt', type: 'text', nullable: true })
  responseExcerpt: string | null;
}

export const WEBHOOK_ENTITIES = [WebhookSubscription, WebhookDelivery, WebhookAttempt];
