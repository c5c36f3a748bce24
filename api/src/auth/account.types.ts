import { USER_ROLES, type UserRole } from '@nfc/shared';
import { IsEmail, IsIn, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserRoleEnum } from './user-account.entity';

@InputType({ description: 'A person to invite into an organisation.' })
export class InviteUserInput {
  @Field({ description: 'Their e-mail address; the link is sent there and becomes their login.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'Their name, as colleagues will see it (they may change it when accepting).' })
  @Length(1, 120)
  displayName: string;

  @Field(() => UserRoleEnum, { description: 'The role they will have.' })
  @IsIn(USER_ROLES)
  role: UserRole;

  @Field(() => ID, { nullable: true, description: 'The organisation; defaults to yours (the Pôle may name any).' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@ObjectType({ description: 'What an invitation link offers, shown before the person accepts.' })
export class InvitationPreview {
  @Field({ description: 'The organisation they are invited into.' })
  organisationName: string;

  @Field({ description: 'The address invited: their login.' })
  email: string;

  @Field({ description: 'The name the inviter gave.' })
  displayName: string;

  @Field(() => UserRoleEnum, { description: 'The role they will have.' })
  role: UserRole;

  @Field({ description: 'When the link stops working.' })
  expiresAt: Date;
}
