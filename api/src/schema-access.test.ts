import { buildApiSchema } from './schema';
import { agendaCases } from '../test/access/agenda';
import { brandCases, contestCases } from '../test/access/contest-and-brand';
import { accountCases, organisationCases } from '../test/access/organisations';
import { jobCases } from '../test/access/jobs';
import { webhookCases } from '../test/access/webhooks';
import { importCases } from '../test/access/imports';

/**
 * Queries anyone may call with the same rows whoever asks. Every other root field, and every
 * mutation, must have rows in an access table (test/access/*): a new one without them fails here.
 */
const PUBLIC_QUERIES = [
  'territory', 'epcis', 'epci', 'communes', 'commune', 'communesByPostalCode', 'communeAt',
  'events', 'eventCountsByCommune', 'eventCategories', 'accessibilityCodes',
  'contests', 'contest', 'currentContest', 'contestGallery', 'contestMap', 'contestResults',
  'colourPalette', 'brandCharter', 'partnerDirectory',
  // The kit is filtered by the viewer's audience (public, partner, internal): brand.test.ts checks each level.
  'brandAssets', 'brandKit',
];

const covered = new Set([...agendaCases, ...organisationCases, ...accountCases, ...contestCases, ...brandCases, ...jobCases, ...webhookCases, ...importCases].map((row) => row.operation));

test.each([
  ['Mutation', (schema: Awaited<ReturnType<typeof buildApiSchema>>) => Object.keys(schema.getMutationType()!.getFields())],
  ['Query', (schema: Awaited<ReturnType<typeof buildApiSchema>>) => Object.keys(schema.getQueryType()!.getFields()).filter((name) => !PUBLIC_QUERIES.includes(name))],
])('every %s field that is not plainly public has rows in an access table', async (_type, fieldsOf) => {
  const fields = fieldsOf(await buildApiSchema());
  expect(fields.length).toBeGreaterThan(5);
  expect(fields.filter((name) => !covered.has(name))).toEqual([]);
});

test('the access tables name only fields that exist', async () => {
  const schema = await buildApiSchema();
  const existing = new Set([...Object.keys(schema.getMutationType()!.getFields()), ...Object.keys(schema.getQueryType()!.getFields())]);
  expect([...covered].filter((name) => !existing.has(name))).toEqual([]);
  expect(PUBLIC_QUERIES.filter((name) => !existing.has(name))).toEqual([]);
});
