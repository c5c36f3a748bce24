import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { AppError } from '../common/errors';
import type { RequestContext } from '../context';

/**
 * The routes any web page may read from a visitor's browser (the partners' widget, their own
 * scripts): the GraphQL endpoint, for its public queries, and the calendar and news feeds.
 */
export const CROSS_ORIGIN_READ_ROUTES = ['/graphql', '/feeds'] as const;

/** Headers a foreign page may send: those of a JSON GraphQL request and Apollo's preflight markers; never Authorization. */
const ALLOWED_REQUEST_HEADERS = ['content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** What the widget may read of an answer besides the body: when to retry, and whether it came from the cache. */
const EXPOSED_RESPONSE_HEADERS = ['retry-after', 'x-cache', 'x-request-id'];

/** The methods that change nothing; anything else from a foreign page is refused outside /graphql. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A stable refusal: `FORBIDDEN` with `reason: CROSS_ORIGIN`, HTTP 403. */
export function crossOriginRefused(message: string): AppError {
  return new AppError('FORBIDDEN', message, { reason: 'CROSS_ORIGIN', http: { status: 403 } });
}

/** The origins (scheme, host, port) of these URLs, ignoring any that is not a URL. */
export function originsOf(urls: readonly string[]): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // An unset or malformed setting trusts nothing more.
    }
  }
  return origins;
}

/**
 * True when a browser says the request comes from a page of another site. No Origin header
 * (servers, office systems, curl, same-origin navigations) is not foreign; "null" (sandboxed
 * frames, file: pages) is.
 */
export function isForeignOrigin(origin: string | undefined, trusted: ReadonlySet<string>): boolean {
  if (origin === undefined) return false;
  return !trusted.has(origin);
}

/**
 * CORS for public reads: `Access-Control-Allow-Origin: *` and never credentials, so a browser
 * never attaches a cookie and a foreign page cannot send a bearer token (Authorization is not
 * among the allowed headers, so its preflight fails). Preflights are answered here with 204 and
 * cached ten minutes by the browser; they do no work and spend no budget. Every actual request
 * then goes down the same chain as a same-origin one, and spends the same per-address budgets.
 */
export function publicReadCors(): RequestHandler {
  const handler = cors({
    origin: '*',
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    credentials: false,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // Helmet's same-origin default would only matter to no-cors fetches; these answers are public.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    handler(req, res, next);
  };
}

/**
 * CSRF at the door: a request from another site's page that carries a credential (a bearer
 * token), or that tries to change anything outside /graphql, is refused with 403 before any
 * work. Browsers cannot send such requests under the CORS policy above; this holds even if
 * they could, and for pages that skip the preflight (simple form posts to the upload route).
 */
export function refuseForeignWrites(trusted: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!isForeignOrigin(origin, trusted)) return next();
    // CASE: preflights carry no credential and change nothing; CORS answers them.
    if (req.method === 'OPTIONS') return next();
    let refusal: AppError | null = null;
    if (req.headers.authorization) refusal = crossOriginRefused('A request from another site may not carry credentials.');
    else if (!SAFE_METHODS.has(req.method) && req.path !== '/graphql') refusal = crossOriginRefused('A page of another site may only read.');
    if (!refusal) return next();
    res.status(403).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code, reason: 'CROSS_ORIGIN' } }] });
  };
}

/**
 * On /graphql, only queries may come from another site's page: a mutation (even an anonymous
 * one: a sign-up, a contest code, a vote) would let that page act from its visitors' browsers
 * and addresses. Refused once the operation is known, before it runs.
 */
export function foreignMutationGuard(trusted: ReadonlySet<string>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const origin = request.http?.headers.get('origin') ?? undefined;
      if (!isForeignOrigin(origin, trusted)) return;
      return {
        async didResolveOperation({ operation }) {
          if (operation && operation.operation !== 'query') throw crossOriginRefused('A page of another site may only run queries.');
        },
      };
    },
  };
}
