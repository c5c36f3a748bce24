import { USER_ROLES, type UserRole } from '@nfc/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { registerValuesEnum } from '../common/graphql-enum';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';

export const UserRoleEnum = registerValuesEnum(USER_ROLES, {
  name: 'UserRole',
  description: "A person's role within their organisation.",
  values: {
    ADMIN: "Manages the organisation's users and API keys, and everything an editor does.",
    EDITOR: "Maintains the organisation's content.",
  },
});

@ObjectType({ description: 'A person who logs in on behalf of an organisation.' })
@Entity({ name: 'user_account' })
@Unique('user_account_email_key', ['email'])
export class UserAccount {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_account_pkey' })
  id: string;

  @Index('user_account_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'user_account_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Field({ description: 'Login email, stored lower-cased.' })
  @Column({ type: 'text' })
  email: string;

  @Field({ description: 'Name shown to colleagues.' })
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Field(() => UserRoleEnum, { description: 'Role within the organisation.' })
  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role' })
  role: UserRole;

  // Raised by a password change: tokens carry it, and an older one is refused. No @Field.
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  // An argon2id hash. Deliberately no @Field: it can never be exposed.
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Field({ description: 'When the account was created.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Last successful login.' })
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}
