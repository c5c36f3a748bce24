import {
  getArgumentValues,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { randomBytes } from 'node:crypto';

/**
 * A GraphQL selection answered by PostgreSQL as JSON (the public read path, http/answers-in-sql.ts).
 *
 * The profiles of an uncached agenda page found the API's CPU, not the database, to be its limit:
 * pg parsing rows, GraphQL calling a resolver per field of fifty events, and the garbage those left.
 * Here the fields a query asks become one json_build_object per object, built by the same statement
 * that finds the rows, so Node only parses the answer PostgreSQL wrote. Each type that can be
 * answered this way has a table from its GraphQL fields to SQL expressions; a field the table lacks
 * makes the whole selection unanswerable (null), and the query then runs through the resolvers as
 * before. sql-json tests ask every field both ways and compare the answers.
 */

/** What a field's SQL is built from. */
export interface SqlJsonScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  params: DeferredParams;
  /** The API's public address, which the media URLs start with. */
  publicApiUrl: string;
  /** What Node finishes once PostgreSQL has written the rest (finishedJson). */
  finishers: Finisher[];
  /** The response keys from the planned object's root to the field being planned. */
  path: string[];
  /** A fresh table alias (for correlated subqueries nested in one another). */
  alias(prefix: string): string;
}

export interface SqlJsonField {
  /** The coerced arguments of the field, defaults applied. */
  args: Record<string, unknown>;
  /** Every node of the field under its response key (their selections merge). */
  nodes: readonly FieldNode[];
  definition: GraphQLField<unknown, unknown>;
  scope: SqlJsonScope;
}

/** The SQL expression of one field's JSON value, or null when it cannot be answered in SQL. */
export type SqlJsonResolver<Aliases> = (field: SqlJsonField, aliases: Aliases) => string | null;

/** How each field of a type reads in SQL, given the aliases of the rows it reads. */
export type SqlJsonTable<Aliases> = Readonly<Record<string, SqlJsonResolver<Aliases>>>;

/**
 * Parameters numbered when the statement is put together: a selection is planned before the
 * page's filters are known, and its parameters go after theirs (a statement whose parameter
 * nothing reads is an error in PostgreSQL, so the filters' count cannot carry them).
 */
export class DeferredParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `⟨p${this.values.length}⟩`;
  }
}

/** The SQL of a plan with its parameters numbered after the `before` ones of its statement. */
export function placeParams(sql: string, before: number): string {
  return sql.replace(/⟨p(\d+)⟩/g, (_, n: string) => `$${before + Number(n)}`);
}

/**
 * A value PostgreSQL cannot write but Node can, from what PostgreSQL can (Markdown rendered as
 * HTML, a list built from a constant of the code): the SQL writes the inputs, marked, and the
 * answer's parse puts the finished value in their place. Each finisher knows the path of its value
 * from the object's root ('*' for each element of a list), so only those places are visited (a
 * JSON.parse reviver visiting every value was a quarter of a page's CPU, measured). The marker is a
 * key no answer's data can hold: chosen at random by each process, and never a GraphQL name.
 */
export interface Finisher {
  path: readonly string[];
  finish(payload: unknown): unknown;
}

const FINISH = `nfc_${randomBytes(8).toString('hex')}`;

/** The JSON of `payloadSql`, to be finished by `finish` when the answer is parsed, at the field being planned. */
export function finishedJson(scope: SqlJsonScope, payloadSql: string, finish: (payload: unknown) => unknown): string {
  scope.finishers.push({ path: [...scope.path], finish });
  return `json_build_object('${FINISH}', ${scope.finishers.length - 1}, 'v', ${payloadSql})`;
}

/** Plans the element of a list field: the finishers inside it apply to every element. */
export function inList<T>(scope: SqlJsonScope, plan: () => T): T {
  scope.path.push('*');
  try {
    return plan();
  } finally {
    scope.path.pop();
  }
}

function finishAt(holder: unknown, path: readonly string[], depth: number, finishers: readonly Finisher[]): void {
  if (holder === null || typeof holder !== 'object') return;
  const step = path[depth]!;
  const keys = step === '*' ? (Array.isArray(holder) ? holder.keys() : []) : [step];
  for (const key of keys) {
    const value = (holder as Record<string | number, unknown>)[key];
    if (depth < path.length - 1) finishAt(value, path, depth + 1, finishers);
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, FINISH)) {
      const marked = value as Record<string, unknown>;
      (holder as Record<string | number, unknown>)[key] = finishers[marked[FINISH] as number]!.finish(marked['v']);
    }
  }
}

/** An answer's JSON text as values, each marked value finished. */
export function parseFinished(text: string, finishers: readonly Finisher[]): unknown {
  const value: unknown = JSON.parse(text);
  for (const finisher of finishers) finishAt({ root: value }, ['root', ...finisher.path], 0, finishers);
  return value;
}

/** json_build_object takes at most 100 arguments: 50 keys. A larger selection is left to the resolvers. */
const MAX_KEYS = 50;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export function createScope(options: Omit<SqlJsonScope, 'alias' | 'finishers' | 'path'>): SqlJsonScope {
  let next = 0;
  return { ...options, finishers: [], path: [], alias: (prefix) => `${prefix}_${++next}` };
}

/** The selection of `nodes` on `type` as one JSON object, in the order of the response keys; null when any field is not in the table. */
export function objectJson<Aliases>(type: GraphQLObjectType, nodes: readonly FieldNode[], table: SqlJsonTable<Aliases>, aliases: Aliases, scope: SqlJsonScope): string | null {
  const fields = collectSubfields(scope.schema, scope.fragments, scope.variables, type, nodes as FieldNode[]);
  if (fields.size > MAX_KEYS) return null;
  const entries: string[] = [];
  for (const [key, fieldNodes] of fields) {
    if (!NAME.test(key)) return null;
    const name = fieldNodes[0]!.name.value;
    let expression: string | null;
    if (name === '__typename') {
      expression = `'${type.name}'::text`;
    } else {
      const definition = type.getFields()[name];
      const resolver = Object.hasOwn(table, name) ? table[name] : undefined;
      if (!definition || !resolver) return null;
      const args = getArgumentValues(definition, fieldNodes[0]!, scope.variables);
      scope.path.push(key);
      try {
        expression = resolver({ args, nodes: fieldNodes, definition, scope }, aliases);
      } finally {
        scope.path.pop();
      }
    }
    if (expression === null) return null;
    entries.push(`'${key}', ${expression}`);
  }
  return `json_build_object(${entries.join(', ')})`;
}

/** A field's selection on its own (object) type, as one JSON object. */
export function subObjectJson<Aliases>(field: SqlJsonField, table: SqlJsonTable<Aliases>, aliases: Aliases): string | null {
  const type = getNamedType(field.definition.type);
  if (!('getFields' in type) || isScalarType(type) || isEnumType(type)) return null;
  return objectJson(type as GraphQLObjectType, field.nodes, table, aliases, field.scope);
}

/** An instant as GraphQL's DateTimeISO writes it (Date#toISOString: milliseconds, UTC, "Z"); pg's Date truncates microseconds, and so does MS. */
export function isoInstant(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * A column as its GraphQL leaf type writes it: instants in ISO, numerics as numbers, ids and enums
 * as text (an enum whose values differ from their names has no SQL form here). Null for a type
 * this cannot write.
 */
export function leafJson(expression: string, type: GraphQLOutputType, columnType: string): string | null {
  const list = isListType(isNonNullType(type) ? type.ofType : type);
  const named = getNamedType(type);
  if (isEnumType(named)) {
    if (!named.getValues().every((value) => value.value === value.name)) return null;
    return list ? `${expression}::text[]` : `${expression}::text`;
  }
  if (!isScalarType(named) || list) {
    // Lists of text or ids read as they are; any other list is not a column here.
    if (list && isScalarType(named) && (named.name === 'String' || named.name === 'ID')) return `${expression}::text[]`;
    return null;
  }
  switch (named.name) {
    case 'DateTimeISO':
      return isoInstant(expression);
    case 'Float':
      return `${expression}::float8`;
    case 'Int':
      return `${expression}::int`;
    case 'Boolean':
      return `${expression}::boolean`;
    case 'ID':
    case 'String':
      return columnType === 'text' || columnType === 'varchar' ? expression : `${expression}::text`;
    default:
      return null;
  }
}

/** A JSON array of a correlated subquery's objects, [] when it has no rows. */
export function arrayJson(objectExpression: string, from: string, orderBy: string): string {
  return `coalesce((SELECT json_agg(${objectExpression} ORDER BY ${orderBy}) FROM ${from}), '[]'::json)`;
}

/** A text parameter, typed so that PostgreSQL never has to guess. */
export function textParam(scope: SqlJsonScope, value: string): string {
  return `${scope.params.add(value)}::text`;
}
