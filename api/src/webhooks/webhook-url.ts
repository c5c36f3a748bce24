import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { WEBHOOK_LIMITS } from '@nfc/shared';
import ipaddr from 'ipaddr.js';
import type { AppConfig } from '../config';
import { AppError } from '../common/errors';
import { checkOutboundUrl, OutboundError } from '../common/outbound-http';

/** What decides which delivery URLs are accepted (from the configuration). */
export interface WebhookUrlPolicy {
  /** OUTBOUND_ALLOW_PRIVATE: loopback and private addresses (tests, closed networks), and plain http. */
  allowPrivate: boolean;
  /** In production, https only (unless allowPrivate). */
  httpsRequired: boolean;
}

export function webhookUrlPolicy(config: Pick<AppConfig, 'env' | 'outboundAllowPrivate'>): WebhookUrlPolicy {
  return { allowPrivate: config.outboundAllowPrivate, httpsRequired: config.env === 'production' && !config.outboundAllowPrivate };
}

/** Why a delivery URL is refused: `extensions.reason` beside BAD_USER_INPUT, stable for clients. */
export type WebhookUrlRefusal = 'BAD_URL' | 'HTTPS_REQUIRED' | 'ADDRESS_NOT_ALLOWED' | 'HOST_NOT_FOUND';

function refuse(reason: WebhookUrlRefusal, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, { reason, fields: [{ field: 'url', message }] });
}

/** Only public unicast addresses: loopback, private, link-local (169.254.169.254), CGNAT, multicast, reserved… are not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/**
 * Checks a delivery URL when it is given (the delivery itself is checked again, on the address
 * each connection reaches, by outbound-http's request-filtering-agent): http(s) only, no
 * credentials, https in production, and a host whose every address is public unless
 * OUTBOUND_ALLOW_PRIVATE. Refusals are BAD_USER_INPUT with a `reason`.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<string> {
  const text = raw.trim();
  if (text.length > WEBHOOK_LIMITS.urlMaxLength) throw refuse('BAD_URL', `At most ${WEBHOOK_LIMITS.urlMaxLength} characters.`);
  let url: URL;
  try {
    url = checkOutboundUrl(text);
  } catch (error) {
    if (error instanceof OutboundError) throw refuse('BAD_URL', error.message);
    throw error;
  }
  if (url.protocol !== 'https:' && policy.httpsRequired) throw refuse('HTTPS_REQUIRED', 'The address must start with https://.');
  if (url.hash) url.hash = '';
  if (!policy.allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
      } catch {
        throw refuse('HOST_NOT_FOUND', 'This host name does not exist.');
      }
    }
    if (!addresses.length || !addresses.every(isPublicAddress)) throw refuse('ADDRESS_NOT_ALLOWED', 'This address is on a private or local network, which the platform does not reach.');
  }
  return url.toString();
}
