import { LIMITS } from '@nfc/shared';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';

@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, { defaultValue: LIMITS.defaultPageSize, description: `How many items to return, 1 to ${LIMITS.maxPageSize}.` })
  @Min(1)
  @Max(LIMITS.maxPageSize)
  first: number = LIMITS.defaultPageSize;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (from pageInfo.endCursor).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string | null;
}

@ObjectType({ description: 'Where a page stands in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'Whether items precede this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/** Opaque cursor over a keyset (the sort values of the last row seen). */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking its shape: never trust what the client sends back. */
export function decodeCursor(cursor: string, shape: ReadonlyArray<'string' | 'number'>): Array<string | number> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === shape.length && values.every((value, index) => typeof value === shape[index])) {
      return values as Array<string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput('The cursor is not valid.', [{ field: 'after', message: 'Unknown or malformed cursor.' }]);
}

export interface Page<T> {
  nodes: T[];
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: PageInfo;
}

/**
 * Builds a page from rows fetched with `limit first + 1`: the extra row only tells
 * whether a next page exists.
 */
export function toPage<T>(rows: T[], first: number, hadCursor: boolean, cursorOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
