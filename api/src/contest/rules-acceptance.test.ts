import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { signAccessToken } from '../auth/tokens';
import { signContestToken } from './contest-access';
import { DEMO_CONTEST_SLUG, seedDemoContest } from './seed-demo-contest';
import { seedDemoContestEntries } from './seed-demo-entries';

/** A new rules version is accepted before the entrant's next photo or correction, never silently. */
const env = useTestApi();
let entrant: string;
let entryId: string;

const MINE = `query { myContestEntries { rulesVersion currentRulesVersion } }`;
const SUBMIT = `mutation($uploadId: ID!, $input: EntryInput!) { submitEntry(uploadId: $uploadId, input: $input) { id } }`;
const ACCEPT = `mutation($version: Int!) { acceptContestRules(version: $version) }`;

beforeAll(async () => {
  const { dataSource } = env.db;
  await seedDemoContest(dataSource, env.api.contest);
  await seedDemoContestEntries(dataSource, env.api.contest);
  const [row] = await dataSource.query(
    `SELECT t.id, t.contest_id, e.id AS entry_id FROM contest_entrant t JOIN contest_entry e ON e.entrant_id = t.id JOIN contest c ON c.id = t.contest_id WHERE c.slug = $1 ORDER BY t.email LIMIT 1`,
    [DEMO_CONTEST_SLUG],
  );
  entrant = signContestToken({ role: 'ENTRANT', id: row.id, contestId: row.contest_id }, env.api.config.jwtSecret).token;
  entryId = row.entry_id;
  const pole = await createOrganisation(dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(dataSource, { organisationId: pole.id, role: 'ADMIN' });
  const published = await env.api.graphql(`mutation($id: ID!, $body: LocalizedTextInput!) { publishContestRules(id: $id, body: $body) }`, { id: row.contest_id, body: { fr: 'Règlement v2 : un article de plus.' } }, { token: signAccessToken(user.id, env.api.config.jwtSecret, 3600).token });
  expect(published.data!.publishContestRules).toBe(2);
});

test('the entrant sees that the rules changed, and cannot submit before accepting them', async () => {
  expect((await env.api.graphql(MINE, {}, { token: entrant })).data!.myContestEntries).toEqual({ rulesVersion: 1, currentRulesVersion: 2 });
  const input = { categoryId: '00000000-0000-4000-8000-000000000001', title: 'Titre', altText: 'Texte', communeInsee: '90010', peoplePresent: false };
  const refused = await env.api.graphql(SUBMIT, { uploadId: '00000000-0000-4000-8000-000000000002', input }, { token: entrant });
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONSENT_REQUIRED', currentRulesVersion: 2 });
});

test('withdrawing stays possible without accepting: it is a right, not a new action under the rules', async () => {
  const withdrawn = await env.api.graphql(`mutation($id: ID!) { withdrawEntry(id: $id) { state } }`, { id: entryId }, { token: entrant });
  expect(withdrawn.data!.withdrawEntry.state).toBe('WITHDRAWN');
});

test('only the current version can be accepted; once it is, the submission goes on to its own checks', async () => {
  expect((await env.api.graphql(ACCEPT, { version: 1 }, { token: entrant })).errors?.[0]?.extensions).toMatchObject({ reason: 'CONSENT_REQUIRED', currentRulesVersion: 2 });
  expect((await env.api.graphql(ACCEPT, { version: 2 }, { token: entrant })).data!.acceptContestRules).toBe(2);
  expect((await env.api.graphql(MINE, {}, { token: entrant })).data!.myContestEntries).toEqual({ rulesVersion: 2, currentRulesVersion: 2 });
  const [accepted] = await env.db.dataSource.query(`SELECT licence_accepted_at > now() - interval '1 minute' AS fresh FROM contest_entrant WHERE rules_version = 2`);
  expect(accepted.fresh).toBe(true);
  const input = { categoryId: '00000000-0000-4000-8000-000000000001', title: 'Titre', altText: 'Texte', communeInsee: '90010', peoplePresent: false };
  const next = await env.api.graphql(SUBMIT, { uploadId: '00000000-0000-4000-8000-000000000002', input }, { token: entrant });
  expect(next.errors?.[0]?.extensions?.reason).not.toBe('CONSENT_REQUIRED');
  expect(next.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
});
