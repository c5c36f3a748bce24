import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { AuthResolver } from './auth/auth.resolver';
import { OrganisationResolver } from './organisations/organisation.resolver';
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
] as const;

let schema: Promise<GraphQLSchema> | undefined;

/** The GraphQL schema, built once per process from the resolvers' decorators. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Every input class is checked with class-validator before a resolver runs.
    validate: { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true },
  });
  return schema;
}
