import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createUser, issueApiKey } from '../factories';
import { newLinkToken } from '../../src/auth/link-token';
import { WITHOUT_ACCOUNT, allBut, outcomes, type AccessCase, type AccessScene, type ViewerName } from '../access-table';

const PEOPLE_WITH_ACCOUNTS: ViewerName[] = ['officeAdmin', 'officeEditor', 'otherOffice', 'partner', 'poleAdmin', 'poleEditor'];
const KEYS: ViewerName[] = ['agendaKey', 'brandKey', 'poleKey'];
const NOT_MANAGERS: ViewerName[] = ['officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'poleEditor', 'poleKey'];

/** An event image uploaded by office A's system. */
export async function uploadImage(scene: AccessScene): Promise<string> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'image.png');
  const response = await fetch(`${scene.api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', headers: { authorization: `Bearer ${scene.principals.agendaKey.token}` }, body: form });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 201 || !body.id) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** People, organisations, keys and uploads: who may manage whom. */
export const organisationCases: AccessCase[] = [
  {
    operation: 'login',
    state: 'a wrong password',
    // One address per viewer: the login budget is per email and address, and this table is not about it.
    prepare: async (_scene, viewer) => ({ query: `mutation($e: String!) { login(email: $e, password: "wrong password") { token } }`, variables: { e: `nobody-${viewer}@example.org` } }),
    expect: outcomes({ UNAUTHENTICATED: allBut([]) }),
  },
  {
    operation: 'me',
    state: 'the caller',
    prepare: async () => ({ query: `{ me { kind organisation { id } } }`, sees: (data) => data.me !== null }),
    expect: outcomes({ OK: [...PEOPLE_WITH_ACCOUNTS, ...KEYS], HIDDEN: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'refreshSession',
    state: 'the caller’s session',
    prepare: async () => ({ query: `mutation { refreshSession { token } }` }),
    expect: outcomes({ OK: PEOPLE_WITH_ACCOUNTS, FORBIDDEN: KEYS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'organisations',
    state: "office B's organisation",
    prepare: async (scene) => ({ query: `{ organisations { id } }`, sees: (data) => data.organisations.some((o: { id: string }) => o.id === scene.otherOffice.id) }),
    expect: outcomes({ OK: ['otherOffice', 'poleAdmin'], HIDDEN: ['officeAdmin', 'officeEditor', 'agendaKey', 'brandKey', 'partner', 'poleEditor', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'createOrganisation',
    state: 'a new partner',
    prepare: async () => ({ query: `mutation($n: String!) { createOrganisation(input: { kind: PARTNER, name: $n }) { id } }`, variables: { n: `Partenaire ${randomBytes(4).toString('hex')}` } }),
    expect: outcomes({ OK: ['poleAdmin'], FORBIDDEN: allBut(['poleAdmin'], WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'createUser',
    state: 'office A',
    prepare: async (scene) => ({
      query: `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      variables: { i: { organisationId: scene.office.id, email: `new-${randomBytes(4).toString('hex')}@example.org`, displayName: 'Nouvelle', role: 'EDITOR', password: 'a long enough password' } },
    }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'removeUser',
    state: 'an editor of office A',
    prepare: async (scene) => {
      const { user } = await createUser(scene.dataSource, { organisationId: scene.office.id });
      return { query: `mutation($id: ID!) { removeUser(id: $id) { id } }`, variables: { id: user.id } };
    },
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'changePassword',
    state: 'a wrong current password',
    prepare: async () => ({ query: `mutation { changePassword(currentPassword: "not it at all", newPassword: "another long password") { token } }` }),
    expect: outcomes({ BAD_USER_INPUT: PEOPLE_WITH_ACCOUNTS, FORBIDDEN: KEYS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'apiKeys',
    state: 'office A',
    prepare: async (scene) => ({ query: `query($o: ID) { apiKeys(organisationId: $o) { id } }`, variables: { o: scene.office.id } }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'issueApiKey',
    state: 'office A',
    prepare: async (scene) => ({ query: `mutation($o: ID!) { issueApiKey(input: { organisationId: $o, name: "sync", scopes: ["agenda:write"] }) { key } }`, variables: { o: scene.office.id } }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'revokeApiKey',
    state: "office A's key",
    prepare: async (scene) => {
      const { apiKey } = await issueApiKey(scene.dataSource, scene.office.id);
      return { query: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, variables: { id: apiKey.id } };
    },
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'mediaItem',
    state: "office A's upload",
    prepare: async (scene) => ({ query: `query($id: ID!) { mediaItem(id: $id) { id } }`, variables: { id: await uploadImage(scene) } }),
    expect: outcomes({ OK: ['officeAdmin', 'officeEditor', 'agendaKey', 'brandKey', 'poleAdmin'], NOT_FOUND: ['otherOffice', 'partner', 'poleEditor', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'deleteMedia',
    state: "office A's unattached upload",
    prepare: async (scene) => ({ query: `mutation($id: ID!) { deleteMedia(id: $id) }`, variables: { id: await uploadImage(scene) } }),
    expect: outcomes({ OK: ['officeAdmin', 'officeEditor', 'agendaKey', 'brandKey', 'poleAdmin'], NOT_FOUND: ['otherOffice', 'partner', 'poleEditor', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'deleteMedia',
    state: "office A's upload attached to an event",
    prepare: async (scene) => {
      const id = await uploadImage(scene);
      const created = await scene.api.graphql(
        `mutation($i: EventInput!) { createEvent(input: $i) { id } }`,
        { i: { title: { fr: 'Avec image' }, categories: ['concert'], isFree: true, imageUploadId: id, imageAlt: { fr: 'Une scène' }, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-07-01T20:00' }] } } },
        { token: scene.principals.agendaKey.token! },
      );
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      return { query: `mutation($id: ID!) { deleteMedia(id: $id) }`, variables: { id } };
    },
    // In reach but held by an event: never deleted from under it.
    expect: outcomes({ CONFLICT: ['officeAdmin', 'officeEditor', 'agendaKey', 'brandKey', 'poleAdmin'], NOT_FOUND: ['otherOffice', 'partner', 'poleEditor', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
];


// ——— Accounts of the espace pro: password resets, invitations, team ———

/** A pending invitation into office A, inserted directly; its link's token. */
async function pendingInvitation(scene: AccessScene, role: 'ADMIN' | 'EDITOR' = 'EDITOR'): Promise<{ id: string; token: string }> {
  const { token, hash } = newLinkToken();
  const [row] = await scene.dataSource.query(
    `INSERT INTO invitation (organisation_id, email, display_name, role, token_hash, expires_at) VALUES ($1, $2, 'Invitée', $3, $4, now() + interval '7 days') RETURNING id`,
    [scene.office.id, `invited-${randomBytes(4).toString('hex')}@example.org`, role, hash],
  );
  return { id: row.id, token };
}

export const accountCases: AccessCase[] = [
  {
    operation: 'requestPasswordReset',
    state: 'an address with no account',
    prepare: async (_scene, viewer) => ({ query: `mutation($e: String!) { requestPasswordReset(email: $e) }`, variables: { e: `nobody-${viewer}@example.org` } }),
    expect: outcomes({ OK: allBut([]) }),
  },
  {
    operation: 'resetPassword',
    state: 'a valid link of an editor of office A',
    prepare: async (scene) => {
      const { user } = await createUser(scene.dataSource, { organisationId: scene.office.id });
      const { token, hash } = newLinkToken();
      await scene.dataSource.query(`INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [user.id, hash]);
      return { query: `mutation($t: String!) { resetPassword(token: $t, newPassword: "a brand new long password") { token } }`, variables: { t: token } };
    },
    // The link is the credential: whoever holds it, signed in or not.
    expect: outcomes({ OK: allBut([]) }),
  },
  {
    operation: 'invitationPreview',
    state: 'a pending invitation into office A',
    prepare: async (scene) => ({ query: `query($t: String!) { invitationPreview(token: $t) { organisationName role } }`, variables: { t: (await pendingInvitation(scene)).token } }),
    expect: outcomes({ OK: allBut([]) }),
  },
  {
    operation: 'acceptInvitation',
    state: 'a pending invitation into office A',
    prepare: async (scene) => ({ query: `mutation($t: String!) { acceptInvitation(token: $t, displayName: "Nouvelle", password: "a long enough password") { token } }`, variables: { t: (await pendingInvitation(scene)).token } }),
    expect: outcomes({ OK: allBut([]) }),
  },
  {
    operation: 'members',
    state: 'office A',
    prepare: async (scene) => ({ query: `query($o: ID) { members(organisationId: $o) { id } }`, variables: { o: scene.office.id } }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'setUserRole',
    state: 'an editor of office A',
    prepare: async (scene) => {
      const { user } = await createUser(scene.dataSource, { organisationId: scene.office.id });
      return { query: `mutation($id: ID!) { setUserRole(id: $id, role: ADMIN) { role } }`, variables: { id: user.id } };
    },
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'inviteUser',
    state: 'office A',
    prepare: async (scene) => ({
      query: `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`,
      variables: { i: { organisationId: scene.office.id, email: `invitee-${randomBytes(4).toString('hex')}@example.org`, displayName: 'Invitée', role: 'EDITOR' } },
    }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'invitations',
    state: "office A's pending invitation",
    prepare: async (scene) => {
      const { id } = await pendingInvitation(scene);
      return { query: `query($o: ID) { invitations(organisationId: $o) { id } }`, variables: { o: scene.office.id }, sees: (data) => data.invitations.some((i: { id: string }) => i.id === id) };
    },
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'revokeInvitation',
    state: "office A's pending invitation",
    prepare: async (scene) => ({ query: `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, variables: { id: (await pendingInvitation(scene)).id } }),
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: NOT_MANAGERS, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
];
