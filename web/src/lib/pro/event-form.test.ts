import { composeRule, fieldId, rowCount, formStateOfEvent, parseRule, remapRowErrors, rowIndexMap, toEventInput, type FormState } from './event-form';
import type { EditableEvent } from './events';

const state = (entries: Record<string, string | string[]>): FormState => new Map(Object.entries(entries).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

test.each([
  ['weekly on the days ticked, until a date', { r_freq: 'WEEKLY', r_days: ['SA', 'SU'], r_endKind: 'until', r_until: '2027-04-12' }, 'FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20270412'],
  ['weekly, a number of times', { r_freq: 'WEEKLY', r_days: ['WE'], r_endKind: 'count', r_count: '10' }, 'FREQ=WEEKLY;BYDAY=WE;COUNT=10'],
  ['monthly on the second Saturday', { r_freq: 'MONTHLY', r_nth: '2', r_weekday: 'SA', r_endKind: 'count', r_count: '6' }, 'FREQ=MONTHLY;BYDAY=2SA;COUNT=6'],
  ['monthly on the last Sunday', { r_freq: 'MONTHLY', r_nth: '-1', r_weekday: 'SU', r_until: '2027-12-31' }, 'FREQ=MONTHLY;BYDAY=-1SU;UNTIL=20271231'],
  ['a custom rule as typed', { r_freq: 'CUSTOM', r_rule: ' FREQ=DAILY;INTERVAL=2;COUNT=5 ' }, 'FREQ=DAILY;INTERVAL=2;COUNT=5'],
  ['an unknown day is dropped', { r_freq: 'WEEKLY', r_days: ['SA', 'XX'], r_endKind: 'count', r_count: '2' }, 'FREQ=WEEKLY;BYDAY=SA;COUNT=2'],
])('the recurrence form composes its RRULE: %s', (_name, fields, rule) => {
  expect(composeRule(state(fields))).toBe(rule);
});

test.each([
  ['FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20270412', { freq: 'WEEKLY', days: ['SA', 'SU'], until: '2027-04-12', count: '' }],
  ['FREQ=MONTHLY;BYDAY=-1SU;COUNT=6', { freq: 'MONTHLY', nth: '-1', weekday: 'SU', count: '6' }],
  ['FREQ=MONTHLY;BYDAY=SA;BYSETPOS=2;COUNT=6', { freq: 'MONTHLY', nth: '2', weekday: 'SA' }],
])('a stored rule fills the recurrence form again: %s', (rule, expected) => {
  expect(parseRule(rule)).toMatchObject(expected);
});

test.each(['FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=3', 'FREQ=WEEKLY;UNTIL=20270412T120000Z'])('a rule the form cannot show stays a custom rule: %s', (rule) => {
  expect(parseRule(rule)).toBeNull();
});

test.each([
  ['title.fr', 'title_fr'],
  ['longDescription.de', 'long_de'],
  ['imageAlt.en', 'alt_en'],
  ['place.communeInsee', 'communeInsee'],
  ['schedule', 'when-one'],
  ['schedule.dates.2.start', 'd_date_2'],
  ['schedule.dates.1.end', 'd_end_1'],
  ['schedule.recurrence.rule', 'r_freq'],
  ['schedule.recurrence.exceptions.0', 'ex_0'],
  ['schedule.recurrence.additions.3', 'add_date_3'],
  ['categories', 'category-first'],
  ['priceMax', 'priceMax'],
])('the API field %s shows its error on #%s', (field, id) => {
  expect(fieldId(field)).toBe(id);
});

test('several dates: blank rows are left out, an end before the start ends after midnight, errors come back to the row typed in', () => {
  const form = state({ when: 'several', d_date_0: '2027-07-13', d_start_0: '21:00', d_end_0: '01:00', d_date_1: '', d_date_2: '2027-07-20', d_start_2: '21:00' });
  const { input } = toEventInput(form);
  expect(input.schedule).toEqual({ allDay: false, dates: [{ start: '2027-07-13T21:00', end: '2027-07-14T01:00' }, { start: '2027-07-20T21:00' }] });
  expect(remapRowErrors([{ field: 'schedule.dates.1.start', message: 'x' }], rowIndexMap(form))).toEqual([{ field: 'schedule.dates.2.start', message: 'x' }]);
});

test('a recurrence: the duration from the times, exceptions and extra dates at the start time unless given', () => {
  const { input } = toEventInput(
    state({ when: 'recurrence', r_date: '2027-03-06', r_start: '10:00', r_end: '12:30', r_freq: 'WEEKLY', r_days: 'SA', r_until: '2027-04-10', ex_0: '2027-03-13', ex_1: '', add_date_0: '2027-03-17', add_time_0: '' }),
  );
  expect(input.schedule).toEqual({ allDay: false, recurrence: { start: '2027-03-06T10:00', durationMinutes: 150, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20270410', exceptions: ['2027-03-13T10:00'], additions: ['2027-03-17T10:00'] } });
});

test('numbers the form cannot read are its own errors; prices keep their currency, a free event none', () => {
  const { input, errors } = toEventInput(state({ priceMin: '12,50', priceMax: 'vingt', currency: 'EUR', minAge: '6.5', title_fr: 'Bal' }));
  expect(errors).toEqual([
    { field: 'minAge', message: 'NOT_INTEGER' },
    { field: 'priceMax', message: 'NOT_NUMBER' },
  ]);
  expect(input).toMatchObject({ priceMin: 12.5, currency: 'EUR', isFree: false, title: { fr: 'Bal' } });
  expect(toEventInput(state({ isFree: 'on', currency: 'EUR' })).input.currency).toBeUndefined();
});

test('a saved event fills the form, and the form gives back the same input', () => {
  const event: EditableEvent = {
    id: '00000000-0000-4000-8000-000000000000', slug: 'bal', moderation: 'PUBLISHED', rejectionReason: null, status: 'SCHEDULED', previousStartDate: null, isFree: false, currency: 'EUR', priceMin: 5, priceMax: 12,
    accessibility: ['MOTOR'], attendanceMode: 'OFFLINE', minAge: null, maxAge: null, onlineUrl: null, bookingUrl: 'https://example.org', organiserName: 'Comité', machineTranslated: ['de'],
    categories: [{ id: 'festival' }], place: { name: 'Salle', streetAddress: '1 rue', postalCode: '90000', commune: { inseeCode: '90010' }, lat: 47.6, lon: 6.8 }, image: null, occurrences: [],
    editing: {
      title: { fr: 'Bal', en: 'Ball', de: 'Ball' }, shortDescription: null, longDescription: { fr: 'Du **bal**', en: null, de: null },
      schedule: { allDay: false, dates: null, recurrence: { start: '2027-03-06T10:00', durationMinutes: 120, rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4', exceptions: ['2027-03-13T10:00'], additions: [] } },
      imageId: null, imageCredit: null, imageAlt: null, registrationContact: null, registrationContactPublic: false, organiserContact: 'bal@example.org', organiserContactPublic: true, locationApproximate: false,
    },
  };
  const { input } = toEventInput(formStateOfEvent(event));
  expect(input).toEqual({
    title: { fr: 'Bal', en: 'Ball', de: 'Ball' }, longDescription: { fr: 'Du **bal**' }, machineTranslated: ['de'], categories: ['festival'], status: 'SCHEDULED', accessibility: ['MOTOR'],
    attendanceMode: 'OFFLINE', isFree: false, priceMin: 5, priceMax: 12, currency: 'EUR', bookingUrl: 'https://example.org', organiserName: 'Comité', organiserContact: 'bal@example.org',
    registrationContactPublic: false, organiserContactPublic: true,
    place: { communeInsee: '90010', name: 'Salle', streetAddress: '1 rue', postalCode: '90000', lat: 47.6, lon: 6.8 },
    schedule: { allDay: false, recurrence: { start: '2027-03-06T10:00', durationMinutes: 120, rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4', exceptions: ['2027-03-13T10:00'], additions: [] } },
  });
});

test.each([
  ['rows typed in order', { d_date_0: '2027-01-01', d_date_1: '2027-01-02' }, 2],
  ['a gap keeps the rows up to the last one', { d_date_0: 'x', d_date_4: 'y' }, 5],
  ['the last row the API could store', { d_date_799: 'x' }, 800],
  ['a row past the API’s limit of dates is ignored', { d_date_0: 'x', d_date_800: 'y' }, 1],
  ['a huge row number cannot make the page a billion rows', { d_date_99999999999: 'x' }, 0],
  ['another group’s fields do not count', { d_date_x: 'x', d_start_3: 'y' }, 0],
])('rows of a repeated group: %s', (_case, entries, expected) => {
  expect(rowCount(state(entries), 'd_date')).toBe(expected);
});
