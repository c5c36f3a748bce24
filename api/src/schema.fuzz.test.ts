import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedInputType,
} from 'graphql';
import { useTestApi } from '../test/api';
import { createOrganisation, createUser } from '../test/factories';
import { operationFor, requiredArguments, rootFields } from '../test/schema-values';
import { buildApiSchema } from './schema';

/**
 * A fuzz pass over every argument of the schema: for every Query and Mutation field, each
 * argument in turn gets malformed values (ids, NUL, huge strings, extreme numbers, deep
 * nesting), the other required arguments plausible ones, anonymously and as a Pôle
 * administrator. No answer may be INTERNAL, and no HTTP status 500.
 */
const env = useTestApi({ config: { rateLimit: { anonymousPerMinute: 1_000_000, loginPerMinute: 1_000_000, apiKeyPerMinute: 1_000_000, votesPerMinute: 1_000_000 } } });

const HUGE = 'a'.repeat(200_000);
const LARGE = 'é'.repeat(30_000);

/** Malformed values by the argument's named type: a table. */
const STRINGS: unknown[] = ['x', "'; DROP TABLE event; --", '00000000-0000-0000-0000-000000000000', '\u0000', 'NaN', '', ' ', '../../etc/passwd', '%00', '{{7*7}}', LARGE, HUGE, 42, ['x'], { x: 1 }];
const MALFORMED: Record<string, unknown[]> = {
  String: STRINGS,
  ID: STRINGS,
  Int: [-1, 0, -2147483648, 2147483647, 2 ** 53, 1.5, 'x'],
  Float: [-1e308, 1e308, -0, 'x', 1e-320],
  Boolean: ['true', 0],
  DateTimeISO: ['x', '0000-00-00T00:00:00Z', '-271821-04-20T00:00:00Z', '275760-09-13T00:00:00Z', '2026-02-30T00:00:00Z', 1e20, ''],
  JSONObject: ['x', deep(300, {})],
};

/** An object nested `levels` times: { a: { a: … } }. */
function deep(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
}

/** A list nested `levels` times: [[[…]]]. */
function nestedList(levels: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < levels; i += 1) value = [value];
  return value;
}

/** An input object with every field (optional ones too, to a bounded depth) set from `leaf`. */
function filled(type: GraphQLInputType, leaf: (named: GraphQLNamedInputType) => unknown, depth = 0): unknown {
  if (isNonNullType(type)) return filled(type.ofType, leaf, depth);
  if (isListType(type)) return [filled(type.ofType, leaf, depth)];
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (depth > 4) return {};
    return Object.fromEntries(Object.values(named.getFields()).map((field) => [field.name, filled(field.type, leaf, depth + 1)]));
  }
  return leaf(named);
}

/** Every malformed value of an argument's type, input objects included (each leaf malformed at once, and deep nesting). */
function malformedValues(type: GraphQLInputType): unknown[] {
  const named = getNamedType(type);
  const values: unknown[] = [null];
  if (isListType(isNonNullType(type) ? type.ofType : type)) values.push([], Array.from({ length: 2000 }, () => null), nestedList(200), [[[[['x']]]]]);
  if (isEnumType(named)) return [...values, 'NOPE', '', '\u0000', 1];
  if (isInputObjectType(named)) {
    const plausible = (leaf: GraphQLNamedInputType) => (isEnumType(leaf) ? leaf.getValues()[0]!.name : (MALFORMED[leaf.name] ?? STRINGS)[0]);
    return [
      ...values,
      'x',
      deep(300, {}),
      { ...(filled(type, plausible) as object), unknownField: 1 },
      ...[...STRINGS.slice(0, 12), -1, 2147483647, -1e308].map((bad) =>
        filled(type, (leaf) => (isEnumType(leaf) ? leaf.getValues()[0]!.name : typeof bad === 'number' ? (['Int', 'Float'].includes(leaf.name) ? bad : 'x') : ['Int', 'Float'].includes(leaf.name) ? 1 : ['Boolean'].includes(leaf.name) ? true : leaf.name === 'DateTimeISO' ? '2030-01-01T00:00:00Z' : bad)),
      ),
    ];
  }
  return [...values, ...(MALFORMED[named.name] ?? STRINGS)];
}

interface Case {
  viewer: 'anonymous' | 'pole';
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  argument: string | null;
  value: unknown;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

test('no malformed argument of any root field gets INTERNAL or HTTP 500, anonymously or as the Pôle', async () => {
  const schema = await buildApiSchema();
  const pole = await createOrganisation(env.db.dataSource, { kind: 'POLE' });
  const { user, password } = await createUser(env.db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  const login = await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password });
  const token = login.data!.login.token as string;

  const cases: Case[] = [];
  for (const viewer of ['anonymous', 'pole'] as const) {
    for (const { operation, field } of rootFields(schema)) {
      cases.push({ viewer, operation, field, argument: null, value: undefined });
      for (const arg of field.args) for (const value of malformedValues(arg.type)) cases.push({ viewer, operation, field, argument: arg.name, value });
    }
  }
  expect(cases.length).toBeGreaterThan(1000);

  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const item = cases[next++]!;
      const variables = requiredArguments(item.field, 'x');
      if (item.argument) variables[item.argument] = item.value;
      const names = item.field.args.filter((arg) => arg.name in variables).map((arg) => arg.name);
      const response = await fetch(`${env.api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(item.viewer === 'pole' ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: operationFor(item.operation, item.field, names), variables }),
      });
      const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      const internal = body.errors?.find((error) => error.extensions?.code === 'INTERNAL');
      if (response.status >= 500 || internal) {
        failures.push(`${item.viewer} ${item.operation} ${item.field.name}(${item.argument ?? ''}: ${describeValue(item.value)}) → ${response.status} ${internal?.message ?? ''}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  expect(failures).toEqual([]);
}, 240_000);
