import { ACCESSIBILITY_CODES, EVENT_CATEGORY_IDS } from '@nfc/shared';
import { useTestApi } from '../../test/api';

/** The agenda's vocabulary is public and complete: what the filters and the inputs take, with labels in the three languages. */
const env = useTestApi();

const CATEGORIES = `query($lang: Language) { eventCategories(lang: $lang) { id label labels { fr en de } schemaOrgType dataTourismeType dataTourismeClasses } }`;
const ACCESSIBILITY = `query($lang: Language) { accessibilityCodes(lang: $lang) { code label labels { fr en de } description descriptions { fr en de } } }`;

test('every category, anonymously, with its labels and its schema.org and DATAtourisme types as full URLs', async () => {
  const { data, errors } = await env.api.graphql(CATEGORIES);
  expect(errors).toBeUndefined();
  const categories = data!.eventCategories;
  expect(categories.map((c: { id: string }) => c.id)).toEqual(EVENT_CATEGORY_IDS);
  expect(categories.find((c: { id: string }) => c.id === 'concert')).toEqual({
    id: 'concert',
    label: 'Concert',
    labels: { fr: 'Concert', en: 'Concert', de: 'Konzert' },
    schemaOrgType: 'https://schema.org/MusicEvent',
    dataTourismeType: 'https://www.datatourisme.fr/ontology/core#Concert',
    dataTourismeClasses: ['https://www.datatourisme.fr/ontology/core#CulturalEvent', 'https://www.datatourisme.fr/ontology/core#Concert'],
  });
  for (const category of categories) {
    expect(category.schemaOrgType).toMatch(/^https:\/\/schema\.org\/[A-Z][A-Za-z]+$/);
    expect(category.dataTourismeType).toMatch(/^https:\/\/www\.datatourisme\.fr\/ontology\/core#[A-Z][A-Za-z]+$/);
    for (const language of ['fr', 'en', 'de']) expect(category.labels[language]).toMatch(/\S/);
  }
});

test.each([
  ['en', 'market', 'Market'],
  ['de', 'market', 'Markt'],
  ['de', 'nature-outing', 'Naturausflug'],
  [null, 'market', 'Marché'],
])('a category label in %s: %s is "%s"', async (lang, id, label) => {
  const { data } = await env.api.graphql(CATEGORIES, { lang });
  expect(data!.eventCategories.find((c: { id: string }) => c.id === id).label).toBe(label);
});

test('every accessibility code, anonymously, with its labels and a description in each language', async () => {
  const { data, errors } = await env.api.graphql(ACCESSIBILITY, { lang: 'de' });
  expect(errors).toBeUndefined();
  const codes = data!.accessibilityCodes;
  expect(codes.map((c: { code: string }) => c.code)).toEqual([...ACCESSIBILITY_CODES]);
  const motor = codes.find((c: { code: string }) => c.code === 'MOTOR');
  expect(motor).toMatchObject({ label: 'Motorische Behinderung', labels: { fr: 'Handicap moteur', en: 'Motor impairment', de: 'Motorische Behinderung' } });
  expect(motor.description).toBe(motor.descriptions.de);
  expect(motor.description).toMatch(/Rollstuhl/);
  for (const code of codes) for (const language of ['fr', 'en', 'de']) expect(code.descriptions[language].length).toBeGreaterThan(20);
  // The French default.
  const french = (await env.api.graphql(ACCESSIBILITY)).data!.accessibilityCodes;
  expect(french.find((c: { code: string }) => c.code === 'HEARING').label).toBe('Handicap auditif');
});

test('a code the vocabulary lists is one the agenda filter takes', async () => {
  const { data } = await env.api.graphql(ACCESSIBILITY);
  const codes = data!.accessibilityCodes.map((c: { code: string }) => c.code);
  const categories = (await env.api.graphql(CATEGORIES)).data!.eventCategories.map((c: { id: string }) => c.id);
  const { errors } = await env.api.graphql(`query($f: EventFilter) { events(filter: $f, first: 1) { nodes { id } } }`, { f: { accessibility: codes, categories } });
  expect(errors).toBeUndefined();
});
