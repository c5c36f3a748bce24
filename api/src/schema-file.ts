import { join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from './schema';

/** The printed schema, committed so that clients and reviewers see every API change. */
export const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

export async function renderSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
