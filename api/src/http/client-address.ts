import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { SITE_PROXY_HEADERS } from '@nfc/shared';
import type { Request, RequestHandler } from 'express';

const CLIENT_ADDRESS = Symbol('nfc.clientAddress');

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison of a presented secret with the expected one (any lengths). */
export function secretMatches(presented: string | undefined, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Decides, once per request, the address every per-address budget is counted on:
 * - the visitor's address the website forwards in `x-nfc-client-ip`, only when the same request
 *   carries the website's secret (`x-nfc-site-secret` = SITE_PROXY_SECRET, compared in constant time);
 * - otherwise Express's `req.ip`, which reads X-Forwarded-For only for TRUST_PROXY proxies;
 * - forwarded headers from anyone else are ignored.
 */
export function clientAddressMiddleware(siteProxySecret: string | undefined): RequestHandler {
  return (req, _res, next) => {
    let address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (siteProxySecret && secretMatches(header(req, SITE_PROXY_HEADERS.secret), siteProxySecret)) {
      const forwarded = header(req, SITE_PROXY_HEADERS.clientIp)?.trim();
      if (forwarded && isIP(forwarded)) address = forwarded;
    }
    (req as unknown as Record<symbol, string>)[CLIENT_ADDRESS] = budgetKey(address);
    next();
  };
}

/**
 * The key per-address budgets count on: an IPv4 address as it is (an IPv4-mapped IPv6 one
 * folded to it), an IPv6 address by its /64, the smallest block one household or one
 * server is given, so that rotating through a /64 is one client, not 2^64.
 *
 * @example budgetKey('::ffff:203.0.113.9') // '203.0.113.9'
 * @example budgetKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function budgetKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The address decided by `clientAddressMiddleware` (the socket's, if the middleware did not run). */
export function clientAddress(req: Request): string {
  return (req as unknown as Record<symbol, string | undefined>)[CLIENT_ADDRESS] ?? req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
