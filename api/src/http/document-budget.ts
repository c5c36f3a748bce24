// The document budget: what a GraphQL request may cost is checked before Apollo parses or
// validates anything (size, tokens, operations, fragments, directives, input nesting). One linear pass of graphql-js's own lexer, which stops at the first
// budget exceeded, so the work spent on a refused document is bounded by the budget itself.
// Parsing is recursive (a document nested 5000 levels deep overflows the stack) and validation
// can be superlinear; both only ever see documents that fit.
import { LIMITS } from '@nfc/shared';
import type { RequestHandler } from 'express';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { AppError } from '../common/errors';

export interface DocumentBudget {
  /** UTF-8 bytes of the `query` string. */
  maxQueryBytes: number;
  /** Lexical tokens (comments excluded, as graphql-js counts them). */
  maxTokens: number;
  /** Operation definitions in one document (Apollo executes one). */
  maxOperations: number;
  /** Directives (`@`) in the whole document. */
  maxDirectives: number;
  /** Fragment definitions, and fragment spreads (`...`, inline fragments included), each. */
  maxFragments: number;
  /** Nesting of list and object values: literals in arguments and defaults, and variables. */
  maxInputDepth: number;
  /** Values in `variables`, containers included. */
  maxVariableValues: number;
}

export const DOCUMENT_BUDGET: DocumentBudget = {
  maxQueryBytes: LIMITS.maxQueryBytes,
  maxTokens: LIMITS.maxTokens,
  maxOperations: LIMITS.maxOperations,
  maxDirectives: LIMITS.maxDirectives,
  maxFragments: LIMITS.maxFragments,
  maxInputDepth: LIMITS.maxInputDepth,
  maxVariableValues: LIMITS.maxVariableValues,
};

export interface Refusal {
  code: 'QUERY_TOO_COMPLEX' | 'BAD_USER_INPUT';
  message: string;
}

const tooComplex = (message: string): Refusal => ({ code: 'QUERY_TOO_COMPLEX', message });
const inputTooDeep = (budget: DocumentBudget): Refusal => ({ code: 'BAD_USER_INPUT', message: `Input values nest too deeply (at most ${budget.maxInputDepth} levels).` });

/** What an open bracket is: a parenthesis, a selection set (or type body), or an input value. */
const PAREN = 0;
const BLOCK = 1;
const INPUT = 2;

const OPERATION_KEYWORDS = new Set(['query', 'mutation', 'subscription']);
/** Names after which `query`, `mutation` or `subscription` is a name, not a new operation. */
const NAME_POSITION = new Set(['query', 'mutation', 'subscription', 'fragment', 'on']);

/**
 * Checks a document against the budget in one pass of the lexer. A document the lexer cannot
 * read, or whose brackets do not match, is left to Apollo's parser: it fails at or before the
 * point where this pass stopped, so its work is bounded too.
 */
export function checkDocument(query: string, budget: DocumentBudget = DOCUMENT_BUDGET): Refusal | null {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes, and at least 1.
  if (query.length > budget.maxQueryBytes || (query.length * 3 > budget.maxQueryBytes && Buffer.byteLength(query, 'utf8') > budget.maxQueryBytes)) {
    return tooComplex(`The document exceeds ${budget.maxQueryBytes} bytes.`);
  }
  const lexer = new Lexer(new Source(query));
  const open: number[] = [];
  let parens = 0;
  let inputDepth = 0;
  let tokens = 0;
  let operations = 0;
  let directives = 0;
  let spreads = 0;
  let fragments = 0;
  // The last token seen outside every bracket: where a definition may start.
  let top: { kind: TokenKind; value: string | undefined } | null = null;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > budget.maxTokens) return tooComplex(`The document exceeds ${budget.maxTokens} tokens.`);
      const atTop = open.length === 0;
      switch (token.kind) {
        case TokenKind.AT:
          directives += 1;
          if (directives > budget.maxDirectives) return tooComplex(`The document holds more than ${budget.maxDirectives} directives.`);
          break;
        case TokenKind.SPREAD:
          spreads += 1;
          if (spreads > budget.maxFragments) return tooComplex(`The document holds more than ${budget.maxFragments} fragment spreads.`);
          break;
        case TokenKind.NAME:
          // `query`, `mutation`, `subscription` or `fragment` where a definition starts.
          if (atTop && !(top?.kind === TokenKind.NAME && NAME_POSITION.has(top.value!))) {
            if (OPERATION_KEYWORDS.has(token.value)) operations += 1;
            else if (token.value === 'fragment' && (fragments += 1) > budget.maxFragments) return tooComplex(`The document holds more than ${budget.maxFragments} fragments.`);
          }
          break;
        case TokenKind.PAREN_L:
          open.push(PAREN);
          parens += 1;
          break;
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L: {
          // A list, or an object inside parentheses (arguments, variable defaults), is an input
          // value; braces elsewhere are selection sets, whose depth armor's maxDepth bounds.
          const input = token.kind === TokenKind.BRACKET_L || parens > 0;
          if (atTop && token.kind === TokenKind.BRACE_L && (top === null || top.kind === TokenKind.BRACE_R)) operations += 1;
          open.push(input ? INPUT : BLOCK);
          if (input) {
            inputDepth += 1;
            if (inputDepth > budget.maxInputDepth) return inputTooDeep(budget);
          }
          break;
        }
        case TokenKind.PAREN_R:
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R: {
          const closed = open.pop();
          const expected = token.kind === TokenKind.PAREN_R ? closed === PAREN : token.kind === TokenKind.BRACKET_R ? closed === INPUT : closed === BLOCK || closed === INPUT;
          if (closed === undefined || !expected) return null;
          if (closed === PAREN) parens -= 1;
          if (closed === INPUT) inputDepth -= 1;
          break;
        }
        default:
          break;
      }
      if (operations > budget.maxOperations) return tooComplex(`The document holds more than ${budget.maxOperations} operations.`);
      if (atTop || open.length === 0) top = { kind: token.kind, value: token.value };
    }
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
  return null;
}

/**
 * Checks the nesting and size of `variables` (already-parsed JSON), without recursion.
 * Each variable's value counts its own levels, as a literal in the document would.
 */
export function checkVariables(variables: unknown, budget: DocumentBudget = DOCUMENT_BUDGET): Refusal | null {
  if (variables === null || typeof variables !== 'object') return null;
  const pending: Array<{ value: object; depth: number }> = [{ value: variables, depth: 0 }];
  let values = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    values += children.length;
    if (values > budget.maxVariableValues) return { code: 'BAD_USER_INPUT', message: `The variables hold more than ${budget.maxVariableValues} values.` };
    for (const child of children) {
      if (child === null || typeof child !== 'object') continue;
      if (next.depth + 1 > budget.maxInputDepth) return inputTooDeep(budget);
      pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return null;
}

/** The parameters of a GraphQL request: a POST body, or a GET query string (variables as JSON text). */
export function checkRequest(params: Record<string, unknown>, fromQueryString: boolean, budget: DocumentBudget = DOCUMENT_BUDGET): Refusal | null {
  const { query } = params;
  if (query !== undefined && query !== null) {
    if (typeof query !== 'string') return { code: 'BAD_USER_INPUT', message: 'The query must be a string.' };
    const refusal = checkDocument(query, budget);
    if (refusal) return refusal;
  }
  let variables = params.variables;
  if (fromQueryString && typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      // Apollo answers malformed variables itself.
      return null;
    }
  }
  return checkVariables(variables, budget);
}

/**
 * Express middleware for `/graphql`, after `express.json` and before Apollo: a request over the
 * budget is answered 400 with the API's error shape, and never reaches the parser.
 */
export function documentBudget(budget: DocumentBudget = DOCUMENT_BUDGET): RequestHandler {
  return (req, res, next) => {
    const params: unknown = req.method === 'GET' ? req.query : req.body;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return next();
    const refusal = checkRequest(params as Record<string, unknown>, req.method === 'GET', budget);
    if (!refusal) return next();
    res.status(400).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  };
}

/**
 * A validation rule: one request asks for at most `maxPages` pages (fields with a `first`
 * argument), holding at most `maxItems` items together, nested pages multiplied. The cost limit
 * counts fields, not what they cost the database: 9 aliases of a 100-item page fit within it
 * (27 SQL statements, 900 rows resolved), and 15 aliases of small pages cost 15 counts over the
 * agenda. A literal `first` counts its value, a variable the largest page, an absent one its default.
 */
export function pageBudgetRule(
  maxItems: number = LIMITS.maxItemsPerRequest,
  maxPages: number = LIMITS.maxPagesPerRequest,
  maxPageSize: number = LIMITS.maxPageSize,
): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const { pages, items } = measurePages(context.getSchema(), context.getDocument(), operation, { maxItems, maxPages, maxPageSize });
      if (pages > maxPages) context.reportError(new AppError('QUERY_TOO_COMPLEX', `The request asks for more than ${maxPages} pages.`));
      else if (items > maxItems) context.reportError(new AppError('QUERY_TOO_COMPLEX', `The request asks for more than ${maxItems} items in its pages together.`));
      return false;
    },
  });
}

/** What an operation asks of the database: its pages, their items, and how many of them count their rows. */
export interface PageMeasure {
  pages: number;
  items: number;
  /** `totalCount` fields inside pages: each is a count over every matching row. */
  counts: number;
}

/**
 * Walks an operation's selections (fragments included, nested pages multiplied) and measures
 * its pages; it stops early once past the limits, since the answer is then a refusal anyway.
 */
export function measurePages(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  { maxItems = LIMITS.maxItemsPerRequest, maxPages = LIMITS.maxPagesPerRequest, maxPageSize = LIMITS.maxPageSize }: { maxItems?: number; maxPages?: number; maxPageSize?: number } = {},
): PageMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let pages = 0;
  let counts = 0;
  // `page`: the multiplier of the page whose own selections these are (where totalCount sits), else null.
  const items = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, multiplier: number, visiting: Set<string>, page: number | null): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (total > maxItems || pages > maxPages) break;
      if (selection.kind === Kind.FIELD) {
        if (page !== null && selection.name.value === 'totalCount') counts += page;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        if (!field || !selection.selectionSet) continue;
        let inner = multiplier;
        const first = field.args.find((arg) => arg.name === 'first');
        if (first) {
          const given = selection.arguments?.find((arg) => arg.name.value === 'first')?.value;
          const count = given?.kind === Kind.INT ? Math.min(Number(given.value), maxPageSize) : given ? maxPageSize : typeof first.defaultValue === 'number' ? first.defaultValue : maxPageSize;
          inner = multiplier * Math.max(count, 1);
          total += inner;
          pages += multiplier;
        }
        total += items(selection.selectionSet, getNamedType(field.type), inner, visiting, first ? multiplier : null);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += items(selection.selectionSet, type ?? undefined, multiplier, visiting, page);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is NoFragmentCyclesRule's to report.
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        total += items(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, multiplier, visiting, page);
        visiting.delete(name);
      }
    }
    return total;
  };
  const root = schema.getRootType(operation.operation) ?? undefined;
  const total = items(operation.selectionSet, root, 1, new Set(), null);
  return { pages, items: total, counts };
}
