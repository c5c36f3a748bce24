import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** Every Query and Mutation field of the schema, with the operation keyword that reaches it. */
export function rootFields(schema: GraphQLSchema): Array<{ operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }> {
  return [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ operation: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ operation: 'mutation' as const, field })),
  ];
}

/**
 * A value of the right shape for an input type: required fields only, every string set to
 * `text`. Numbers are small and positive, enums take their first value, lists hold one item.
 */
export function sampleValue(type: GraphQLInputType, text: string, depth = 0): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, text, depth);
  if (isListType(type)) return [sampleValue(type.ofType, text, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    if (depth > 6) return value;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type, text, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
    case 'DateTime':
    case 'Date':
      return '2030-01-01T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return text;
  }
}

/** The required arguments of a field, sampled. */
export function requiredArguments(field: GraphQLField<unknown, unknown>, text: string): Record<string, unknown> {
  return Object.fromEntries(field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined).map((arg) => [arg.name, sampleValue(arg.type, text)]));
}

/** A document calling one root field with every given argument as a variable, selecting only __typename. */
export function operationFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, argumentNames: string[]): string {
  const args = argumentNames.map((name) => field.args.find((arg) => arg.name === name)!) as GraphQLArgument[];
  const declarations = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
  return `${operation}${declarations ? `(${declarations})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`;
}

/** True when an input type can hold a string somewhere inside (so the door sees it). */
export function holdsString(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((field) => isNonNullType(field.type) && field.defaultValue === undefined && holdsString(field.type, seen));
  }
  return !isEnumType(named) && !['Int', 'Float', 'Boolean', 'DateTimeISO', 'DateTime', 'Date', 'JSONObject'].includes(named.name);
}
