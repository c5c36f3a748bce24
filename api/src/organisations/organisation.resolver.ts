import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ApiKey } from '../auth/api-key.entity';
import { UserAccount } from '../auth/user-account.entity';
import type { RequestContext } from '../context';
import { Organisation } from './organisation.entity';
import { CreateOrganisationInput, CreateUserInput, IssueApiKeyInput } from './organisation.inputs';
import { IssuedApiKey } from './organisation.types';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Authorized()
  @Query(() => [Organisation], { description: 'Organisations in reach: all for the Pôle, otherwise your own.' })
  organisations(@Ctx() ctx: RequestContext): Promise<Organisation[]> {
    return ctx.services.organisations().listOrganisations();
  }

  @Authorized('platform:admin')
  @Mutation(() => Organisation, { description: 'Registers an organisation (Pôle administrators).' })
  createOrganisation(@Arg('input', () => CreateOrganisationInput, { description: 'The organisation.' }) input: CreateOrganisationInput, @Ctx() ctx: RequestContext): Promise<Organisation> {
    return ctx.services.organisations().createOrganisation(input);
  }

  @Authorized('organisation:manage')
  @Mutation(() => UserAccount, { description: "Creates a person's account in your organisation (any, for the Pôle)." })
  createUser(@Arg('input', () => CreateUserInput, { description: 'The person.' }) input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<UserAccount> {
    return ctx.services.organisations().createUser(input);
  }

  @Authorized('organisation:manage')
  @Query(() => [ApiKey], { description: "API keys of your organisation (any, for the Pôle), newest first. Secrets are never listed." })
  apiKeys(
    @Arg('organisationId', () => ID, { nullable: true, description: 'Organisation; defaults to yours.' }) organisationId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKey[]> {
    return ctx.services.organisations().listApiKeys(organisationId);
  }

  @Authorized('organisation:manage')
  @Mutation(() => IssuedApiKey, { description: 'Issues an API key. Its secret is in the answer and nowhere else, ever.' })
  issueApiKey(@Arg('input', () => IssueApiKeyInput, { description: 'The key to issue.' }) input: IssueApiKeyInput, @Ctx() ctx: RequestContext): Promise<IssuedApiKey> {
    return ctx.services.organisations().issueApiKey(input);
  }

  @Authorized('organisation:manage')
  @Mutation(() => ApiKey, { description: 'Revokes an API key at once. NOT_FOUND for a key out of your reach.' })
  revokeApiKey(@Arg('id', () => ID, { description: 'The key to revoke.' }) id: string, @Ctx() ctx: RequestContext): Promise<ApiKey> {
    return ctx.services.organisations().revokeApiKey(id);
  }

  @Authorized('organisation:manage')
  @Mutation(() => UserAccount, { description: 'Removes a person from your organisation (any, for the Pôle); their tokens stop working at once. NOT_FOUND out of your reach; you cannot remove yourself.' })
  removeUser(@Arg('id', () => ID, { description: 'The person to remove.' }) id: string, @Ctx() ctx: RequestContext): Promise<UserAccount> {
    return ctx.services.organisations().removeUser(id);
  }
}
