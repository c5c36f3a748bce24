import { LIMITS } from '@nfc/shared';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../common/errors';
import type { RequestContext } from '../context';
import { Organisation } from '../organisations/organisation.entity';
import { LoginResult, Me, ViewerKind } from './auth.types';
import { UserAccount } from './user-account.entity';

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, {
    description: `Logs a person in. Returns a token valid ${LIMITS.accessTokenTtlSeconds / 60} minutes. UNAUTHENTICATED for a wrong email or password, alike.`,
  })
  login(
    @Arg('email', { description: 'Login email.' }) email: string,
    @Arg('password', { description: 'Password.' }) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    return ctx.services.auth.login({ email, password, ip: ctx.ip });
  }

  @Authorized()
  @Mutation(() => LoginResult, { description: 'Changes your own password, proving the current one. Every token issued before stops working; the answer carries a new one.' })
  async changePassword(
    @Arg('currentPassword', { description: 'The password in use.' }) currentPassword: string,
    @Arg('newPassword', { description: 'The new password, at least 12 characters.' }) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    const { viewer } = ctx;
    if (viewer?.kind !== 'USER') throw forbidden('Only a person has a password; API keys are revoked and issued anew.');
    const { token, expiresAt } = await ctx.services.auth.changePassword({ userId: viewer.userId, currentPassword, newPassword });
    const organisations = ctx.services.organisations();
    const organisation = await organisations.getOrganisation(viewer.organisationId);
    const user = await organisations.getUser(viewer.userId);
    return { token, expiresAt, user, organisation } as LoginResult;
  }

  @Authorized()
  @Mutation(() => LoginResult, {
    description: `A new token for the person calling, keeping the time they signed in: a session may be extended up to ${LIMITS.sessionMaxSeconds / 3600} hours after the password was typed, then UNAUTHENTICATED. FORBIDDEN for an API key.`,
  })
  refreshSession(@Ctx() ctx: RequestContext): Promise<LoginResult> {
    return ctx.services.auth.refresh(ctx.viewer!) as Promise<LoginResult>;
  }

  @Query(() => Me, { nullable: true, description: 'Who is calling; null for an anonymous caller.' })
  async me(@Ctx() ctx: RequestContext): Promise<Me | null> {
    const { viewer } = ctx;
    if (!viewer || viewer.kind === 'OPERATOR') return null;
    const organisations = ctx.services.organisations();
    const organisation: Organisation = await organisations.getOrganisation(viewer.organisationId);
    const user = viewer.kind === 'USER' ? await organisations.getUser(viewer.userId) : null;
    return { kind: viewer.kind === 'USER' ? ViewerKind.USER : ViewerKind.API_KEY, organisation, user: user as UserAccount | null, scopes: viewer.scopes };
  }
}
