import { RRule } from 'rrule';
import { recurrenceRuleProblem, ruleMeetsWithin } from './recurrence-rule';

const START = { year: 2030, month: 1, day: 5 }; // a Saturday

/** Rules that rrule expands; the check must agree with it on whether any date comes. */
const MEETS: Array<[string, boolean]> = [
  ['FREQ=WEEKLY;BYDAY=SA;COUNT=4', true],
  ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=2', true],
  ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3', true],
  ['FREQ=MONTHLY;BYDAY=-1SU;COUNT=3', true],
  ['FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;COUNT=1', true],
  ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3', true],
  ['FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH;COUNT=1', true],
  ['FREQ=YEARLY;BYYEARDAY=366;COUNT=1', true],
  ['FREQ=YEARLY;BYMONTH=6;COUNT=2', true],
  ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;COUNT=2', true],
  ['FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SA;COUNT=5', true],
  ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=2', false],
  ['FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31;COUNT=2', false],
  ['FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2;COUNT=3', false],
  ['FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=3;COUNT=2', false],
  ['FREQ=MONTHLY;BYDAY=6MO;COUNT=2', false],
  ['FREQ=YEARLY;BYYEARDAY=60;BYMONTH=1;COUNT=1', false],
  ['FREQ=MONTHLY;INTERVAL=12;BYMONTH=2,3;BYMONTHDAY=31;COUNT=1', false],
];

test.each(MEETS)('%s gives a date within 25 years: %s', (rule, expected) => {
  expect(recurrenceRuleProblem(rule)).toBeNull();
  expect(ruleMeetsWithin(rule, START, 25)).toBe(expected);
  if (expected) {
    // Where the check says yes, rrule finds a date quickly (a no would make it walk to 9999).
    const options = RRule.parseString(rule);
    const found = new RRule({ ...options, dtstart: new Date(Date.UTC(START.year, START.month - 1, START.day, 10)), until: new Date(Date.UTC(START.year + 25, 0, 5)) }).all((_d, i) => i < 1);
    expect(found.length).toBe(1);
  }
});

const PROBLEMS: Array<[string, RegExp]> = [
  ['FREQ=WEEKLY;BYDAY=XX;COUNT=3', /weekday/],
  ['FREQ=WEEKLY;INTERVAL=-1;COUNT=3', /INTERVAL/],
  ['FREQ=WEEKLY;UNTIL=20301340', /not a date of the calendar/],
  ['FREQ=WEEKLY;UNTIL=20300101T250000', /not a time of day/],
  ['FREQ=HOURLY;COUNT=3', /daily at the finest/],
  ['FREQ=WEEKLY;BYDAY=2SA;COUNT=3', /monthly or yearly/],
  ['FREQ=DAILY;BYWEEKNO=3;COUNT=3', /YEARLY/],
  ['FREQ=MONTHLY;BYMONTHDAY=0;COUNT=3', /out of range/],
  ['FREQ=MONTHLY;BYSETPOS=1;COUNT=3', /another BY/],
  ['FREQ=WEEKLY;COUNT=3;', /NAME=VALUE/],
  ['freq=weekly;count=3', /^$/],
];

test.each(PROBLEMS)('%s is refused with a message that names its part', (rule, message) => {
  const problem = recurrenceRuleProblem(rule);
  if (message.source === '^$') expect(problem).toBeNull();
  else expect(problem).toMatch(message);
});
