import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { signAccessToken } from '../auth/tokens';

/** Editions side by side: which one /concours shows, whatever order they were prepared in. */
const env = useTestApi();
const DAY = 24 * 3600 * 1000;
let admin: string;
const created: string[] = [];

/** Windows that put an edition `offset` days from its opening (negative: opened that long ago). */
function windows(openedDaysAgo: number) {
  const at = (days: number) => new Date(Date.now() + (days - openedDaysAgo) * DAY).toISOString();
  return { submissionOpensAt: at(0), submissionClosesAt: at(30), moderationClosesAt: at(32), juryOpensAt: at(30), juryClosesAt: at(40), voteOpensAt: at(31), voteClosesAt: at(38), resultsAt: at(41) };
}

async function create(slug: string, openedDaysAgo: number): Promise<{ data?: { createContest: { id: string } } | null; errors?: Array<{ extensions?: Record<string, unknown> }> }> {
  return env.api.graphql(
    `mutation($input: CreateContestInput!) { createContest(input: $input) { id } }`,
    { input: { slug, title: { fr: slug }, summary: { fr: slug }, rules: { fr: 'Règlement' }, licenceUses: ['WEBSITE'], licenceYears: 3, ...windows(openedDaysAgo) } },
    { token: admin },
  );
}

const current = async () => (await env.api.graphql(`{ currentContest { slug phase } }`)).data!.currentContest;

beforeAll(async () => {
  const pole = await createOrganisation(env.db.dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(env.db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  admin = signAccessToken(user.id, env.api.config.jwtSecret, 3600).token;
});

test('no edition yet: nothing to show', async () => {
  expect(await current()).toBeNull();
});

test.each([
  // [what happens, slug, opened days ago, [edition whose results are out, how many days ago], edition shown]
  ['the first edition opens', 'edition-2026', 10, false, 'edition-2026'],
  ['next year’s is prepared: this year’s stays', 'edition-2027', -300, false, 'edition-2026'],
  ['a later one, prepared too: still this year’s', 'edition-2028', -600, false, 'edition-2026'],
  ['this year’s results are out: still this year’s, for its results', null, null, ['edition-2026', 0], 'edition-2026'],
  ['three months after the results: the next to open', null, null, ['edition-2026', 91], 'edition-2027'],
] as const)('%s', async (_, slug, openedDaysAgo, publish, shown) => {
  if (slug) expect((await create(slug, openedDaysAgo!)).errors).toBeUndefined();
  if (publish) {
    const [edition, daysAgo] = publish;
    await env.db.dataSource.query(`UPDATE contest SET results_published_at = now() - make_interval(days => $2), results_summary = '{"votesCounted":0,"votesVoided":{}}' WHERE slug = $1`, [edition, daysAgo]);
  }
  expect((await current()).slug).toBe(shown);
  // Every edition prepared so far keeps its own address.
  if (slug) created.push(slug);
  for (const edition of created) expect((await env.api.graphql(`query($slug: String!) { contest(slug: $slug) { slug } }`, { slug: edition })).data!.contest.slug).toBe(edition);
});

test('when every edition is past, the latest is shown', async () => {
  await env.db.dataSource.query(`UPDATE contest SET submission_opens_at = submission_opens_at - interval '1000 days', submission_closes_at = submission_closes_at - interval '1000 days', moderation_closes_at = moderation_closes_at - interval '1000 days', jury_opens_at = jury_opens_at - interval '1000 days', jury_closes_at = jury_closes_at - interval '1000 days', vote_opens_at = vote_opens_at - interval '1000 days', vote_closes_at = vote_closes_at - interval '1000 days', results_at = results_at - interval '1000 days', results_published_at = now() - interval '200 days', results_summary = '{"votesCounted":0,"votesVoided":{}}'`);
  expect((await current()).slug).toBe('edition-2028');
});

test.each(['participer', 'resultats', 'moderation'])('a slug that names an edition’s page (%s) is refused', async (slug) => {
  const refused = await create(slug, 0);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'slug', message: 'Reserved.' }] });
});
