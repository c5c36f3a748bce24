import { DateTime } from 'luxon';
import { presetRange } from './event.reader';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const range = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe('date presets, in Paris time', () => {
  test.each([
    ['today, in winter', 'TODAY', '2026-12-10T15:00:00Z', ['2026-12-10T15:00:00.000Z', '2026-12-10T23:00:00.000Z']],
    ['next 7 days, across the October change', 'NEXT_7_DAYS', '2026-10-22T08:00:00Z', ['2026-10-22T08:00:00.000Z', '2026-10-29T23:00:00.000Z']],
    ['this weekend, from a Wednesday in summer', 'THIS_WEEKEND', '2026-07-15T10:00:00Z', ['2026-07-17T22:00:00.000Z', '2026-07-19T22:00:00.000Z']],
    ['this weekend, on the Sunday', 'THIS_WEEKEND', '2026-07-19T10:00:00Z', ['2026-07-19T10:00:00.000Z', '2026-07-19T22:00:00.000Z']],
  ] as const)('%s', (_case, when, now, expected) => {
    expect(range(presetRange(when, at(now)))).toEqual(expected);
  });
});
