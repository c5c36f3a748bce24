import type { Language, UserRole } from '@nfc/shared';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Invitation } from '../auth/account-token.entities';
import { InviteUserInput } from '../auth/account.types';
import { UserAccount, UserRoleEnum } from '../auth/user-account.entity';
import { LanguageEnum } from '../brand/brand.types';
import type { RequestContext } from '../context';

/** An organisation's team: its people, their roles, and invitations (organisation:manage). */
@Resolver()
export class TeamResolver {
  @Authorized('organisation:manage')
  @Query(() => [UserAccount], { description: 'The people of your organisation (any, for the Pôle), by name. NOT_FOUND out of reach.' })
  members(@Arg('organisationId', () => ID, { nullable: true, description: 'Organisation; defaults to yours.' }) organisationId: string | null, @Ctx() ctx: RequestContext): Promise<UserAccount[]> {
    return ctx.services.organisations().listMembers(organisationId);
  }

  @Authorized('organisation:manage')
  @Mutation(() => UserAccount, { description: 'Changes the role of a person of your organisation (any, for the Pôle). CONFLICT when it would leave the organisation without an administrator.' })
  setUserRole(
    @Arg('id', () => ID, { description: 'The person.' }) id: string,
    @Arg('role', () => UserRoleEnum, { description: 'Their new role.' }) role: UserRole,
    @Ctx() ctx: RequestContext,
  ): Promise<UserAccount> {
    return ctx.services.organisations().setUserRole(id, role);
  }

  @Authorized('organisation:manage')
  @Mutation(() => Invitation, {
    description: 'Invites a person into your organisation (any, for the Pôle) and e-mails them a link valid 7 days. CONFLICT on `email` when the address has an account; inviting the same address again replaces the earlier link.',
  })
  inviteUser(
    @Arg('input', () => InviteUserInput, { description: 'The person.' }) input: InviteUserInput,
    @Arg('language', () => LanguageEnum, { nullable: true, description: 'Language of the e-mail and of its link; French by default.' }) language: Language | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Invitation> {
    return ctx.services.invitations().invite(input, language ?? 'fr');
  }

  @Authorized('organisation:manage')
  @Query(() => [Invitation], { description: 'Invitations of your organisation (any, for the Pôle) that can still be accepted, newest first.' })
  invitations(@Arg('organisationId', () => ID, { nullable: true, description: 'Organisation; defaults to yours.' }) organisationId: string | null, @Ctx() ctx: RequestContext): Promise<Invitation[]> {
    return ctx.services.invitations().pending(organisationId);
  }

  @Authorized('organisation:manage')
  @Mutation(() => Invitation, { description: 'Revokes a pending invitation: its link stops working. NOT_FOUND out of reach or no longer pending.' })
  revokeInvitation(@Arg('id', () => ID, { description: 'The invitation.' }) id: string, @Ctx() ctx: RequestContext): Promise<Invitation> {
    return ctx.services.invitations().revoke(id);
  }
}
