import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { UserAccount } from './user-account.entity';

@ObjectType({ description: "An organisation's key for machine access. The secret is shown once, at issue." })
@Entity({ name: 'api_key' })
@Unique('api_key_prefix_key', ['prefix'])
export class ApiKey {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'api_key_pkey' })
  id: string;

  @Index('api_key_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'api_key_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Field({ description: 'What the key is for, e.g. "Décibelles Data sync".' })
  @Column({ type: 'text' })
  name: string;

  @Field({ description: 'Public part of the key, to recognise it in lists and logs.' })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  // SHA-256 of the whole key. Keys are 190-bit random, so a fast hash is safe and keeps auth cheap.
  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash: string;

  @Field(() => [String], { description: 'Scopes granted, e.g. ["agenda:write"].' })
  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => UserAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id', foreignKeyConstraintName: 'api_key_created_by_fkey' })
  createdBy?: Relation<UserAccount> | null;

  @Field({ description: 'When the key was issued.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Last time the key authenticated a request (to the minute).' })
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; a revoked key never authenticates again.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
