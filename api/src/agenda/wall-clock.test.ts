import { AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import { instantOfWallClock, localCompact, localDateCompact, utcCompact, zoneOffsetMs } from './wall-clock';

const luxonLocal = (ms: number) => DateTime.fromMillis(ms, { zone: AGENDA_TIME_ZONE }).toFormat("yyyyLLdd'T'HHmmss");

test.each([
  ['winter', '2026-01-15T10:30:00Z', '20260115T113000'],
  ['summer', '2026-07-01T22:15:00Z', '20260702T001500'],
  ['the last instant before spring forward', '2026-03-29T00:59:59Z', '20260329T015959'],
  ['spring forward (02:00 does not exist)', '2026-03-29T01:00:00Z', '20260329T030000'],
  ['the first pass through 02:30 in October', '2026-10-25T00:30:00Z', '20261025T023000'],
  ['the second pass through 02:30 in October', '2026-10-25T01:30:00Z', '20261025T023000'],
  ['fall back (03:00 CEST becomes 02:00 CET)', '2026-10-25T01:00:00Z', '20261025T020000'],
  ['a second before midnight on the 31st', '2026-12-31T22:59:59Z', '20261231T235959'],
  ['year 2100 (no leap day)', '2100-02-28T23:30:00Z', '21000301T003000'],
])('%s: %s is %s in Paris', (_label, instant, expected) => {
  const date = new Date(instant);
  expect(localCompact(date)).toBe(expected);
  expect(localCompact(date)).toBe(luxonLocal(date.getTime()));
  expect(localDateCompact(date)).toBe(expected.slice(0, 8));
});

test('every quarter hour and odd second around both of 2026 and 2027 clock changes reads as luxon reads it', () => {
  const days = ['2026-03-28', '2026-10-24', '2027-03-27', '2027-10-30'];
  let checked = 0;
  for (const day of days) {
    const start = Date.parse(`${day}T12:00:00Z`);
    // Two days, every 7 minutes and 13 seconds: crosses every quarter hour's edge from both sides.
    for (let ms = start; ms < start + 2 * 86_400_000; ms += 433_000) {
      expect([ms, localCompact(new Date(ms))]).toEqual([ms, luxonLocal(ms)]);
      expect(zoneOffsetMs(ms)).toBe(DateTime.fromMillis(ms, { zone: AGENDA_TIME_ZONE }).offset * 60_000);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(1500);
});

test('UTC is written with its Z', () => {
  expect(utcCompact(new Date('2026-12-03T14:05:09.999Z'))).toBe('20261203T140509Z');
});

/** What schedule.ts did with luxon before: the zone's placing, then the first of a repeated time. */
function placedByLuxon(floatingMs: number, zone: string): number {
  const f = new Date(floatingMs);
  const value = DateTime.fromObject({ year: f.getUTCFullYear(), month: f.getUTCMonth() + 1, day: f.getUTCDate(), hour: f.getUTCHours(), minute: f.getUTCMinutes(), second: f.getUTCSeconds() }, { zone });
  const earlier = value.minus({ hours: 1 });
  const sameWallClock = earlier.hour === value.hour && earlier.minute === value.minute && earlier.day === value.day;
  return (sameWallClock && earlier.offset > value.offset ? earlier : value).toMillis();
}

test.each([
  ['02:30 on the day the clock skips it is 03:30 summer time', '2026-03-29T02:30:00Z', '2026-03-29T01:30:00.000Z'],
  ['02:30 on the day it happens twice is the first, in summer time', '2026-10-25T02:30:00Z', '2026-10-25T00:30:00.000Z'],
  ['03:00 after the autumn change is winter time', '2026-10-25T03:00:00Z', '2026-10-25T02:00:00.000Z'],
  ['an ordinary summer evening', '2026-07-14T22:00:00Z', '2026-07-14T20:00:00.000Z'],
])('a wall-clock time placed in Paris: %s', (_case, floating, instant) => {
  expect(new Date(instantOfWallClock(Date.parse(floating))).toISOString()).toBe(instant);
});

test.each([['Europe/Paris'], ['America/New_York'], ['Australia/Lord_Howe'], ['Asia/Kolkata']])('every wall-clock time around the changes of %s is placed as luxon placed it', (zone) => {
  let checked = 0;
  for (const year of [2026]) {
    // A whole year every 17 minutes: every change of the zone, from both sides.
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 17 * 60_000) {
      const mine = instantOfWallClock(ms, zone);
      if (mine !== placedByLuxon(ms, zone)) expect([new Date(ms).toISOString(), new Date(mine).toISOString()]).toEqual([new Date(ms).toISOString(), new Date(placedByLuxon(ms, zone)).toISOString()]);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(30_000);
});
