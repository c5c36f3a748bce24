import { trustedProxyHops, visitorAddress } from './client-address';

const forwarded = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });

describe('the visitor’s address', () => {
  test.each([
    ['reached directly: the socket, whatever the header claims', '203.0.113.9', '198.51.100.1', 0, '198.51.100.1'],
    ['behind our proxy: the address it saw', '203.0.113.9', '10.0.0.2', 1, '203.0.113.9'],
    ['behind our proxy, a client that wrote its own header: the proxy’s entry, not the claim', '1.2.3.4, 203.0.113.9', '10.0.0.2', 1, '203.0.113.9'],
    ['behind two proxies', '1.2.3.4, 203.0.113.9, 10.0.0.3', '10.0.0.2', 2, '203.0.113.9'],
    ['behind our proxy, no header (a request from inside): the socket', undefined, '10.0.0.2', 1, '10.0.0.2'],
    ['IPv6 through the proxy', '2001:db8::7', '10.0.0.2', 1, '2001:db8::7'],
  ] as const)('%s', (_case, header, socket, hops, expected) => {
    expect(visitorAddress(forwarded(header), socket, hops)).toBe(expected);
  });

  test.each([
    [undefined, 0],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['true', 0],
    ['-1', 0],
    ['1.5', 0],
    ['99', 0],
  ] as const)('TRUST_PROXY=%s trusts %i proxies', (value, hops) => {
    expect(trustedProxyHops(value)).toBe(hops);
  });
});
