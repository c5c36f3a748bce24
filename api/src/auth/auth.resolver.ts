import { LIMITS } from '@nfc/shared';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
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
