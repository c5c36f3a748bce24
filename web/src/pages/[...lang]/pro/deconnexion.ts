import type { APIRoute } from 'astro';
import { languageFromParam, localizedPath } from '../../../i18n/i18n';
import { clearSession } from '../../../lib/session';

/** Signing out is a POST (with the CSRF token the middleware checks), never a link. */
export const POST: APIRoute = ({ params, cookies, redirect }) => {
  const language = languageFromParam(params.lang);
  if (!language) return new Response(null, { status: 404 });
  clearSession(cookies);
  return redirect(localizedPath(language, '/pro'), 303);
};
