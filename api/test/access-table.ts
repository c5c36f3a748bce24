import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { scopesForUser, type ErrorCode, type OrganisationKind, type Scope } from '@nfc/shared';
import { signAccessToken } from '../src/auth/tokens';
import type { Viewer } from '../src/auth/viewer';
import { signContestToken, type ContestRole } from '../src/contest/contest-access';
import type { TestApi } from './api';
import { createOrganisation, createUser, issueApiKey } from './factories';

/**
 * The access tables: `(viewer, operation, row state) → outcome`, one table per domain, run
 * over the real HTTP API. Every viewer below must appear in every row, so adding a viewer or
 * forgetting one fails loudly; `schema-access.test.ts` fails when an operation of the schema
 * has no row at all.
 */
export const VIEWERS = [
  'anonymous',
  'officeAdmin',
  'officeEditor',
  'otherOffice',
  'agendaKey',
  'brandKey',
  'partner',
  'poleAdmin',
  'poleEditor',
  'poleKey',
  'entrant',
  'juror',
  'voter',
] as const;
export type ViewerName = (typeof VIEWERS)[number];

/** OK: answered; HIDDEN: answered, without the row of the scene; otherwise the error code. */
export type Outcome = 'OK' | 'HIDDEN' | ErrorCode;

export const WITHOUT_ACCOUNT: ViewerName[] = ['anonymous', 'entrant', 'juror', 'voter'];
export const POLE: ViewerName[] = ['poleAdmin', 'poleEditor', 'poleKey'];

export interface Principal {
  token: string | null;
  organisationId: string | null;
  /** The viewer as the services see it (null for anonymous and contest principals). */
  viewer: Viewer | null;
}

export interface AccessScene {
  api: TestApi;
  dataSource: DataSource;
  office: { id: string };
  otherOffice: { id: string };
  pole: { id: string };
  partnerOrganisation: { id: string };
  contestId: string;
  principals: Record<ViewerName, Principal>;
}

/** What one case sends, and how to tell whether the scene's row was in the answer. */
export interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /** For lists and reads: true when the answer shows the scene's row. */
  sees?: (data: Record<string, any>) => boolean;
}

export interface AccessCase {
  /** The root field of the schema this row exercises. */
  operation: string;
  /** The row state, in words: "own draft", "another office's published event"… */
  state: string;
  /** Builds a fresh scene row for one viewer (mutations change it), and the request. */
  prepare(scene: AccessScene, viewer: ViewerName): Promise<Request>;
  expect: Record<ViewerName, Outcome>;
}

/**
 * Builds the outcome of every viewer from a few groups; a viewer in no group, or in two,
 * is a mistake in the table and throws.
 */
export function outcomes(groups: Partial<Record<Outcome, ViewerName[]>>): Record<ViewerName, Outcome> {
  const result = {} as Record<ViewerName, Outcome>;
  for (const [outcome, names] of Object.entries(groups) as Array<[Outcome, ViewerName[]]>) {
    for (const name of names) {
      if (result[name]) throw new Error(`${name} is listed twice`);
      result[name] = outcome;
    }
  }
  const missing = VIEWERS.filter((name) => !result[name]);
  if (missing.length) throw new Error(`No outcome for ${missing.join(', ')}`);
  return result;
}

/** Every viewer but these. */
export function allBut(...names: ViewerName[][]): ViewerName[] {
  const excluded = new Set(names.flat());
  return VIEWERS.filter((name) => !excluded.has(name));
}

function asViewer(kind: 'USER' | 'API_KEY', id: string, organisationId: string, organisationKind: OrganisationKind, scopes: Scope[]): Viewer {
  return kind === 'USER'
    ? { kind, userId: id, organisationId, organisationKind, role: 'EDITOR', scopes }
    : { kind, apiKeyId: id, organisationId, organisationKind, scopes };
}

/** Two offices, the Pôle, an approved partner, their people and keys, and contest principals. */
export async function createAccessScene(api: TestApi, dataSource: DataSource): Promise<AccessScene> {
  const secret = api.config.jwtSecret;
  const office = await createOrganisation(dataSource, { kind: 'TOURISM_OFFICE', name: 'Office A' });
  const otherOffice = await createOrganisation(dataSource, { kind: 'TOURISM_OFFICE', name: 'Office B', epciSiren: '200065647' });
  const pole = await createOrganisation(dataSource, { kind: 'POLE', name: 'Pôle' });
  const partnerOrganisation = await createOrganisation(dataSource, { kind: 'PARTNER', name: 'Partner' });

  const person = async (organisationId: string, kind: OrganisationKind, role: 'ADMIN' | 'EDITOR'): Promise<Principal> => {
    const { user } = await createUser(dataSource, { organisationId, role });
    return { token: signAccessToken(user.id, secret, 3600).token, organisationId, viewer: asViewer('USER', user.id, organisationId, kind, scopesForUser(kind, role)) };
  };
  const key = async (organisationId: string, kind: OrganisationKind, scopes: Scope[]): Promise<Principal> => {
    const issued = await issueApiKey(dataSource, organisationId, scopes);
    return { token: issued.key, organisationId, viewer: asViewer('API_KEY', issued.apiKey.id, organisationId, kind, scopes) };
  };
  const contest = async (role: ContestRole, contestId: string): Promise<Principal> => ({
    token: signContestToken({ role, id: randomUUID(), contestId }, secret).token,
    organisationId: null,
    viewer: null,
  });

  const poleAdmin = await person(pole.id, 'POLE', 'ADMIN');
  const created = await api.graphql(
    `mutation($input: CreateContestInput!) { createContest(input: $input) { id } }`,
    { input: contestInput('access') },
    { token: poleAdmin.token! },
  );
  if (created.errors) throw new Error(`contest not created: ${JSON.stringify(created.errors)}`);
  const contestId = created.data!.createContest.id as string;

  return {
    api,
    dataSource,
    office,
    otherOffice,
    pole,
    partnerOrganisation,
    contestId,
    principals: {
      anonymous: { token: null, organisationId: null, viewer: null },
      officeAdmin: await person(office.id, 'TOURISM_OFFICE', 'ADMIN'),
      officeEditor: await person(office.id, 'TOURISM_OFFICE', 'EDITOR'),
      otherOffice: await person(otherOffice.id, 'TOURISM_OFFICE', 'EDITOR'),
      agendaKey: await key(office.id, 'TOURISM_OFFICE', ['agenda:write']),
      brandKey: await key(office.id, 'TOURISM_OFFICE', ['brand:read']),
      partner: await person(partnerOrganisation.id, 'PARTNER', 'ADMIN'),
      poleAdmin,
      poleEditor: await person(pole.id, 'POLE', 'EDITOR'),
      poleKey: await key(pole.id, 'POLE', ['agenda:write', 'brand:read', 'brand:write', 'moderation']),
      entrant: await contest('ENTRANT', contestId),
      juror: await contest('JUROR', contestId),
      voter: await contest('VOTER', contestId),
    },
  };
}

const DAY = 24 * 3600 * 1000;

/** A contest open for entries, as the Pôle creates it. */
export function contestInput(slug: string): Record<string, unknown> {
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  return {
    slug,
    title: { fr: `Concours ${slug}`, en: 'Contest', de: 'Wettbewerb' },
    summary: { fr: 'Résumé' },
    rules: { fr: 'Règlement' },
    maxEntriesTotal: 3,
    licenceUses: ['WEBSITE'],
    licenceYears: 2,
    submissionOpensAt: at(-1),
    submissionClosesAt: at(10),
    moderationClosesAt: at(12),
    juryOpensAt: at(10),
    juryClosesAt: at(20),
    voteOpensAt: at(11),
    voteClosesAt: at(18),
    resultsAt: at(21),
  };
}

/** The outcome the API gave: OK, HIDDEN (answered without the scene's row) or the error code. */
export async function outcomeOf(scene: AccessScene, viewer: ViewerName, request: Request): Promise<Outcome> {
  const token = scene.principals[viewer].token;
  const response = await scene.api.graphql(request.query, request.variables, token ? { token } : {});
  const code = response.errors?.[0]?.extensions?.code as ErrorCode | undefined;
  if (code) return code;
  if (response.status >= 400) throw new Error(`HTTP ${response.status} without a code`);
  if (request.sees && !request.sees(response.data!)) return 'HIDDEN';
  return 'OK';
}

/** Runs one table: a test per row and viewer, named after them. */
export function describeAccessTable(domain: string, cases: AccessCase[], getScene: () => AccessScene): void {
  describe(`${domain}: who may do what`, () => {
    const rows = cases.flatMap((row) => VIEWERS.map((viewer) => [row.operation, row.state, viewer, row.expect[viewer], row] as const));
    test.each(rows)('%s on %s as %s → %s', async (_operation, _state, viewer, expected, row) => {
      const scene = getScene();
      expect(await outcomeOf(scene, viewer, await row.prepare(scene, viewer))).toBe(expected);
    });
  });
}
