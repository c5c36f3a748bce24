import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';

/**
 * Login budgets, as a table: each row is a scene of attempts (email, address, right password or
 * not) and the outcome of each. Addresses are named through the site's trusted channel, as the
 * website names its visitors.
 */
const SECRET = 'login-limits-secret-0123456789abcdef';
const CEILING = 8;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

let db: TestDatabase;
let api: TestApi;
const people: Record<string, { email: string; password: string }> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { siteProxySecret: SECRET, rateLimit: { anonymousPerMinute: 10_000, loginPerMinute: CEILING } } });
  const organisation = await createOrganisation(db.dataSource);
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    const { user, password } = await createUser(db.dataSource, { organisationId: organisation.id });
    people[name] = { email: user.email, password };
  }
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

type Outcome = 'OK' | 'UNAUTHENTICATED' | `RATE_LIMITED ${number}s` | 'RATE_LIMITED';
interface Step {
  who: string;
  from: string;
  right?: boolean;
  /** Repeat the attempt this many times. */
  times?: number;
  /** Wait before the attempt (ms). */
  after?: number;
  expect: Outcome;
}

async function attempt(step: Step): Promise<Outcome> {
  if (step.after) await new Promise((resolve) => setTimeout(resolve, step.after));
  const person = people[step.who] ?? { email: `${step.who}@example.org`, password: 'nobody' };
  const { data, errors } = await api.graphql(LOGIN, { email: person.email, password: step.right ? person.password : 'a-wrong-password' }, { headers: { 'x-nfc-client-ip': step.from, 'x-nfc-site-secret': SECRET } });
  if (data?.login?.token) return 'OK';
  const code = errors?.[0]?.extensions?.code as string;
  if (code !== 'RATE_LIMITED') return code as Outcome;
  return /RATE_LIMITED \d+s/.test(String(step.expect)) ? `RATE_LIMITED ${errors![0]!.extensions!.retryAfterSeconds}s` : 'RATE_LIMITED';
}

test.each<[string, Step[]]>([
  [
    'five failures are free; then the pair waits 1 s, 2 s, 4 s (back-off), even with the right password',
    [
      { who: 'alice', from: '198.51.100.1', times: 5, expect: 'UNAUTHENTICATED' },
      { who: 'alice', from: '198.51.100.1', right: true, expect: 'RATE_LIMITED 1s' },
      { who: 'alice', from: '198.51.100.1', after: 1100, expect: 'UNAUTHENTICATED' },
      { who: 'alice', from: '198.51.100.1', expect: 'RATE_LIMITED 2s' },
      { who: 'alice', from: '198.51.100.1', after: 2100, expect: 'UNAUTHENTICATED' },
      { who: 'alice', from: '198.51.100.1', expect: 'RATE_LIMITED 4s' },
    ],
  ],
  [
    "failures from one address never lock the person out from another",
    [
      { who: 'bob', from: '198.51.100.2', times: 5, expect: 'UNAUTHENTICATED' },
      { who: 'bob', from: '198.51.100.2', right: true, expect: 'RATE_LIMITED' },
      { who: 'bob', from: '203.0.113.2', right: true, expect: 'OK' },
      { who: 'bob', from: '203.0.113.2', expect: 'UNAUTHENTICATED' },
    ],
  ],
  [
    'a success resets the pair',
    [
      // 3 + 3 failures: without the reset, the fifth would start the wait.
      { who: 'carol', from: '198.51.100.3', times: 3, expect: 'UNAUTHENTICATED' },
      { who: 'carol', from: '198.51.100.3', right: true, expect: 'OK' },
      { who: 'carol', from: '198.51.100.3', times: 3, expect: 'UNAUTHENTICATED' },
      { who: 'carol', from: '198.51.100.3', right: true, expect: 'OK' },
    ],
  ],
  [
    `one address has a ceiling of ${CEILING} attempts a minute over all emails; other addresses keep theirs`,
    [
      ...Array.from({ length: CEILING }, (_, i): Step => ({ who: `stranger-${i}`, from: '198.51.100.4', expect: 'UNAUTHENTICATED' })),
      { who: 'stranger-x', from: '198.51.100.4', expect: 'RATE_LIMITED' },
      { who: 'dave', from: '198.51.100.4', right: true, expect: 'RATE_LIMITED' },
      { who: 'dave', from: '203.0.113.4', right: true, expect: 'OK' },
    ],
  ],
])('%s', async (_scene, steps) => {
  const outcomes: Outcome[] = [];
  const expected: Outcome[] = [];
  for (const step of steps) {
    for (let i = 0; i < (step.times ?? 1); i += 1) {
      outcomes.push(await attempt(step));
      expected.push(step.expect);
    }
  }
  expect(outcomes).toEqual(expected);
});
