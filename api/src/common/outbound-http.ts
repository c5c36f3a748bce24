import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Agent } from 'node:http';

/**
 * Every request the server makes on someone else's behalf (an import feed, an image named by
 * an import, a webhook delivery) goes through `outboundRequest`. The URL comes from a user, so
 * it could name the machine's own services (loopback, the cloud metadata address, the private
 * network): request-filtering-agent checks the address each connection actually reaches,
 * after DNS, so a name that resolves to 127.0.0.1 (or changes between two lookups) is refused
 * too. Redirects are followed by hand, each one through the same check.
 */

export type OutboundFailure = 'BAD_URL' | 'ADDRESS_NOT_ALLOWED' | 'TIMEOUT' | 'TOO_LARGE' | 'TOO_MANY_REDIRECTS' | 'NETWORK';

/** Why an outbound request did not get an answer; `message` is safe to show to the person who gave the URL. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, redirects included. */
  timeoutMs?: number;
  /** The answer's body is cut off (and refused) past this. */
  maxBytes?: number;
  /** Past maxBytes, keep the answer with its body cut there instead of refusing it (a webhook's answer: only its status counts). */
  truncate?: boolean;
  /** GET only; a POST is never redirected (a webhook's answer is what it is). */
  maxRedirects?: number;
  /** Loopback and private addresses allowed (OUTBOUND_ALLOW_PRIVATE, for tests and closed networks). */
  allowPrivate?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer came from, after redirects. */
  url: string;
}

const USER_AGENT = 'NordFrancheComte-Platform/1.0 (+https://www.nord-franche-comte.fr)';

/** Parses and checks a URL someone gave us: http(s) only, no credentials in it. */
export function checkOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('BAD_URL', 'This is not a valid address (URL).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('BAD_URL', 'Only http and https addresses are accepted.');
  if (url.username || url.password) throw new OutboundError('BAD_URL', 'An address may not carry a user name or password.');
  if (!url.hostname) throw new OutboundError('BAD_URL', 'The address has no host.');
  return url;
}

type FilteringModule = typeof import('request-filtering-agent', { with: { 'resolution-mode': 'import' } });
let filtering: Promise<FilteringModule> | undefined;
const agents = new Map<string, Agent>();

async function agentFor(url: URL, allowPrivate: boolean): Promise<Agent> {
  // ESM-only package: loaded once with the native import().
  const module = await (filtering ??= import('request-filtering-agent'));
  const key = `${url.protocol}${allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { allowPrivateIPAddress: allowPrivate, allowMetaIPAddress: false, keepAlive: false };
    agent = url.protocol === 'https:' ? new module.RequestFilteringHttpsAgent(options) : new module.RequestFilteringHttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

function once(url: URL, options: Required<Pick<OutboundOptions, 'method' | 'maxBytes'>> & OutboundOptions, agent: Agent, signal: AbortSignal): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const request = send(
      url,
      {
        method: options.method,
        agent,
        signal,
        headers: {
          'user-agent': USER_AGENT,
          'accept-encoding': 'identity',
          ...options.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (response) => {
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes && !options.truncate) {
          response.destroy();
          reject(new OutboundError('TOO_LARGE', `The answer is larger than ${Math.round(options.maxBytes / 1_000_000)} MB.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes && options.truncate) {
            chunks.push(chunk.subarray(0, chunk.length - (size - options.maxBytes)));
            response.destroy();
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url: url.toString() });
            return;
          }
          if (size > options.maxBytes) {
            response.destroy();
            reject(new OutboundError('TOO_LARGE', `The answer is larger than ${Math.round(options.maxBytes / 1_000_000)} MB.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url: url.toString() }));
        response.on('error', (error) => reject(translate(error, signal)));
      },
    );
    request.on('error', (error) => reject(translate(error, signal)));
    request.end(body);
  });
}

function translate(error: unknown, signal: AbortSignal): OutboundError {
  if (error instanceof OutboundError) return error;
  if (signal.aborted) return new OutboundError('TIMEOUT', 'The server did not answer in time.');
  const message = String((error as Error)?.message ?? error);
  // request-filtering-agent's refusal: "DNS lookup 127.0.0.1(family:4, host:…) is not allowed. Because, It is private IP address."
  if (/is not allowed/i.test(message)) return new OutboundError('ADDRESS_NOT_ALLOWED', 'This address is on a private or local network, which the platform does not reach.');
  const code = (error as { code?: string })?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new OutboundError('NETWORK', 'This host name does not exist.');
  if (code === 'ECONNREFUSED') return new OutboundError('NETWORK', 'The server refused the connection.');
  return new OutboundError('NETWORK', 'The server could not be reached.');
}

/** One request to an address a user gave, with the SSRF check, a deadline and a size cap. */
export async function outboundRequest(rawUrl: string, options: OutboundOptions = {}): Promise<OutboundResponse> {
  const method = options.method ?? 'GET';
  const maxBytes = options.maxBytes ?? 10_000_000;
  const maxRedirects = method === 'GET' ? (options.maxRedirects ?? 5) : 0;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  try {
    let url = checkOutboundUrl(rawUrl);
    for (let hop = 0; ; hop += 1) {
      const agent = await agentFor(url, options.allowPrivate ?? false);
      const response = await once(url, { ...options, method, maxBytes }, agent, controller.signal);
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && location && maxRedirects > 0) {
        if (hop >= maxRedirects) throw new OutboundError('TOO_MANY_REDIRECTS', 'The address redirects too many times.');
        url = checkOutboundUrl(new URL(location, url).toString());
        continue;
      }
      return response;
    }
  } finally {
    clearTimeout(timer);
  }
}
