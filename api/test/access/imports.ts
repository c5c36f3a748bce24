import { OPERATOR } from '../../src/auth/viewer';
import { ImportService } from '../../src/imports/import.service';
import { POLE, WITHOUT_ACCOUNT, outcomes, type AccessCase, type AccessScene } from '../access-table';

const ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//access//FR', 'BEGIN:VEVENT', 'UID:access-1', 'DTSTAMP:20260101T000000Z', 'DTSTART:20310621T200000', 'DTEND:20310621T220000', 'SUMMARY:Fête de la musique', 'GEO:47.6379;6.8628', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

/** A source of office A (a file, so nothing is fetched), as the operator registers it. */
async function sourceOf(scene: AccessScene): Promise<string> {
  const service = new ImportService({ dataSource: scene.dataSource, viewer: OPERATOR, allowPrivate: false });
  return (await service.create({ name: 'Agenda de l’office', format: 'ics', fileContent: ICS, defaultCategory: 'concert' }, scene.office.id)).id;
}

const OFFICE_A = ['officeAdmin', 'officeEditor', 'agendaKey'] as const;
const NO_AGENDA_WRITE = ['brandKey', 'partner'] as const;
/** On office A's source: its members and key; anyone else with agenda:write finds nothing there. */
const ON_OWN_SOURCE = outcomes({ OK: [...OFFICE_A], NOT_FOUND: ['otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT });

/** Import sources are the office's own: another office's, the Pôle's included, look missing. */
export const importCases: AccessCase[] = [
  {
    operation: 'importSources',
    state: 'office A’s source',
    prepare: async (scene) => {
      const id = await sourceOf(scene);
      return { query: `{ importSources { id } }`, sees: (data) => data.importSources.some((source: { id: string }) => source.id === id) };
    },
    expect: outcomes({ OK: [...OFFICE_A], HIDDEN: ['otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'importRun',
    state: 'a run of office A’s source',
    prepare: async (scene) => {
      const [run] = await scene.dataSource.query(`INSERT INTO import_run (source_id, state, trigger, finished_at) VALUES ($1, 'SUCCEEDED', 'CLI', now()) RETURNING id`, [await sourceOf(scene)]);
      return { query: `query($id: ID!) { importRun(id: $id) { id state } }`, variables: { id: run.id } };
    },
    expect: ON_OWN_SOURCE,
  },
  {
    operation: 'createImportSource',
    state: 'a new feed',
    prepare: async () => ({
      query: `mutation($input: ImportSourceInput!) { createImportSource(input: $input) { id } }`,
      variables: { input: { name: 'Flux', format: 'ics', url: 'https://agenda.example.org/feed.ics', defaultCategory: 'concert' } },
    }),
    expect: outcomes({ OK: [...OFFICE_A, 'otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(
    [
      ['updateImportSource', `mutation($id: ID!) { updateImportSource(id: $id, input: { name: "Renommé" }) { id } }`],
      ['deleteImportSource', `mutation($id: ID!) { deleteImportSource(id: $id) }`],
      ['runImportSource', `mutation($id: ID!) { runImportSource(id: $id) }`],
      ['dryRunImportSource', `mutation($id: ID!) { dryRunImportSource(id: $id) { created } }`],
    ] as const
  ).map(
    ([operation, query]): AccessCase => ({
      operation,
      state: 'office A’s source',
      prepare: async (scene) => ({ query, variables: { id: await sourceOf(scene) } }),
      expect: ON_OWN_SOURCE,
    }),
  ),
];
