import type { APIRoute } from 'astro';
import { MEDIA_LIMITS } from '@nfc/shared';
import { API_URL } from '../../../../lib/api';
import { visitorHeaders } from '../../../../lib/visitor';
import { readSession } from '../../../../lib/session';
import { proxyUpload } from '../../../../lib/upload-proxy';
import { languageFromParam, localizedPath } from '../../../../i18n/i18n';
import { masterPurpose } from '../../../../lib/pro/kit';

/** Room for the multipart envelope and the CSRF field around the file itself. */
const MULTIPART_SLACK = 64 * 1024;

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

  // CASE: without JavaScript the whole form arrives here; a declared body over the cap is refused unread.
  if (Number(request.headers.get('content-length') ?? 0) > MEDIA_LIMITS.maxUploadBytes + MULTIPART_SLACK) return back('FILE_TOO_LARGE');
  const form = await request.formData().catch(() => null);
  const file = form?.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return back('NO_FILE');
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`${API_URL}/uploads?purpose=${masterPurpose(file.name)}`, { method: 'POST', headers: { ...visitorHeaders(), authorization: `Bearer ${token}` }, body }).catch(() => null);
  if (!response) return back('SERVICE_UNAVAILABLE');
  const answer = (await response.json().catch(() => ({}))) as { id?: string; errors?: Array<{ extensions?: { code?: string; reason?: string } }> };
  if (response.status === 201 && answer.id) return redirect(`${localizedPath(language, '/pro/kit/apercu')}?actif=${encodeURIComponent(slug)}&televersement=${encodeURIComponent(answer.id)}`, 303);
  const extensions = answer.errors?.[0]?.extensions;
  return back(extensions?.reason ?? extensions?.code ?? 'generic');
};
