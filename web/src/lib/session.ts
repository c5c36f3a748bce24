import type { AstroCookies } from 'astro';

/** The partner's access token, kept in an httpOnly cookie of the website (never readable by scripts). */
const COOKIE = 'nfc_session';

export function readSession(cookies: AstroCookies): string | undefined {
  return cookies.get(COOKIE)?.value || undefined;
}

export function writeSession(cookies: AstroCookies, token: string): void {
  cookies.set(COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production', path: '/', maxAge: 60 * 60 });
}

export function clearSession(cookies: AstroCookies): void {
  cookies.delete(COOKIE, { path: '/' });
}
