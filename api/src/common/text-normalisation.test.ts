import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { holdsString, operationFor, requiredArguments, rootFields, sampleValue } from '../../test/schema-values';
import { buildApiSchema } from '../schema';
import { normaliseText, outputText, textProblem } from './text-normalisation';

const env = useTestApi({ config: { rateLimit: { anonymousPerMinute: 100_000, loginPerMinute: 100_000 } } });

test.each([
  ['plain text', 'Fête de la musique', null],
  ['tab and newline', 'a\tb\nc', null],
  ['CRLF (normalised, not refused)', 'a\r\nb', null],
  ['an emoji (a surrogate pair)', 'Concert 🎸', null],
  ['a supplementary-plane letter', '𝔄𝔤𝔢𝔫𝔡𝔞', null],
  ['NUL', 'a\u0000b', /NUL/],
  ['a C0 control (vertical tab)', 'a\u000Bb', /U\+000B/],
  ['ESC, which starts terminal sequences', '\u001B[31m', /U\+001B/],
  ['DEL', 'a\u007F', /U\+007F/],
  ['a C1 control', 'a\u0085', /U\+0085/],
  ['a lone high surrogate', 'a\uD83Cb', /surrogate/],
  ['a lone low surrogate', '\uDC00', /surrogate/],
  ['U+FFFE', '\uFFFE', /not a character/],
])('%s', (_name, value, problem) => {
  if (problem) expect(textProblem(value)).toMatch(problem);
  else expect(textProblem(value)).toBeNull();
});

test('stored text is LF and NFC; outputs drop what the door refuses', () => {
  expect(normaliseText('Cafe\u0301\r\nx\ry')).toBe('Café\nx\ny');
  expect(outputText('a\u0000b\u000Bc\uD800d\r\ne')).toBe('abcd\ne');
});

test('every root field with text in its arguments refuses NUL with BAD_USER_INPUT naming the argument, before anything else runs', async () => {
  const schema = await buildApiSchema();
  const fields = rootFields(schema).filter(({ field }) => field.args.some((arg) => holdsString(arg.type)));
  expect(fields.length).toBeGreaterThan(40);
  const failures: string[] = [];
  for (const { operation, field } of fields) {
    const variables = requiredArguments(field, 'x\u0000y');
    // Optional text arguments too, so that a field whose strings are all optional is still reached.
    for (const arg of field.args) if (!(arg.name in variables) && holdsString(arg.type)) variables[arg.name] = sampleValue(arg.type, 'x\u0000y');
    const names = Object.keys(variables).filter((name) => variables[name] !== undefined);
    const response = await env.api.graphql(operationFor(operation, field, names), variables);
    const error = response.errors?.[0];
    const paths = ((error?.extensions?.fields ?? []) as Array<{ field: string }>).map((f) => f.field);
    if (error?.extensions?.code !== 'BAD_USER_INPUT' || !paths.length || !paths.every((path) => names.includes(path.split('.')[0]!))) {
      failures.push(`${operation} ${field.name}: ${JSON.stringify(error ?? response.data)}`);
    }
  }
  expect(failures).toEqual([]);
});

test('a lone surrogate in a nested input names its path; a control character in a query argument is refused too', async () => {
  const key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource)).id)).key;
  const response = await env.api.graphql(
    `mutation($s: String!, $e: [UpsertEventInput!]!) { upsertEvents(system: $s, events: $e) { ok } }`,
    { s: 'decibelles', e: [{ externalId: 'a-1', event: { title: { fr: 'ok', en: 'bad \uD83C' }, categories: ['concert'], place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-05-01T20:00' }] } } }] },
    { token: key },
  );
  expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'events.0.event.title.en' }] } });
  const search = await env.api.graphql(`query($f: EventFilter) { events(filter: $f) { totalCount } }`, { f: { text: 'jazz\u001B[2J' } });
  expect(search.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.text' }] });
});

test('accepted text is stored as NFC with LF line ends; passwords are compared exactly as typed', async () => {
  const organisation = await createOrganisation(env.db.dataSource);
  const key = (await issueApiKey(env.db.dataSource, organisation.id)).key;
  const created = await env.api.graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { title longDescription } }`,
    {
      i: {
        title: { fr: 'Cafe\u0301 concert' },
        longDescription: { fr: 'Ligne 1\r\nLigne 2\rLigne 3\tfin' },
        categories: ['concert'],
        isFree: true,
        place: { communeInsee: '90010' },
        schedule: { dates: [{ start: '2031-05-01T20:00' }] },
      },
    },
    { token: key },
  );
  expect(created.errors).toBeUndefined();
  expect(created.data!.createEvent).toEqual({ title: 'Café concert', longDescription: 'Ligne 1\nLigne 2\nLigne 3\tfin' });

  // A password set in decomposed form (as some keyboards type it) still opens the account.
  const password = 'mot de passe e\u0301te\u0301 2031';
  const { user } = await createUser(env.db.dataSource, { organisationId: organisation.id, password });
  const login = await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password });
  expect(login.errors).toBeUndefined();
  expect(login.data!.login.token).toEqual(expect.any(String));
});
