import { expandSchedule } from './schedule';

const iso = (dates: Array<{ startsAt: Date; endsAt: Date }>) => dates.map((d) => [d.startsAt.toISOString(), d.endsAt.toISOString()]);

describe('a weekly Saturday market at 10:00, Paris time', () => {
  test('stays at 10:00 local across the March clock change (09:00 UTC, then 08:00 UTC)', () => {
    const { occurrences, errors } = expandSchedule({ allDay: false, recurrence: { start: '2026-03-21T10:00', durationMinutes: 240, rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3' } });
    expect(errors).toEqual([]);
    expect(iso(occurrences)).toEqual([
      ['2026-03-21T09:00:00.000Z', '2026-03-21T13:00:00.000Z'],
      ['2026-03-28T09:00:00.000Z', '2026-03-28T13:00:00.000Z'],
      ['2026-04-04T08:00:00.000Z', '2026-04-04T12:00:00.000Z'],
    ]);
  });

  test('and across the October one (08:00 UTC, then 09:00 UTC)', () => {
    const { occurrences } = expandSchedule({ allDay: false, recurrence: { start: '2026-10-17T10:00', durationMinutes: 60, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261031' } });
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(['2026-10-17T08:00:00.000Z', '2026-10-24T08:00:00.000Z', '2026-10-31T09:00:00.000Z']);
  });

  test('with an exception removed and an extra date added', () => {
    const { occurrences } = expandSchedule({
      allDay: false,
      recurrence: { start: '2026-06-06T10:00', durationMinutes: 60, rule: 'FREQ=WEEKLY;COUNT=3', exceptions: ['2026-06-13T10:00'], additions: ['2026-06-14T10:00'] },
    });
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(['2026-06-06T08:00:00.000Z', '2026-06-14T08:00:00.000Z', '2026-06-20T08:00:00.000Z']);
  });
});

test('explicit dates and all-day events', () => {
  expect(iso(expandSchedule({ allDay: false, dates: [{ start: '2026-12-31T22:00', end: '2027-01-01T02:00' }] }).occurrences)).toEqual([['2026-12-31T21:00:00.000Z', '2027-01-01T01:00:00.000Z']]);
  expect(iso(expandSchedule({ allDay: true, dates: [{ start: '2026-07-13', end: '2026-07-14' }] }).occurrences)).toEqual([['2026-07-12T22:00:00.000Z', '2026-07-14T22:00:00.000Z']]);
});

describe('refused schedules, with the field named', () => {
  test.each([
    ['an end before the start', { allDay: false, dates: [{ start: '2026-07-14T21:00', end: '2026-07-14T20:00' }] }, 'schedule.dates.0.end'],
    ['a rule without an end', { allDay: false, recurrence: { start: '2026-07-01T10:00', durationMinutes: 60, rule: 'FREQ=DAILY' } }, 'schedule.recurrence.rule'],
    ['a rule over 800 occurrences', { allDay: false, recurrence: { start: '2026-07-01T10:00', durationMinutes: 60, rule: 'FREQ=DAILY;COUNT=801' } }, 'schedule.recurrence.rule'],
    ['a rule that is not an RRULE', { allDay: false, recurrence: { start: '2026-07-01T10:00', durationMinutes: 60, rule: 'EVERY SUNDAY' } }, 'schedule.recurrence.rule'],
    ['a time with a UTC offset', { allDay: false, dates: [{ start: '2026-07-14T21:00+02:00' }] }, 'schedule.dates.0.start'],
    ['neither dates nor recurrence', { allDay: false }, 'schedule'],
  ])('%s', (_case, schedule, field) => {
    const { errors, occurrences } = expandSchedule(schedule as never);
    expect(errors.map((e) => e.field)).toContain(field);
    expect(occurrences).toEqual([]);
  });

  test('exactly 800 occurrences is allowed', () => {
    expect(expandSchedule({ allDay: false, recurrence: { start: '2026-07-01T10:00', durationMinutes: 30, rule: 'FREQ=DAILY;COUNT=800' } }).occurrences).toHaveLength(800);
  });
});
