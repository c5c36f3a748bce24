import { answerExcerpt } from './webhook-delivery';
import { publicChange, type PublicState } from './webhook-events';
import { isPublicAddress } from './webhook-url';

const OFF: PublicState = { public: false, status: 'SCHEDULED' };
const ON: PublicState = { public: true, status: 'SCHEDULED' };
const CANCELLED: PublicState = { public: true, status: 'CANCELLED' };

test.each([
  ['a new draft', null, OFF, null],
  ['a new published event', null, ON, 'event.created'],
  ['a draft changed', OFF, OFF, null],
  ['a draft published', OFF, ON, 'event.created'],
  ['a published event changed', ON, ON, 'event.updated'],
  ['a published event cancelled', ON, CANCELLED, 'event.cancelled'],
  ['a cancelled event changed again', CANCELLED, CANCELLED, 'event.updated'],
  ['a published event deleted, merged or sent back to review', ON, OFF, 'event.deleted'],
  ['a cancelled event deleted', CANCELLED, { public: false, status: 'CANCELLED' }, 'event.deleted'],
] as const)('%s → %s', (_case, before, after, expected) => {
  expect(publicChange(before, after)).toBe(expected);
});

test.each([
  ['93.184.215.14', true],
  ['2606:4700:4700::1111', true],
  ['127.0.0.1', false],
  ['127.9.9.9', false],
  ['::1', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:10.0.0.1', false],
  ['10.0.0.1', false],
  ['172.16.5.4', false],
  ['192.168.0.1', false],
  ['169.254.169.254', false],
  ['100.64.0.1', false],
  ['0.0.0.0', false],
  ['224.0.0.1', false],
  ['fe80::1', false],
  ['fd00::1', false],
  ['not an address', false],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

test('an answer is kept as one bounded line of text', () => {
  expect(answerExcerpt(Buffer.alloc(0))).toBeNull();
  expect(answerExcerpt(Buffer.from('  ok \r\n\t done  '))).toBe('ok done');
  const long = answerExcerpt(Buffer.from('é'.repeat(5000)))!;
  expect(long).toHaveLength(500);
  expect(long.endsWith('…')).toBe(true);
});
