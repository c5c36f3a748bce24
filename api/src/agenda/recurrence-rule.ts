/**
 * The RRULE grammar of RFC 5545 §3.3.10, checked before the rule reaches the rrule library.
 *
 * Why not let rrule judge: it accepts what the RFC refuses and fails on it later in ways an
 * integrator cannot read ("BYDAY=XX" crashes with a TypeError, "COUNT=abc" gives one date,
 * "UNTIL=20261340" rolls over to February) and "INTERVAL=-1" makes it loop for ever. Every part
 * is therefore checked here, with a message that names it.
 */

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** An agenda's events repeat by the day at the finest: hourly series are given as BYHOUR of a daily rule. */
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const SUB_DAILY = ['SECONDLY', 'MINUTELY', 'HOURLY'];

type PartCheck = (value: string) => string | null;

function integerList(min: number, max: number, signed: boolean): PartCheck {
  return (value) => {
    for (const item of value.split(',')) {
      if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item)) return `"${item}" is not a whole number.`;
      const n = Math.abs(Number(item));
      if (n < min || n > max || (signed && Number(item) === 0)) return `"${item}" is out of range (${signed ? `±${Math.max(min, 1)}` : min} to ${signed ? '±' : ''}${max}).`;
    }
    return null;
  };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const PARTS: Record<string, PartCheck> = {
  FREQ: (value) => (FREQUENCIES.includes(value) ? null : SUB_DAILY.includes(value) ? 'Repeat daily at the finest; give several times with BYHOUR, e.g. FREQ=DAILY;BYHOUR=10,14.' : `Unknown frequency "${value}" (DAILY, WEEKLY, MONTHLY or YEARLY).`),
  COUNT: (value) => (/^\d{1,4}$/.test(value) && Number(value) >= 1 ? null : 'COUNT is a whole number of occurrences, at least 1.'),
  INTERVAL: (value) => (/^\d{1,3}$/.test(value) && Number(value) >= 1 ? null : 'INTERVAL is a whole number, at least 1.'),
  UNTIL: (value) => {
    const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
    if (!match) return 'UNTIL is a date (20261231) or a date-time (20261231T235959 or …Z).';
    const [, y, m, d, hh, mm, ss] = match.map(Number) as number[];
    if (!isCalendarDate(y!, m!, d!)) return `UNTIL ${value} is not a date of the calendar.`;
    if (match[4] !== undefined && (hh! > 23 || mm! > 59 || ss! > 60)) return `UNTIL ${value} is not a time of day.`;
    return null;
  },
  BYSECOND: integerList(0, 60, false),
  BYMINUTE: integerList(0, 59, false),
  BYHOUR: integerList(0, 23, false),
  BYDAY: (value) => {
    for (const item of value.split(',')) {
      const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
      if (!match || !WEEKDAYS.includes(match[2]!)) return `"${item}" is not a weekday (MO, TU, WE, TH, FR, SA, SU, optionally with a position such as 2SA or -1FR).`;
      if (match[1] !== undefined && (Number(match[1]) === 0 || Math.abs(Number(match[1])) > 53)) return `"${item}": the position is from ±1 to ±53.`;
    }
    return null;
  },
  BYMONTHDAY: integerList(1, 31, true),
  BYYEARDAY: integerList(1, 366, true),
  BYWEEKNO: integerList(1, 53, true),
  BYMONTH: integerList(1, 12, false),
  BYSETPOS: integerList(1, 366, true),
  WKST: (value) => (WEEKDAYS.includes(value) ? null : `"${value}" is not a weekday.`),
};

/** The first problem of a rule (without DTSTART, an optional "RRULE:" prefix), or null when it is well formed. */
export function recurrenceRuleProblem(rule: string): string | null {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!text) return 'The rule is empty: e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=10.';
  const seen = new Map<string, string>();
  for (const part of text.split(';')) {
    const match = /^([A-Za-z-]+)=(.+)$/.exec(part);
    if (!match) return `"${part}" is not NAME=VALUE.`;
    const name = match[1]!.toUpperCase();
    const value = match[2]!.toUpperCase();
    if (name === 'DTSTART') return 'Give the start in recurrence.start, not as DTSTART.';
    const check = PARTS[name];
    if (!check) return `Unknown part "${name}".`;
    if (seen.has(name)) return `${name} is given twice.`;
    const problem = check(value);
    if (problem) return problem;
    seen.set(name, value);
  }
  if (!seen.has('FREQ')) return 'The rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).';
  if (!seen.has('COUNT') && !seen.has('UNTIL')) return 'The rule needs an end: COUNT or UNTIL.';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'COUNT and UNTIL cannot both be given (RFC 5545).';
  const freq = seen.get('FREQ')!;
  if (seen.has('BYWEEKNO') && freq !== 'YEARLY') return 'BYWEEKNO only goes with FREQ=YEARLY.';
  if (seen.has('BYYEARDAY') && ['DAILY', 'WEEKLY', 'MONTHLY'].includes(freq)) return 'BYYEARDAY does not go with a daily, weekly or monthly rule.';
  if (seen.has('BYMONTHDAY') && freq === 'WEEKLY') return 'BYMONTHDAY does not go with FREQ=WEEKLY.';
  if (seen.has('BYSETPOS') && ![...seen.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS')) return 'BYSETPOS needs another BY… part to choose from.';
  const positioned = seen.get('BYDAY')?.split(',').some((day) => /\d/.test(day));
  if (positioned && !['MONTHLY', 'YEARLY'].includes(freq)) return 'A weekday with a position (2SA) only goes with a monthly or yearly rule.';
  if (positioned && freq === 'YEARLY' && seen.has('BYWEEKNO')) return 'A weekday with a position does not go with BYWEEKNO.';
  return null;
}

const DAY_MS = 86_400_000;

function numbers(value: string | undefined): number[] | null {
  return value ? value.split(',').map(Number) : null;
}

/**
 * Whether a well-formed rule gives at least one date within `years` of its start (a wall-clock
 * date, fields only). Checked before rrule runs: rrule tests UNTIL and COUNT only on dates it
 * found, so a rule whose parts never meet (BYMONTH=2;BYMONTHDAY=31, BYSETPOS=9 of a week) makes
 * it walk period by period to the year 9999, seconds of CPU per item. This walks the days of the
 * window once, with the day-level parts (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY and
 * their defaults from the start) grouped by period for BYSETPOS.
 */
export function ruleMeetsWithin(rule: string, start: { year: number; month: number; day: number }, years: number): boolean {
  const parts = new Map(
    rule
      .trim()
      .replace(/^RRULE:/i, '')
      .toUpperCase()
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ')!;
  const interval = Number(parts.get('INTERVAL') ?? 1);
  const byMonth = numbers(parts.get('BYMONTH'));
  const byWeekNo = numbers(parts.get('BYWEEKNO'));
  const byYearDay = numbers(parts.get('BYYEARDAY'));
  let byMonthDay = numbers(parts.get('BYMONTHDAY'));
  const byDay = parts.get('BYDAY')?.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item)!;
    return { n: match[1] ? Number(match[1]) : null, weekday: WEEKDAYS.indexOf(match[2]!) };
  });
  const bySetPos = numbers(parts.get('BYSETPOS'));
  const timesPerDay = ['BYHOUR', 'BYMINUTE', 'BYSECOND'].reduce((product, name) => product * (parts.get(name)?.split(',').length ?? 1), 1);
  const wkst = WEEKDAYS.indexOf(parts.get('WKST') ?? 'MO');

  const first = Date.UTC(start.year, start.month - 1, start.day);
  const weekdayOf = (time: number) => (new Date(time).getUTCDay() + 6) % 7; // MO = 0
  let weekdays = byDay ?? null;
  // The start fills in what the rule leaves out (RFC 5545 §3.3.10, as rrule does).
  if (freq === 'WEEKLY' && !weekdays) weekdays = [{ n: null, weekday: weekdayOf(first) }];
  if (freq === 'MONTHLY' && !weekdays && !byMonthDay) byMonthDay = [start.day];
  let months = byMonth;
  if (freq === 'YEARLY' && !byWeekNo && !byYearDay && !byMonthDay && !weekdays) {
    months ??= [start.month];
    byMonthDay = [start.day];
  }

  const matches = (time: number): boolean => {
    const date = new Date(time);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const weekday = weekdayOf(time);
    if (months && !months.includes(month)) return false;
    const monthLength = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (byMonthDay && !byMonthDay.some((n) => (n > 0 ? n === day : monthLength + n + 1 === day))) return false;
    const yearStart = Date.UTC(year, 0, 1);
    const yearLength = (Date.UTC(year + 1, 0, 1) - yearStart) / DAY_MS;
    const yearDay = (time - yearStart) / DAY_MS + 1;
    if (byYearDay && !byYearDay.some((n) => (n > 0 ? n === yearDay : yearLength + n + 1 === yearDay))) return false;
    if (byWeekNo) {
      // ISO-style week of the year from WKST: week 1 holds the year's first four days.
      const jan4 = Date.UTC(year, 0, 4);
      const week1 = jan4 - ((weekdayOf(jan4) - wkst + 7) % 7) * DAY_MS;
      const week = Math.floor((time - week1) / (7 * DAY_MS)) + 1;
      const weeks = Math.floor((Date.UTC(year, 11, 28) - week1) / (7 * DAY_MS)) + 1;
      if (!byWeekNo.some((n) => (n > 0 ? n === week : weeks + n + 1 === week))) return false;
    }
    if (weekdays) {
      // A position counts within the month (monthly rules, or yearly ones with BYMONTH), else within the year.
      const inMonth = freq === 'MONTHLY' || (freq === 'YEARLY' && Boolean(byMonth));
      const ok = weekdays.some(({ n, weekday: wanted }) => {
        if (wanted !== weekday) return false;
        if (n === null) return true;
        const index = inMonth ? Math.floor((day - 1) / 7) : Math.floor((yearDay - 1) / 7);
        const count = inMonth ? Math.floor((monthLength - day) / 7) + index + 1 : Math.floor((yearLength - yearDay) / 7) + index + 1;
        return n > 0 ? index === n - 1 : count - index === -n;
      });
      if (!ok) return false;
    }
    return true;
  };

  const periodOf = (time: number): number => {
    const date = new Date(time);
    if (freq === 'DAILY') return Math.round((time - first) / DAY_MS);
    if (freq === 'WEEKLY') {
      const weekStart = (t: number) => t - ((weekdayOf(t) - wkst + 7) % 7) * DAY_MS;
      return Math.round((weekStart(time) - weekStart(first)) / (7 * DAY_MS));
    }
    if (freq === 'MONTHLY') return (date.getUTCFullYear() - start.year) * 12 + date.getUTCMonth() - (start.month - 1);
    return date.getUTCFullYear() - start.year;
  };

  const end = Date.UTC(start.year + years, start.month - 1, start.day);
  let period = -1;
  let found = 0;
  const periodMeets = () => found > 0 && (!bySetPos || bySetPos.some((n) => Math.abs(n) <= found * timesPerDay));
  for (let time = first; time <= end; time += DAY_MS) {
    const current = periodOf(time);
    if (current !== period) {
      if (periodMeets()) return true;
      period = current;
      found = 0;
    }
    if (current % interval === 0 && matches(time)) found += 1;
  }
  return periodMeets();
}
