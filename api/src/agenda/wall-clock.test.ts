import { AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import { localCompact, localDateCompact, utcCompact, zoneOffsetMs } from './wall-clock';

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
