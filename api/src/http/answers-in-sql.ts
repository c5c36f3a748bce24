import type { ApolloServerPlugin } from '@apollo/server';
import { getArgumentValues, getVariableValues, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';
import type { RequestContext } from '../context';
import { isAnonymousPublicRead } from './public-query-cache';

/**
 * Public reads answered by PostgreSQL's JSON instead of GraphQL's execution (common/sql-json.ts).
 *
 * After Apollo has parsed and validated the document and every plugin before this one has had its
 * say (the cache, the budgets), an anonymous query whose root fields all have a planner, and whose
 * every asked field each planner can write in SQL, is answered here: each root field's own resolver
 * is called as GraphQL would call it (its arguments coerced, checked by class-validator, its text
 * normalised), with the plan in its `info`, and it returns the field's value as PostgreSQL wrote it.
 * Anything else, and any error on the way, runs through GraphQL's execution as before, so errors
 * keep their one shape and path.
 */

const PLAN = Symbol('answered in SQL');

/** A root field's planner: the plan of its selection, or null when some field cannot be written in SQL. */
export type SqlPlanner = (info: GraphQLResolveInfo, context: RequestContext) => object | null;

/** The plan this plugin made for a root field, when its resolver is to answer in SQL. */
export function sqlPlanOf<Plan>(info: GraphQLResolveInfo): Plan | undefined {
  return (info as GraphQLResolveInfo & { [PLAN]?: Plan })[PLAN];
}

const fragmentsOf = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();

function fragments(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let found = fragmentsOf.get(document);
  if (!found) {
    found = {};
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) found[definition.name.value] = definition;
    fragmentsOf.set(document, found);
  }
  return found;
}

export function answersInSql(planners: Readonly<Record<string, SqlPlanner>>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, schema, request, contextValue, response }) {
          if (!document || !isAnonymousPublicRead(operation, contextValue)) return null;
          const queryType = schema.getQueryType();
          if (!queryType) return null;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
          if (coerced.errors) return null;
          const variableValues = coerced.coerced;
          const known = fragments(document);
          const roots: Array<{ key: string; value?: string; run?: () => unknown }> = [];
          for (const [key, nodes] of collectFields(schema, known, variableValues, queryType, operation.selectionSet)) {
            const name = nodes[0]!.name.value;
            if (name === '__typename') {
              roots.push({ key, value: queryType.name });
              continue;
            }
            const planner = Object.hasOwn(planners, name) ? planners[name] : undefined;
            const definition = queryType.getFields()[name];
            if (!planner || !definition?.resolve) return null;
            const info = {
              fieldName: name,
              fieldNodes: nodes as readonly FieldNode[],
              returnType: definition.type,
              parentType: queryType,
              path: { prev: undefined, key, typename: queryType.name },
              schema,
              fragments: known,
              rootValue: undefined,
              operation,
              variableValues,
            } as GraphQLResolveInfo;
            const plan = planner(info, contextValue);
            if (!plan) return null;
            (info as GraphQLResolveInfo & { [PLAN]?: object })[PLAN] = plan;
            const resolve = definition.resolve;
            roots.push({ key, run: () => resolve(undefined, getArgumentValues(definition, nodes[0]!, variableValues), contextValue, info) });
          }
          let values: unknown[];
          try {
            values = await Promise.all(roots.map((root) => (root.run ? root.run() : root.value)));
          } catch {
            // Refused arguments, a missing event, the database away: GraphQL's execution says it in its own words.
            return null;
          }
          const data: Record<string, unknown> = {};
          roots.forEach((root, index) => (data[root.key] = values[index]));
          return { http: response.http, body: { kind: 'single', singleResult: { data } } };
        },
      };
    },
  };
}
