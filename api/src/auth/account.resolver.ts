import type { Language } from '@nfc/shared';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { LanguageEnum } from '../brand/brand.types';
import type { RequestContext } from '../context';
import { InvitationPreview } from './account.types';
import { LoginResult } from './auth.types';

/** The public half of the espace pro's accounts: forgotten passwords and invitation links. */
@Resolver()
export class AccountResolver {
  @Mutation(() => Boolean, {
    description: 'E-mails a one-time link (valid one hour) to choose a new password, when the address has an account. Always true, whether it has one or not; RATE_LIMITED past the budget of the address or the e-mail.',
  })
  requestPasswordReset(
    @Arg('email', { description: 'The login e-mail.' }) email: string,
    @Arg('language', () => LanguageEnum, { nullable: true, description: 'Language of the e-mail and of its link; French by default.' }) language: Language | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return ctx.services.passwordResets.request(email, language ?? 'fr', ctx.ip);
  }

  @Mutation(() => LoginResult, {
    description: 'Sets a new password with the token of a reset link, spends it, ends every session of the account and signs in. BAD_USER_INPUT on `token` for an unknown, expired or used link, on `newPassword` for a short one.',
  })
  resetPassword(
    @Arg('token', { description: 'The `jeton` of the link.' }) token: string,
    @Arg('newPassword', { description: 'The new password, at least 12 characters.' }) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    return ctx.services.passwordResets.reset(token, newPassword) as Promise<LoginResult>;
  }

  @Query(() => InvitationPreview, { description: 'What an invitation link offers. NOT_FOUND for an unknown, expired, accepted or revoked one.' })
  invitationPreview(@Arg('token', { description: 'The `jeton` of the link.' }) token: string, @Ctx() ctx: RequestContext): Promise<InvitationPreview> {
    return ctx.services.invitations().preview(token);
  }

  @Mutation(() => LoginResult, {
    description: 'Accepts an invitation: creates the account with the invited role and this password, spends the invitation, signs in. NOT_FOUND for a link that no longer works; BAD_USER_INPUT on `displayName` or `password`.',
  })
  acceptInvitation(
    @Arg('token', { description: 'The `jeton` of the link.' }) token: string,
    @Arg('displayName', { description: 'Your name, as colleagues will see it.' }) displayName: string,
    @Arg('password', { description: 'Your password, at least 12 characters.' }) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    return ctx.services.invitations().accept(token, displayName, password) as Promise<LoginResult>;
  }
}
