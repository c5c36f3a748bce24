/**
 * The channel through which the website tells the API who its visitor is. The API believes
 * `CLIENT_IP_HEADER` only on a request that also carries `SITE_SECRET_HEADER` equal to its own
 * SITE_PROXY_SECRET; otherwise the request counts against the address it came from.
 */
export const SITE_PROXY_HEADERS = {
  clientIp: 'x-nfc-client-ip',
  secret: 'x-nfc-site-secret',
} as const;
