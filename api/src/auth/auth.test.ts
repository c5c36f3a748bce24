import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi, forgetBudgets } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';

let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { rateLimit: { anonymousPerMinute: 10_000, apiKeyPerMinute: 10_000, loginPerMinute: 1000 } } });
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { email role } organisation { kind } } }`;
const ME = `{ me { kind scopes organisation { id kind } user { email } } }`;

async function login(email: string, password: string): Promise<string> {
  const { data, errors } = await api.graphql(LOGIN, { email, password });
  expect(errors).toBeUndefined();
  return data!.login.token;
}

describe('people', () => {
  test('log in and see who they are, with the scopes of their role', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'EDITOR' });
    const token = await login(user.email.toUpperCase(), password);
    const { data } = await api.graphql(ME, {}, { token });
    expect(data!.me).toEqual({ kind: 'USER', scopes: ['agenda:write', 'brand:read'], organisation: { id: office.id, kind: 'TOURISM_OFFICE' }, user: { email: user.email } });
  });

  test('anonymous callers are nobody', async () => {
    const { data, errors } = await api.graphql(ME);
    expect(errors).toBeUndefined();
    expect(data!.me).toBeNull();
  });

  test('a wrong password and an unknown account get the same answer', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user } = await createUser(db.dataSource, { organisationId: office.id });
    const wrongPassword = await api.graphql(LOGIN, { email: user.email, password: 'not the password at all' });
    const unknownAccount = await api.graphql(LOGIN, { email: 'nobody@example.org', password: 'not the password at all' });
    expect(wrongPassword.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownAccount.errors?.[0]).toEqual(wrongPassword.errors?.[0]);
  });

  test('a forged or garbled token is refused with 401', async () => {
    for (const token of ['eyJhbGciOiJIUzI1NiJ9.e30.forged', 'garbage']) {
      const response = await api.graphql(ME, {}, { token });
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const wrongScheme = await api.graphql(ME, {}, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(wrongScheme.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a password hash is never stored in clear nor exposed', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id });
    const [row] = await db.dataSource.query(`SELECT password_hash FROM user_account WHERE id = $1`, [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
    const { errors } = await api.graphql(`{ me { user { passwordHash } } }`, {}, { token: await login(user.email, password) });
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('API keys', () => {
  test('an office admin issues a key, the key authenticates, revocation stops it at once', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const token = await login(user.email, password);
    const issued = await api.graphql(`mutation { issueApiKey(input: { name: "Décibelles sync", scopes: ["agenda:write"] }) { key apiKey { id prefix scopes } } }`, {}, { token });
    expect(issued.errors).toBeUndefined();
    const { key, apiKey } = issued.data!.issueApiKey;
    expect(key).toMatch(/^nfc_[A-Za-z0-9]{10}_/);

    const [stored] = await db.dataSource.query(`SELECT secret_hash FROM api_key WHERE id = $1`, [apiKey.id]);
    expect(stored.secret_hash).not.toContain(key.slice('nfc_'.length + 11));

    const asMachine = await api.graphql(ME, {}, { token: key });
    expect(asMachine.data!.me).toMatchObject({ kind: 'API_KEY', scopes: ['agenda:write'], organisation: { id: office.id }, user: null });
    const [{ last_used_at }] = await db.dataSource.query(`SELECT last_used_at FROM api_key WHERE id = $1`, [apiKey.id]);
    expect(last_used_at).not.toBeNull();

    const listed = await api.graphql(`{ apiKeys { id prefix } }`, {}, { token });
    expect(listed.data!.apiKeys).toEqual([{ id: apiKey.id, prefix: apiKey.prefix }]);

    const revoked = await api.graphql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, { token });
    expect(revoked.data!.revokeApiKey.revokedAt).toBeTruthy();
    const afterRevocation = await api.graphql(ME, {}, { token: key });
    expect(afterRevocation.status).toBe(401);
    expect(afterRevocation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('an unknown key and a revoked key get the same message', async () => {
    const office = await createOrganisation(db.dataSource);
    const issued = await issueApiKey(db.dataSource, office.id);
    await db.dataSource.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [issued.apiKey.id]);
    const revoked = await api.graphql(ME, {}, { token: issued.key });
    const unknown = await api.graphql(ME, {}, { token: `nfc_AAAAAAAAAA_${'x'.repeat(32)}` });
    expect(revoked.errors?.[0]).toEqual(unknown.errors?.[0]);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('keys never get administrative scopes, nor scopes their organisation lacks', async () => {
    const partner = await createOrganisation(db.dataSource, { kind: 'PARTNER' });
    const { user, password } = await createUser(db.dataSource, { organisationId: partner.id, role: 'ADMIN' });
    const token = await login(user.email, password);
    for (const scopes of [['agenda:write'], ['platform:admin'], ['organisation:manage'], ['made:up']]) {
      const { errors } = await api.graphql(`mutation($s: [String!]!) { issueApiKey(input: { name: "k", scopes: $s }) { key } }`, { s: scopes }, { token });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('authorisation', () => {
  test('an office manages only its own people and keys', async () => {
    const mine = await createOrganisation(db.dataSource);
    const theirs = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: mine.id, role: 'ADMIN' });
    const token = await login(user.email, password);
    const theirKey = await issueApiKey(db.dataSource, theirs.id);

    const createThere = await api.graphql(
      `mutation($o: ID!) { createUser(input: { organisationId: $o, email: "x@example.org", displayName: "X", role: ADMIN, password: "long enough password" }) { id } }`,
      { o: theirs.id },
      { token },
    );
    // Another organisation is out of reach: it answers as if it did not exist.
    expect(createThere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const listThere = await api.graphql(`query($o: ID!) { apiKeys(organisationId: $o) { id } }`, { o: theirs.id }, { token });
    expect(listThere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Another organisation's key is out of reach, and indistinguishable from a missing one.
    const revokeThere = await api.graphql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: theirKey.apiKey.id }, { token });
    expect(revokeThere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [row] = await db.dataSource.query(`SELECT revoked_at FROM api_key WHERE id = $1`, [theirKey.apiKey.id]);
    expect(row.revoked_at).toBeNull();

    const organisations = await api.graphql(`{ organisations { id } }`, {}, { token });
    expect(organisations.data!.organisations).toEqual([{ id: mine.id }]);
  });

  test('an editor cannot manage; only the Pôle creates organisations', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'EDITOR' });
    const token = await login(user.email, password);
    const issue = await api.graphql(`mutation { issueApiKey(input: { name: "k", scopes: ["agenda:write"] }) { key } }`, {}, { token });
    expect(issue.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const create = await api.graphql(`mutation { createOrganisation(input: { kind: PARTNER, name: "Acme" }) { id } }`, {}, { token });
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await api.graphql(`mutation { createOrganisation(input: { kind: PARTNER, name: "Acme" }) { id } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a Pôle admin registers an office for a member EPCI only', async () => {
    const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
    const { user, password } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
    const token = await login(user.email, password);
    const ok = await api.graphql(`mutation { createOrganisation(input: { kind: TOURISM_OFFICE, name: "OT Test Belfort", epciSiren: "200069052" }) { slug epciSiren } }`, {}, { token });
    expect(ok.data!.createOrganisation).toEqual({ slug: 'ot-test-belfort', epciSiren: '200069052' });
    const duplicate = await api.graphql(`mutation { createOrganisation(input: { kind: PARTNER, name: "OT Test Belfort" }) { slug } }`, {}, { token });
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'slug' }] });
    const outside = await api.graphql(`mutation { createOrganisation(input: { kind: TOURISM_OFFICE, name: "OT Besançon", epciSiren: "242500361" }) { slug } }`, {}, { token });
    expect(outside.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missingEpci = await api.graphql(`mutation { createOrganisation(input: { kind: TOURISM_OFFICE, name: "OT Nowhere" }) { slug } }`, {}, { token });
    expect(missingEpci.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'epciSiren' }] });
    const badEmail = await api.graphql(`mutation($o: ID!) { createUser(input: { organisationId: $o, email: "not-an-email", displayName: "X", role: EDITOR, password: "short" }) { id } }`, { o: pole.id }, { token });
    expect(badEmail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badEmail.errors?.[0]?.extensions?.fields.map((f: any) => f.field).sort()).toEqual(['email', 'password']);
  });
});

describe('login rate limit', () => {
  test('repeated attempts on one account are cut off with RATE_LIMITED', async () => {
    await forgetBudgets(db.dataSource);
    const limited = await startTestApi({ dataSource: db.dataSource, config: { rateLimit: { anonymousPerMinute: 1000, apiKeyPerMinute: 1000, loginPerMinute: 3 } } });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { errors } = await limited.graphql(LOGIN, { email: 'target@example.org', password: `guess-${i}-password` });
        codes.push(errors?.[0]?.extensions?.code);
      }
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});
