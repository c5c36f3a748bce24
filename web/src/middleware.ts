import { CONTEST_PAGES } from '@nfc/shared';
import { defineMiddleware } from 'astro:middleware';
import { ApiError, publicApiOrigin } from './lib/api';
import { withVisitor, type VisitorContext } from './lib/visitor';
import { CSRF_COOKIE, csrfMatches, csrfToken, sentCsrfToken } from './lib/csrf';
import { csrfRefusedPage } from './lib/csrf-page';
import { neutralPath } from './i18n/i18n';
import { visitorAddress } from './lib/client-address';

/** The route a spent budget is answered with (429, in the language of the URL asked for). */
const TOO_MANY_REQUESTS_ROUTE = '/trop-de-requetes';

/** Whether this request reached the visitor over HTTPS (then browsers are told to stay on it). */
function overHttps(url: URL): boolean {
  // Astro reports https for a TLS socket, or for X-Forwarded-Proto from a proxy its
  // security.allowedDomains trusts; a site published at an https address is https throughout.
  return url.protocol === 'https:' || (process.env.PUBLIC_SITE_URL ?? '').startsWith('https:');
}

/**
 * Astro writes the page's Content-Security-Policy (script and style hashes, and the directives of
 * astro.config.mjs). Images also come from the API, whose public origin is known only at run time.
 */
function withApiImages(policy: string): string {
  let origin: string;
  try {
    origin = new URL(publicApiOrigin()).origin;
  } catch {
    return policy;
  }
  return policy.replace(/(^|;\s*)img-src ([^;]*)/, (_all, lead: string, sources: string) => `${lead}img-src ${sources} ${origin}`);
}

function securityHeaders(response: Response, url: URL, prerendered: boolean): Response {
  const headers = response.headers;
  const policy = headers.get('content-security-policy');
  // Prerendered pages (fixed text, no API images) keep the policy of the build; see astro.config.mjs.
  if (policy && !prerendered) headers.set('content-security-policy', withApiImages(policy));
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  if (overHttps(url)) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The areas whose pages hold forms, which get the CSRF cookie before they stream. The public
 * pages (agenda, territory, kit) set no cookie, so that any HTTP cache may keep them.
 */
function hasForms(pathname: string): boolean {
  const path = neutralPath(pathname);
  return /^\/pro(\/|$)/.test(path) || path === '/kit/partenaires' || path === '/kit/abonnement' || CONTEST_FORM_PAGE.test(path);
}

/** Every page of an edition but its home and results holds a form (/concours/<slug>/<page>, or the current edition's /concours/<page>). */
const CONTEST_FORM_PAGE = new RegExp(`^/concours/(?:[^/]+/)?(?:${CONTEST_PAGES.filter((page) => page !== 'resultats').join('|')})$`);

/**
 * Every request: its visitor's address travels with each API call made while rendering it (so the
 * API's per-address budgets count visitors, not the site); a spent budget becomes the 429 page;
 * and the answer gets the site's security headers.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  // Every post of the site carries the CSRF token (lib/csrf.ts): the espace pro's forms, and the
  // residents' too (withdrawing a photo or erasing one's data must not be another site's to trigger).
  if (!SAFE_METHODS.has(context.request.method)) {
    if (!csrfMatches(context.cookies.get(CSRF_COOKIE)?.value, await sentCsrfToken(context.request))) {
      return securityHeaders(csrfRefusedPage(context.url.pathname), context.url, false);
    }
  }
  // Set before the page streams, so that the forms it renders can carry the token.
  if (!context.isPrerendered && hasForms(context.url.pathname)) csrfToken(context.cookies);
  let address: string | undefined;
  try {
    // The socket's address, or behind our own proxy (TRUST_PROXY) the one it saw: lib/client-address.ts.
    address = visitorAddress(context.request.headers, context.clientAddress);
  } catch {
    // Prerendering at build time: there is no visitor.
  }
  const visitor: VisitorContext = { address };
  return withVisitor(visitor, async () => {
    let response: Response | undefined;
    try {
      response = await next();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'RATE_LIMITED')) throw error;
      visitor.rateLimited ??= { retryAfterSeconds: error.retryAfterSeconds ?? 60 };
    }
    // A form post whose page caught the refusal keeps its own answer (the sign-in page says "too many
    // attempts" and keeps the typed address); anything else over budget becomes the 429 page. The
    // rewrite is a GET: the post's body is spent, and the 429 page acts on nothing.
    const handledByThePage = response !== undefined && !SAFE_METHODS.has(context.request.method);
    if (visitor.rateLimited && !handledByThePage && context.url.pathname !== TOO_MANY_REQUESTS_ROUTE) {
      await response?.body?.cancel().catch(() => undefined);
      context.locals.retryAfterSeconds = visitor.rateLimited.retryAfterSeconds;
      response = await context.rewrite(new Request(new URL(TOO_MANY_REQUESTS_ROUTE, context.url), { method: 'GET', headers: context.request.headers }));
    }
    return securityHeaders(response!, context.url, context.isPrerendered);
  });
});
