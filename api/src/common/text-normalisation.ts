import { getNamedType, isInputObjectType, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { badUserInput, type FieldError } from './errors';

/**
 * Text at the door. Every string argument of every root field (all mutations, and the
 * queries too, whose text reaches SQL) is checked and normalised before any resolver runs:
 *
 * - refused (BAD_USER_INPUT, `fields` naming the argument path): control characters other
 *   than tab, newline and carriage return (C0, DEL and C1, NUL included), lone surrogates,
 *   and U+FFFE/U+FFFF, none of which ICS, XML 1.0 or PostgreSQL text can carry;
 * - normalised: CRLF and CR become LF, then Unicode NFC.
 *
 * Secrets (arguments whose name contains "password") are checked but never rewritten:
 * they are compared exactly as typed.
 */
export const TEXT_POLICY =
  'Every text argument is normalised to Unicode NFC, with CRLF and CR turned into LF; control characters other than tab and newline (NUL included), lone surrogates and U+FFFE/U+FFFF are refused with BAD_USER_INPUT, `fields` naming the argument.';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  const match = FORBIDDEN.exec(value);
  if (!match) return null;
  const unit = match[0].charCodeAt(0);
  const where = `at position ${match.index}`;
  if (unit === 0) return `NUL bytes are not accepted (${where}).`;
  if (unit >= 0xd800 && unit <= 0xdfff) return `Lone surrogates are not text (${where}).`;
  if (unit >= 0xfffe) return `U+${unit.toString(16).toUpperCase()} is not a character (${where}).`;
  return `Control character U+${unit.toString(16).toUpperCase().padStart(4, '0')} is not accepted; only tab and newline are (${where}).`;
}

/** The stored form of an accepted string: LF line ends, NFC. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').normalize('NFC');
}

const SECRET = /password/i;

/**
 * Walks a coerced argument value: returns it with every string normalised, and pushes a
 * FieldError for every string that cannot be stored. Dates and other scalars pass as they are.
 */
function walk(value: unknown, path: string, rewrite: boolean, errors: FieldError[], depth = 0): unknown {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) errors.push({ field: path, message: problem });
    return rewrite && !problem ? normaliseText(value) : value;
  }
  // Input nesting is bounded by the document's own limits; this guards against a JSON scalar.
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}.${index}`, rewrite, errors, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = prototype === null ? Object.create(null) : {};
  for (const [key, item] of Object.entries(value)) out[key] = walk(item, `${path}.${key}`, rewrite && !SECRET.test(key), errors, depth + 1);
  return out;
}

/** True when an argument's type can hold a string anywhere (so numbers and booleans cost nothing). */
function holdsText(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isInputObjectType(named) || !['Int', 'Float', 'Boolean'].includes(named.name);
}

/** Checks and normalises the arguments of one root field, or throws BAD_USER_INPUT naming every bad path. */
export function normaliseArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Record<string, unknown> {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = { ...args };
  for (const arg of field.args) {
    if (!(arg.name in args) || !holdsText(arg.type)) continue;
    out[arg.name] = walk(args[arg.name], arg.name, !SECRET.test(arg.name), errors);
  }
  if (errors.length) throw badUserInput('Some text cannot be accepted.', errors);
  return out;
}

/**
 * Wraps the resolver of every Query and Mutation field so that its arguments pass
 * `normaliseArguments` first. Only root fields are wrapped: nested fields cost nothing.
 */
export function guardTextArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.args.some((arg) => holdsText(arg.type))) continue;
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (source, args: Record<string, unknown>, context, info) => resolve(source, normaliseArguments(field, args), context, info);
    }
  }
  return schema;
}

const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g');

/**
 * The same rule for outputs, which must be safe on their own (rows written before the
 * door existed, text from other sources): what the door refuses is removed, line ends
 * become LF, and the text is NFC. Each output then applies its own escaping.
 */
export function outputText(value: string): string {
  return normaliseText(value.replace(FORBIDDEN_ALL, ''));
}

/** One line of text (an e-mail subject, a calendar name): any run of line breaks and tabs becomes a space. */
export function oneLine(value: string): string {
  return outputText(value).replace(/[\t\n]+/g, ' ').trim();
}

/** Text as HTML (or XML) character data and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
