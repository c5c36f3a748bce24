import proxyaddr from 'proxy-addr';

/**
 * How many proxies of our own stand between visitors and this server (TRUST_PROXY, as the API
 * reads it): 0 when the site is reached directly, 1 behind the compose file's caching proxy.
 * Anything but a small whole number trusts none, so a typo never lets visitors name themselves.
 */
export function trustedProxyHops(value = process.env.TRUST_PROXY): number {
  const hops = Number(value ?? 0);
  return Number.isInteger(hops) && hops >= 0 && hops <= 10 ? hops : 0;
}

/**
 * The visitor's address, for the API's per-visitor budgets. Directly reached, it is the socket's.
 * Behind `hops` proxies of ours, it is the address the outermost one saw: X-Forwarded-For read
 * from the right, skipping one entry per trusted proxy (proxy-addr, as Express does for the API),
 * so whatever a client wrote at the left of that header is never believed.
 */
export function visitorAddress(headers: Headers, socketAddress: string | undefined, hops = trustedProxyHops()): string | undefined {
  if (!socketAddress || hops === 0) return socketAddress;
  const request = { headers: { 'x-forwarded-for': headers.get('x-forwarded-for') ?? undefined }, connection: { remoteAddress: socketAddress }, socket: { remoteAddress: socketAddress } };
  return proxyaddr(request as unknown as Parameters<typeof proxyaddr>[0], (_address, hop) => hop < hops);
}
