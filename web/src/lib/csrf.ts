import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AstroCookies } from 'astro';

/**
 * CSRF protection for every form of the site: a double-submit token. A random value lives in an
 * httpOnly, SameSite=Lax cookie; every form carries the same value in a hidden field
 * (`_csrf`), uploads in the `x-csrf-token` header. Another site can make the browser send the
 * cookie with a top-level POST, but cannot read it to write the matching field. Astro's
 * `security.checkOrigin` refuses cross-site form posts as a first line.
 */
export const CSRF_COOKIE = 'nfc_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The token of this browser, creating it on first use (call it while rendering a form). */
export function csrfToken(cookies: AstroCookies): string {
  const existing = cookies.get(CSRF_COOKIE)?.value;
  if (existing && /^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  // Lax, not Strict: a Strict cookie is withheld when a person follows a link from their webmail,
  // the page would then issue a new token, and a form left open in another tab would be refused.
  // Double-submit needs no more: another site can make the browser send the cookie, never read it.
  cookies.set(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production', path: '/' });
  return token;
}

/** Whether `sent` (the form field or header) matches the cookie, in constant time. */
export function csrfMatches(cookieValue: string | undefined, sent: string | null | undefined): boolean {
  if (!cookieValue || !sent) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request sent: the `x-csrf-token` header, or the `_csrf` field of a urlencoded or multipart form. */
export async function sentCsrfToken(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  try {
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
