import { EVENT_CATEGORIES } from '@nfc/shared';
import { DATATOURISME_CLASSES } from './datatourisme';

test('every category has its DATAtourisme classes: a new category cannot fall out of the table unnoticed', () => {
  expect(Object.keys(DATATOURISME_CLASSES).sort()).toEqual(EVENT_CATEGORIES.map((c) => c.id).sort());
});

test.each([
  ['concert', ['CulturalEvent', 'Concert']],
  ['market', ['SaleEvent', 'Market']],
  ['sport', ['SportsEvent']],
  ['workshop', []],
])('%s maps to %j beside EntertainmentAndEvent', (category, classes) => {
  expect(DATATOURISME_CLASSES[category]).toEqual(classes);
});
