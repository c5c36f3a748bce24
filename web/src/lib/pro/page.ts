import type { AstroGlobal } from 'astro';
import type { Language } from '@nfc/shared';
import { languageFromParam } from '../../i18n/i18n';
import { signInPath } from './paths';
import { proViewer, type ProViewer } from './viewer';

export type ProAbility = keyof ProViewer['can'];

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
