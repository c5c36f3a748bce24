import { registerEnumType } from 'type-graphql';

export interface RegisterValuesEnumOptions<T extends string> {
  name: string;
  description: string;
  values: Record<T, string>;
}

/**
 * Turns a constant list from shared/ (e.g. ORGANISATION_KINDS) into a GraphQL enum with a
 * description per value, so the list is written once for the API, the site and the database.
 */
export function registerValuesEnum<T extends string>(list: readonly T[], options: RegisterValuesEnumOptions<T>): { [K in T]: K } {
  const enumObject = Object.fromEntries(list.map((value) => [value, value])) as { [K in T]: K };
  registerEnumType(enumObject, {
    name: options.name,
    description: options.description,
    valuesConfig: Object.fromEntries(list.map((value) => [value, { description: options.values[value] }])) as never,
  });
  return enumObject;
}
