import { ORGANISATION_KINDS, USER_ROLES, type OrganisationKind, type UserRole } from '@nfc/shared';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { UserRoleEnum } from '../auth/user-account.entity';
import { OrganisationKindEnum } from './organisation.entity';

@InputType({ description: 'A new organisation.' })
export class CreateOrganisationInput {
  @Field(() => OrganisationKindEnum, { description: 'Kind of organisation.' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @Field({ description: 'Display name.' })
  @Length(2, 200)
  name: string;

  @Field({ nullable: true, description: 'URL-safe unique name; derived from the name when omitted.' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by hyphens' })
  @MaxLength(80)
  slug?: string;

  @Field({ nullable: true, description: 'SIREN of the EPCI served (required for a tourism office).' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epciSiren must be a SIREN (9 digits)' })
  epciSiren?: string;
}

@InputType({ description: 'A new person acting for an organisation.' })
export class CreateUserInput {
  @Field(() => ID, { description: 'Organisation the person acts for.' })
  @IsUUID()
  organisationId: string;

  @Field({ description: 'Login email.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'Name shown to colleagues.' })
  @Length(1, 120)
  displayName: string;

  @Field(() => UserRoleEnum, { description: 'Role within the organisation.' })
  @IsIn(USER_ROLES)
  role: UserRole;

  @Field({ description: `Password, at least ${MIN_PASSWORD_LENGTH} characters.` })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(256)
  password: string;
}

@InputType({ description: 'A new API key for a machine of an organisation.' })
export class IssueApiKeyInput {
  @Field(() => ID, { nullable: true, description: "Organisation the key acts for; defaults to the caller's." })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field({ description: 'What the key is for, e.g. "Décibelles Data sync".' })
  @Length(1, 120)
  name: string;

  @Field(() => [String], { description: 'Scopes to grant, e.g. ["agenda:write"].' })
  @ArrayMaxSize(10)
  scopes: string[];
}
