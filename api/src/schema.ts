import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { guardTextArguments, TEXT_POLICY } from './common/text-normalisation';
import { AuthResolver } from './auth/auth.resolver';
import { EventFieldsResolver, EventResolver } from './agenda/event.resolver';
import { VocabularyResolver } from './agenda/vocabulary.resolver';
import { BrandResolver } from './brand/brand.resolver';
import { ContestResolver } from './contest/contest.resolver';
import { MediaResolver, MediaVariantResolver } from './media/media.resolver';
import { OrganisationResolver } from './organisations/organisation.resolver';
import { DashboardResolver } from './statistics/dashboard.resolver';
import { JobsResolver } from './jobs/jobs.resolver';
import { ImportResolver } from './imports/import.resolver';
// accounts (espace pro)
import { AccountResolver } from './auth/account.resolver';
import { TeamResolver } from './organisations/team.resolver';
// syndication: webhooks
import { WebhookResolver } from './webhooks/webhook.resolver';
import {
  CommuneResolver,
  DepartmentResolver,
  EpciResolver,
  TerritoryFieldsResolver,
  TerritoryResolver,
} from './territory/territory.resolver';

export const RESOLVERS = [
  TerritoryResolver,
  TerritoryFieldsResolver,
  EpciResolver,
  CommuneResolver,
  DepartmentResolver,
  AuthResolver,
  OrganisationResolver,
  MediaResolver,
  MediaVariantResolver,
  BrandResolver,
  EventResolver,
  EventFieldsResolver,
  VocabularyResolver,
  ContestResolver,
  DashboardResolver,
  JobsResolver,
  ImportResolver,
  // accounts (espace pro)
  AccountResolver,
  TeamResolver,
  // syndication: webhooks
  WebhookResolver,
] as const;

let schema: Promise<GraphQLSchema> | undefined;

/** The GraphQL schema, built once per process from the resolvers' decorators. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Every input class is checked with class-validator before a resolver runs; unknown
    // properties are refused. (forbidUnknownValues would also refuse scalar Date arguments.)
    validate: { forbidUnknownValues: false, whitelist: true, forbidNonWhitelisted: true },
  }).then((built) => {
    // type-graphql has no option for the root types' descriptions.
    const query = built.getQueryType();
    const mutation = built.getMutationType();
    if (query) query.description = 'Reads: the territory is public; organisations and keys need authentication.';
    if (mutation) mutation.description = `Writes: every one needs authentication and the scope it names. ${TEXT_POLICY}`;
    return guardTextArguments(built);
  });
  return schema;
}
