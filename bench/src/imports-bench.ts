// Imports measured in one process against a real PostgreSQL: a generated Apidae export of N events
// (FETE_ET_MANIFESTATION objects spread over the territory's communes) read and written through the
// agenda's own writer, then the same file again (every item unchanged). `npm run bench -- --imports`
// runs only this part (`--import-events N`, 10,000 by default; 500 with --quick).
import { performance } from 'node:perf_hooks';
import { OPERATOR } from '@nfc/api/dist/auth/viewer';
import { createDataSource } from '@nfc/api/dist/database/data-source';
import { ImportService } from '@nfc/api/dist/imports/import.service';
import { apidaeOf, type FixtureEvent } from '@nfc/api/dist/imports/source-fixtures';
import { OrganisationService } from '@nfc/api/dist/organisations/organisation.service';

export interface ImportBenchRow {
  label: string;
  events: number;
  seconds: number;
  perSecond: number;
  rerunSeconds: number;
}

/** N events, a few categories, one date each over the coming year, in every commune in turn. */
export function generatedApidae(events: number, communes: string[]): string {
  const categories = ['Musique', 'Théâtre', 'Marché', 'Randonnée', 'Exposition'];
  const start = Date.UTC(new Date().getUTCFullYear() + 1, 0, 1);
  const list: FixtureEvent[] = Array.from({ length: events }, (_, i) => ({
    id: String(100_000 + i),
    title: `Événement ${i} — ${categories[i % categories.length]}`,
    day: new Date(start + (i % 365) * 86_400_000).toISOString().slice(0, 10),
    time: `${String(9 + (i % 12)).padStart(2, '0')}:00`,
    end: `${String(10 + (i % 12)).padStart(2, '0')}:30`,
    insee: communes[i % communes.length]!,
    category: categories[i % categories.length]!,
  }));
  return apidaeOf(list);
}

export async function measureImports(url: string, events: number): Promise<ImportBenchRow> {
  const dataSource = createDataSource({ url, poolSize: 4 });
  await dataSource.initialize();
  try {
    const communes = (await dataSource.query(`SELECT insee_code FROM commune ORDER BY insee_code`)).map((row: { insee_code: string }) => row.insee_code);
    const office = await new OrganisationService({ dataSource, viewer: OPERATOR }).createOrganisation({ kind: 'TOURISM_OFFICE', name: `OT bench imports ${process.pid}`, epciSiren: '200069052' });
    const service = new ImportService({ dataSource, viewer: OPERATOR, allowPrivate: false });
    const source = await service.create(
      { name: 'Export Apidae généré', format: 'apidae', fileContent: generatedApidae(events, communes), defaultCategory: 'show', categoryMapping: [{ source: 'Musique', category: 'concert' }, { source: 'Marché', category: 'market' }] },
      office.id,
    );
    const first = performance.now();
    const run = await service.runNow(source.id, 'CLI');
    const seconds = (performance.now() - first) / 1000;
    if (run.outcome.counts.created !== events) throw new Error(`expected ${events} created, got ${JSON.stringify(run.outcome.counts)}`);
    const again = performance.now();
    const rerun = await service.runNow(source.id, 'CLI');
    const rerunSeconds = (performance.now() - again) / 1000;
    if (rerun.outcome.counts.unchanged !== events) throw new Error(`expected ${events} unchanged, got ${JSON.stringify(rerun.outcome.counts)}`);
    return { label: 'Apidae export (file), created', events, seconds, perSecond: events / seconds, rerunSeconds };
  } finally {
    await dataSource.destroy();
  }
}

export function importsSection(rows: ImportBenchRow[], machine: string, quick: boolean): string {
  return `<!-- imports:start -->
## Imports (\`npm run bench -- --imports\`)

Measured${quick ? ' in quick mode (not for comparison)' : ''} on ${new Date().toISOString().slice(0, 10)}, ${machine}, Node ${process.version}.
A generated Apidae export read, mapped and written through \`EventService.upsert\` (each item checked and written in its own transaction, duplicates flagged), in one process; then the same file again.

| source | events | first run (s) | events/s | re-run, nothing changed (s) |
|---|---|---|---|---|
${rows.map((row) => `| ${row.label} | ${row.events.toLocaleString('en')} | ${row.seconds.toFixed(1)} | ${row.perSecond.toFixed(0)} | ${row.rerunSeconds.toFixed(1)} |`).join('\n')}
<!-- imports:end -->
`;
}
