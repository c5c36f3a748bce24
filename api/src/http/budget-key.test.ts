import { budgetKey } from './client-address';

test.each([
  ['203.0.113.9', '203.0.113.9'],
  ['::ffff:203.0.113.9', '203.0.113.9'],
  ['::FFFF:198.51.100.1', '198.51.100.1'],
  ['2001:db8:1:2:aaaa:bbbb:cccc:1', '2001:db8:1:2::/64'],
  ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
  ['2001:0db8:0001:0002:ffff::9', '2001:db8:1:2::/64'],
  ['2001:db8::1', '2001:db8:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
  ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['unknown', 'unknown'],
])('%s is counted as %s', (address, key) => {
  expect(budgetKey(address)).toBe(key);
});

test('every address of one /64 shares one key, the next /64 another', () => {
  const keys = new Set(['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2:1234::'].map(budgetKey));
  expect(keys.size).toBe(1);
  expect(budgetKey('2001:db8:1:3::1')).not.toBe([...keys][0]);
});
