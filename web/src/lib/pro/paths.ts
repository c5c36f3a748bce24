import type { Language } from '@nfc/shared';
import { localizedPath } from '../../i18n/i18n';

/** Where a signed-out visitor is sent: the sign-in page, which brings them back to `path` after. */
export function signInPath(language: Language, path: string): string {
  return `${localizedPath(language, '/pro')}?suite=${encodeURIComponent(localizedPath(language, path))}`;
}

/** A return address after sign-in, only ever a path of the espace pro (or an edition's moderation page) on this site. */
export function safeNext(language: Language, next: string | null): string {
  const home = localizedPath(language, '/pro');
  // Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example"), and read "\\" as "/".
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return home;
  return /^\/((en|de)\/)?(pro|concours\/([a-z0-9-]+\/)?moderation)(\/|$|\?)/.test(next) ? next : home;
}
