/** The test stack's API (NFC_API_URL), as a test drives it beside the browser. */
export interface GraphqlAnswer {
  data?: any;
  errors?: Array<{ message?: string; extensions?: { code?: string; [name: string]: unknown } }>;
}

/** One GraphQL request to the stack's API, as a person's token (or anonymously). */
export async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlAnswer> {
  const response = await fetch(`${process.env.NFC_API_URL!}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as GraphqlAnswer;
}
