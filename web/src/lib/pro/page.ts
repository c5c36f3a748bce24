import type { AstroGlobal } from 'astro';
import type { Language } from '@nfc/shared';
import { languageFromParam, localizedPath } from '../../i18n/i18n';
import { proViewer, type ProViewer } from './viewer';

export type ProAbility = keyof ProViewer['can'];

/** Where a signed-out visitor is sent: the sign-in page, which brings them back to `path` after. */
export function signInPath(language: Language, path: string): string {
  return `${localizedPath(language, '/pro')}?suite=${encodeURIComponent(localizedPath(language, path))}`;
}

/** A return address after sign-in, only ever a path of the espace pro on this site. */
export function safeNext(language: Language, next: string | null): string {
  const home = localizedPath(language, '/pro');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return home;
  return /^\/((en|de)\/)?pro(\/|$|\?)/.test(next) ? next : home;
}

/**
 * The start of every espace pro page: its language, the person signed in, and whether they may
 * see it. A signed-out visitor is redirected to sign in (and brought back); a person without the
 * ability gets `allowed: false`, and the page answers 403 with the explanation.
 */
export async function proPage(Astro: AstroGlobal, path: string, ability?: ProAbility): Promise<Response | { language: Language; viewer: ProViewer; allowed: boolean }> {
  const language = languageFromParam(Astro.params.lang);
  if (!language) return new Response(null, { status: 404 });
  Astro.response.headers.set('Cache-Control', 'private, no-store');
  const viewer = await proViewer(Astro.cookies);
  if (!viewer) return Astro.redirect(signInPath(language, path), 303);
  const allowed = ability ? viewer.can[ability] : true;
  if (!allowed) Astro.response.status = 403;
  return { language, viewer, allowed };
}
