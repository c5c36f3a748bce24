import { USER_ROLES, type UserRole } from '@nfc/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { UserAccount, UserRoleEnum } from './user-account.entity';

/**
 * A one-time link to choose a new password. Only the SHA-256 of the token is stored, so the
 * table alone opens no account; a link works once, for an hour.
 */
@Entity({ name: 'password_reset' })
@Unique('password_reset_token_hash_key', ['tokenHash'])
export class PasswordReset {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'password_reset_pkey' })
  id: string;

  @Index('password_reset_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserAccount, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_reset_user_fkey' })
  user?: Relation<UserAccount>;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An invitation to join an organisation with a role; the account is created when it is accepted. */
@ObjectType({ description: 'A pending invitation to join an organisation. Its link is e-mailed, never listed.' })
@Entity({ name: 'invitation' })
@Unique('invitation_token_hash_key', ['tokenHash'])
export class Invitation {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'invitation_pkey' })
  id: string;

  @Index('invitation_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'invitation_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Field({ description: 'The address invited, lower-cased.' })
  @Column({ type: 'text' })
  email: string;

  @Field({ description: 'The name the inviter gave; the person may change it when accepting.' })
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Field(() => UserRoleEnum, { description: 'The role the account will have.' })
  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role' })
  role: UserRole;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'invited_by_user_id', type: 'uuid', nullable: true })
  invitedByUserId: string | null;

  @ManyToOne(() => UserAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by_user_id', foreignKeyConstraintName: 'invitation_invited_by_fkey' })
  invitedBy?: Relation<UserAccount> | null;

  @Field({ description: 'When the invitation was sent.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'When the link stops working.' })
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
