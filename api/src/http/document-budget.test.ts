import { ACCESSIBILITY_CODES, EVENT_CATEGORY_IDS, EVENT_STATUSES, LIMITS } from '@nfc/shared';
import { useTestApi } from '../../test/api';

// Production settings where they matter here: the public query cache on, introspection off.
const env = useTestApi({ config: { introspection: false, publicQueryCacheMs: 5000 } });

interface Answer {
  status: number;
  codes: string[];
  messages: string[];
}

async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  const body = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: response.status, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?'), messages: (body.errors ?? []).map((e) => e.message) };
}

function post(query: unknown, variables?: unknown, operationName?: string): Promise<Answer> {
  return fetch(`${env.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables, operationName }) }).then(read);
}

/** A body written by hand: JSON.stringify itself overflows the stack on values this deep. */
function postRaw(body: string): Promise<Answer> {
  return fetch(`${env.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(read);
}

function get(query: string, variables?: unknown): Promise<Answer> {
  const params = new URLSearchParams({ query, ...(variables === undefined ? {} : { variables: JSON.stringify(variables) }) });
  return fetch(`${env.api.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true' } }).then(read);
}

/** `levels` list literals around a string, inside an object literal: levels + 1 input levels. */
const nestedLists = (levels: number) => `${'['.repeat(levels)}"concert"${']'.repeat(levels)}`;
/** A JSON value nested `levels` deep (each array is one level). */
const nestedJson = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}"concert"${']'.repeat(levels)}`);
/** A list of `n - 16` categories: a document of exactly `n` tokens. */
const withTokens = (n: number) => `{ events(filter: {categories: [${'"x" '.repeat(n - 16)}]}) { totalCount } }`;
/** `{ territory { name name … } }`: exactly `n` tokens. */
const repeatedField = (n: number) => `{ territory { ${'name '.repeat(n - 5)}} }`;
const operations = (n: number) => Array.from({ length: n }, (_, i) => `query q${i} { territory { name } }`).join('\n');
const fragmentDefinitions = (n: number) => Array.from({ length: n }, (_, i) => `fragment f${i} on Territory { name }`).join(' ');
const fragmentSpreads = (n: number) => `{ territory { ${Array.from({ length: n }, (_, i) => `...f${i}`).join(' ')} } } ${fragmentDefinitions(n)}`;
const directives = (n: number) => `{ territory { ${'name @include(if: true) '.repeat(n)}} }`;

const HEAVIEST_AGENDA = `query($f: EventFilter) { events(filter: $f, first: 50) { totalCount pageInfo { hasNextPage endCursor }
  nodes { startsAt endsAt event { id slug title status isFree priceMin categories { id label } image { credit variants { url width format } }
  place { name commune { name epci { name } } } } } } }`;

describe('the document budget refuses before parsing', () => {
  // [what, request, code]
  const refused: Array<[string, () => Promise<Answer>, 'QUERY_TOO_COMPLEX' | 'BAD_USER_INPUT', RegExp]> = [
    ['a document over the byte limit (a comment, no extra token)', () => post(`{ territory { name } } #${'x'.repeat(LIMITS.maxQueryBytes)}`), 'QUERY_TOO_COMPLEX', /bytes/],
    ['a document over the byte limit in multi-byte characters', () => post(`{ territory { name } } #${'é'.repeat(LIMITS.maxQueryBytes / 2)}`), 'QUERY_TOO_COMPLEX', /bytes/],
    ['one token too many', () => post(withTokens(LIMITS.maxTokens + 1)), 'QUERY_TOO_COMPLEX', /tokens/],
    ['one operation too many', () => post(operations(LIMITS.maxOperations + 1), undefined, 'q0'), 'QUERY_TOO_COMPLEX', /operations/],
    ['one anonymous operation too many', () => post('{ territory { name } }'.repeat(LIMITS.maxOperations + 1)), 'QUERY_TOO_COMPLEX', /operations/],
    ['one fragment spread too many', () => post(fragmentSpreads(LIMITS.maxFragments + 1)), 'QUERY_TOO_COMPLEX', /fragment spreads/],
    ['one inline fragment too many', () => post(`{ territory { ${'... on Territory { name } '.repeat(LIMITS.maxFragments + 1)}} }`), 'QUERY_TOO_COMPLEX', /fragment spreads/],
    ['one fragment definition too many (unused ones included)', () => post(`{ territory { name } } ${fragmentDefinitions(LIMITS.maxFragments + 1)}`), 'QUERY_TOO_COMPLEX', /fragments/],
    ['one directive too many', () => post(directives(LIMITS.maxDirectives + 1)), 'QUERY_TOO_COMPLEX', /directives/],
    ['an argument literal one level too deep', () => post(`{ events(filter: {categories: ${nestedLists(LIMITS.maxInputDepth)}}) { totalCount } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['an argument literal 5000 levels deep', () => post(`{ events(filter: {categories: ${nestedLists(5000)}}) { totalCount } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['a variable default one level too deep', () => post(`query($f: EventFilter = {categories: ${nestedLists(LIMITS.maxInputDepth)}}) { events(filter: $f) { totalCount } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['a directive argument one level too deep', () => post(`{ territory { name @include(if: ${nestedLists(LIMITS.maxInputDepth + 1)}) } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['a list type one level too deep', () => post(`query($x: ${'['.repeat(LIMITS.maxInputDepth + 1)}String${']'.repeat(LIMITS.maxInputDepth + 1)}) { territory { name } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['variables one level too deep', () => post(HEAVIEST_AGENDA, { f: { categories: nestedJson(LIMITS.maxInputDepth) } }), 'BAD_USER_INPUT', /nest too deeply/],
    ['variables 5000 levels deep', () => postRaw(`{"query": ${JSON.stringify(HEAVIEST_AGENDA)}, "variables": {"f": {"categories": ${'['.repeat(5000)}"concert"${']'.repeat(5000)}}}}`), 'BAD_USER_INPUT', /nest too deeply/],
    ['variables with one value too many', () => post(HEAVIEST_AGENDA, { f: { categories: Array.from({ length: LIMITS.maxVariableValues - 1 }, () => 'concert') } }), 'BAD_USER_INPUT', /values/],
    ['a query that is not a string', () => post({ kind: 'Document' }), 'BAD_USER_INPUT', /string/],
    ['GET: one token too many', () => get(withTokens(LIMITS.maxTokens + 1)), 'QUERY_TOO_COMPLEX', /tokens/],
    ['GET: an argument literal 1000 levels deep', () => get(`{ events(filter: {categories: ${nestedLists(1000)}}) { totalCount } }`), 'BAD_USER_INPUT', /nest too deeply/],
    ['GET: variables one level too deep', () => get(HEAVIEST_AGENDA, { f: { categories: nestedJson(LIMITS.maxInputDepth) } }), 'BAD_USER_INPUT', /nest too deeply/],
  ];

  test.each(refused)('%s: HTTP 400 with a stable code', async (_what, send, code, message) => {
    const answer = await send();
    expect(answer).toEqual({ status: 400, codes: [code], messages: [expect.stringMatching(message)] });
  });
});

describe('documents within the budget still run', () => {
  // [what, request]: each passes the budget; Apollo answers it, without error.
  const accepted: Array<[string, () => Promise<Answer>]> = [
    ["the website's heaviest agenda query", () => post(HEAVIEST_AGENDA, { f: { from: '2031-01-01T00:00:00Z' } })],
    ['exactly the operation limit, one chosen by name', () => post(operations(LIMITS.maxOperations), undefined, `q${LIMITS.maxOperations - 1}`)],
    ['operations and fragments named like keywords', () => post('query query { territory { ...query } } fragment query on Territory { name }')],
    ['exactly the fragment limit', () => post(fragmentSpreads(LIMITS.maxFragments))],
    ['exactly the directive limit', () => post(directives(LIMITS.maxDirectives))],
    ['a comment just under the byte limit', () => post(`{ territory { name } } #${'x'.repeat(LIMITS.maxQueryBytes - 24)}`)],
    ["the website's filtered agenda, by variables", () => post(`query($f: EventFilter) { events(filter: $f) { totalCount } }`, { f: { from: '2031-01-01T00:00:00Z', categories: ['concert'] } })],
    ['GET: a public query', () => get('{ territory { name } }')],
  ];

  test.each(accepted)('%s', async (_what, send) => {
    expect(await send()).toEqual({ status: 200, codes: [], messages: [] });
  });

  test("exactly the token limit passes the budget; one field repeated that often meets graphql-js's own bound on merging fields", async () => {
    expect(await post(repeatedField(LIMITS.maxTokens))).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], messages: ['Validation aborted.'] });
    expect(await post(repeatedField(LIMITS.maxTokens + 1))).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'], messages: [`The document exceeds ${LIMITS.maxTokens} tokens.`] });
  });

  test('several operations without an operation name: 400, not 500 (the public cache included)', async () => {
    expect(await post(operations(2))).toEqual({ status: 400, codes: ['OPERATION_RESOLUTION_FAILURE'], messages: [expect.stringMatching(/operation name/)] });
  });

  // [what, document, refused]: at most LIMITS.maxPagesPerRequest pages, their `first` summing to at most LIMITS.maxItemsPerRequest.
  const pages = (...firsts: Array<number | string | null>) =>
    `{ ${firsts.map((first, i) => `p${i}: events${first === null ? '' : `(first: ${first})`} { totalCount }`).join(' ')} }`;
  const pageBudget: Array<[string, string, boolean]> = [
    ['two full pages', pages(LIMITS.maxPageSize, LIMITS.maxPageSize), false],
    ['two full pages and one item more', pages(LIMITS.maxPageSize, LIMITS.maxPageSize, 1), true],
    ['as many pages as allowed, of the default size', pages(...Array.from({ length: LIMITS.maxPagesPerRequest }, () => null)), false],
    ['one page too many, of one item each', pages(...Array.from({ length: LIMITS.maxPagesPerRequest + 1 }, () => 1)), true],
    ['a variable counts as a full page', `query($n: Int! = 1) ${pages('$n', '$n', 1)}`, true],
    ['pages inside fragments count too', `{ ...A ...B } fragment A on Query { a: events(first: 100) { totalCount } } fragment B on Query { b: events(first: 100) { totalCount } ...C } fragment C on Query { c: communes(first: 1) { totalCount } }`, true],
  ];

  test.each(pageBudget)('page budget: %s', async (_what, document, refused) => {
    const answer = await post(document);
    if (refused) expect(answer).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'], messages: [expect.stringMatching(/items|pages/)] });
    else expect(answer).toEqual({ status: 200, codes: [], messages: [] });
  });

  test('list filters hold no more values than there are: each value costs a comparison per row scanned', async () => {
    const answer = await post(withTokens(LIMITS.maxTokens));
    expect(answer).toMatchObject({ status: 200, codes: ['BAD_USER_INPUT'] });
    const all = await post(`{ events(filter: {categories: ${JSON.stringify(EVENT_CATEGORY_IDS)}, accessibility: [${ACCESSIBILITY_CODES.join(', ')}], statuses: [${EVENT_STATUSES.join(', ')}]}) { totalCount } }`);
    expect(all).toEqual({ status: 200, codes: [], messages: [] });
  });

  test('input nested exactly to the limit passes the budget (and then fails on its type, not its depth)', async () => {
    // The filter object is one level, the lists the others.
    const literal = await post(`{ events(filter: {categories: ${nestedLists(LIMITS.maxInputDepth - 1)}}) { totalCount } }`);
    const variables = await post(HEAVIEST_AGENDA, { f: { categories: nestedJson(LIMITS.maxInputDepth - 1) } });
    for (const answer of [literal, variables]) {
      expect(answer.status).toBe(400);
      expect(answer.codes).toEqual([expect.stringMatching(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/)]);
      expect(answer.messages[0]).not.toMatch(/nest too deeply/);
    }
  });

  test('selection sets nested as deep as the token budget allows get a clean refusal from armor, not a crash', async () => {
    // `{ a { a … } }`: three tokens a level.
    const levels = Math.floor(LIMITS.maxTokens / 3);
    const answer = await post(`${'{ a '.repeat(levels)}${'} '.repeat(levels)}`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.codes).not.toContain('INTERNAL');
  });
});
