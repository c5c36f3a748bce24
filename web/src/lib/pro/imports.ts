import { z } from 'astro/zod';
import { API_URL, ApiError, queryAs } from '../api';

/** Import sources of the office (/pro/sources), through the API as the person signed in. */
const FieldError = z.object({ field: z.string(), message: z.string() });
const ItemReport = z.object({ externalId: z.string(), title: z.string().nullable(), outcome: z.string(), code: z.string().nullable(), errors: z.array(FieldError) });
const Run = z.object({
  id: z.string(),
  state: z.string(),
  trigger: z.string(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  cancelled: z.number(),
  deleted: z.number(),
  refused: z.number(),
  error: z.string().nullable(),
  queuedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const Source = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  hasFile: z.boolean(),
  schedule: z.string(),
  defaultCategory: z.string(),
  categoryMapping: z.array(z.object({ source: z.string(), category: z.string() })),
  lastRuns: z.array(Run),
});
export type ImportSource = z.infer<typeof Source>;
export type ImportRun = z.infer<typeof Run>;
export type ImportItem = z.infer<typeof ItemReport>;
const DryRun = z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), cancelled: z.number(), deleted: z.number(), refused: z.number(), items: z.array(ItemReport) });
export type DryRun = z.infer<typeof DryRun>;

/** A dry run checks every item of the source, as a run would (a few thousand take a minute or two). */
const DRY_RUN_TIMEOUT_MS = 300_000;

const RUN_FIELDS = 'id state trigger created updated unchanged cancelled deleted refused error queuedAt finishedAt';

export async function importSources(token: string): Promise<ImportSource[]> {
  return (await queryAs(token, z.object({ importSources: z.array(Source) }), `{ importSources { id name format url fileName hasFile schedule defaultCategory categoryMapping { source category } lastRuns { ${RUN_FIELDS} } } }`)).importSources;
}

export async function importRun(token: string, id: string): Promise<ImportRun & { problems: ImportItem[] }> {
  return (await queryAs(token, z.object({ importRun: Run.extend({ problems: z.array(ItemReport) }) }), `query($id: ID!) { importRun(id: $id) { ${RUN_FIELDS} problems { externalId title outcome code errors { field message } } } }`, { id })).importRun;
}

export async function createImportSource(token: string, input: Record<string, unknown>): Promise<string> {
  return (await queryAs(token, z.object({ createImportSource: z.object({ id: z.string() }) }), `mutation($input: ImportSourceInput!) { createImportSource(input: $input) { id } }`, { input })).createImportSource.id;
}

export async function deleteImportSource(token: string, id: string): Promise<void> {
  await queryAs(token, z.object({ deleteImportSource: z.boolean() }), `mutation($id: ID!) { deleteImportSource(id: $id) }`, { id });
}

export async function runImportSource(token: string, id: string): Promise<string> {
  return (await queryAs(token, z.object({ runImportSource: z.string() }), `mutation($id: ID!) { runImportSource(id: $id) }`, { id })).runImportSource;
}

export async function dryRunImportSource(token: string, id: string): Promise<DryRun> {
  return (await queryAs(token, z.object({ dryRunImportSource: DryRun }), `mutation($id: ID!) { dryRunImportSource(id: $id) { created updated unchanged cancelled deleted refused items { externalId title outcome code errors { field message } } } }`, { id }, DRY_RUN_TIMEOUT_MS)).dryRunImportSource;
}

/** Sends the file a source is read from to the API (POST /imports/sources/<id>/file). */
export async function sendImportFile(token: string, id: string, file: File): Promise<void> {
  const body = new FormData();
  body.append('file', file, file.name || 'source');
  let response: Response;
  try {
    response = await fetch(`${API_URL}/imports/sources/${encodeURIComponent(id)}/file?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body, signal: AbortSignal.timeout(60_000) });
  } catch {
    throw new ApiError('The API cannot be reached.', 'SERVICE_UNAVAILABLE');
  }
  if (response.ok) return;
  const answer = (await response.json().catch(() => ({}))) as { errors?: Array<{ message?: string; extensions?: { code?: string; reason?: string } }> };
  const first = answer.errors?.[0];
  throw new ApiError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? 'INTERNAL', [], undefined, first?.extensions?.reason);
}

/** "Musique = concert" per line, as the category table. */
export function mappingFrom(text: string): Array<{ source: string; category: string }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('='))
    .filter((parts) => parts.length === 2 && parts[0]!.trim() && parts[1]!.trim())
    .map(([source, category]) => ({ source: source!.trim(), category: category!.trim() }));
}
