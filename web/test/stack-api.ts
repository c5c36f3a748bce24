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

/** The token of the address-confirmation link the stack's SMTP server received for a partner registration to `to`. */
export async function partnerConfirmationToken(to: string): Promise<string> {
  return decodeURIComponent(await mailedLink(to, /\/kit\/partenaires\?confirmer=([^\s&"]+)/));
}

/** The first link matching `pattern` (its first group) in a mail the stack's SMTP server received for `to`. */
export async function mailedLink(to: string, pattern: RegExp): Promise<string> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    for (const name of readdirSync(dir)) {
      const mail = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string[]; text: string };
      const found = mail.to.includes(to) ? pattern.exec(mail.text)?.[1] : undefined;
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no link matching ${pattern} for ${to}`);
}
