import type { APIRoute } from 'astro';
import { readSession } from '../../../../lib/session';
import { forwardFormUpload, proxyUpload } from '../../../../lib/upload-proxy';
import { languageFromParam, localizedPath } from '../../../../i18n/i18n';
import { masterPurpose } from '../../../../lib/pro/kit';

/**
 * The upload of a new master (Pôle), same-origin for the browser so that its progress can be
 * shown and the session stays in its httpOnly cookie. Two callers:
 * - the page's script (XHR, `x-csrf-token` header): the body is streamed to the API's /uploads
 *   as it arrives and the API's answer (upload id, or a coded refusal) comes back unchanged;
 * - a plain form without JavaScript: the file is read, sent on, and the browser is redirected
 *   to the preview (or back to the form with the refusal's reason).
 * The purpose follows the file: print masters (PDF, EPS) or images (shared/src/media.ts).
 */
export const POST: APIRoute = async ({ request, cookies, params, url, redirect }) => {
  const language = languageFromParam(params.lang);
  if (!language) return new Response(null, { status: 404 });
  const slug = url.searchParams.get('actif') ?? '';
  const token = readSession(cookies);
  const fromScript = request.headers.has('x-csrf-token');
  if (!token) {
    if (fromScript) return Response.json({ errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 });
    return redirect(`${localizedPath(language, '/pro')}?suite=${encodeURIComponent(`${localizedPath(language, '/pro/kit/version')}?actif=${slug}`)}`, 303);
  }
  const back = (reason: string) => redirect(`${localizedPath(language, '/pro/kit/version')}?actif=${encodeURIComponent(slug)}&erreur=${encodeURIComponent(reason)}`, 303);

  if (fromScript) return proxyUpload(request, token, url.searchParams.get('usage') === 'print' ? 'PRINT_MASTER' : 'BRAND_MASTER');

  // CASE: without JavaScript the whole form arrives here.
  const upload = await forwardFormUpload(request, token, masterPurpose);
  if ('reason' in upload) return back(upload.reason);
  return redirect(`${localizedPath(language, '/pro/kit/apercu')}?actif=${encodeURIComponent(slug)}&televersement=${encodeURIComponent(upload.id)}`, 303);
};
