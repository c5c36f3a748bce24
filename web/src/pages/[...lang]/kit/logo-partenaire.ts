import type { APIRoute } from 'astro';
import { MEDIA_LIMITS } from '@nfc/shared';
import { z } from 'astro/zod';
import { API_URL, ApiError, ATTACH_PARTNER_LOGO, queryAs } from '../../../lib/api';
import { visitorHeaders } from '../../../lib/visitor';
import { readSession } from '../../../lib/session';
import { proxyUpload } from '../../../lib/upload-proxy';
import { languageFromParam, localizedPath } from '../../../i18n/i18n';

/** Room for the multipart envelope and the CSRF field around the file itself. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * A partner's own logo for its lockups (purpose PARTNER_LOGO), same-origin for the browser:
 * - the page's script (XHR with `x-csrf-token`) gets the upload streamed to the API with its
 *   progress, then posts the upload id back to /kit/partenaires, which attaches it;
 * - a plain form without JavaScript sends the whole file here: it is uploaded, attached, and
 *   the browser goes back to the partner area (with the refusal's reason if there is one).
 */
export const POST: APIRoute = async ({ request, cookies, params, redirect }) => {
  const language = languageFromParam(params.lang);
  if (!language) return new Response(null, { status: 404 });
  const token = readSession(cookies);
  if (request.headers.has('x-csrf-token')) return proxyUpload(request, token, 'PARTNER_LOGO');
  const area = localizedPath(language, '/kit/partenaires');
  const back = (reason: string) => redirect(`${area}?erreur-logo=${encodeURIComponent(reason)}#lockups`, 303);
  if (!token) return redirect(area, 303);
  if (Number(request.headers.get('content-length') ?? 0) > MEDIA_LIMITS.maxUploadBytes + MULTIPART_SLACK) return back('FILE_TOO_LARGE');
  const form = await request.formData().catch(() => null);
  const file = form?.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return back('NO_FILE');
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`${API_URL}/uploads?purpose=PARTNER_LOGO`, { method: 'POST', headers: { ...visitorHeaders(), authorization: `Bearer ${token}` }, body }).catch(() => null);
  if (!response) return back('SERVICE_UNAVAILABLE');
  const answer = (await response.json().catch(() => ({}))) as { id?: string; errors?: Array<{ extensions?: { code?: string; reason?: string } }> };
  if (response.status !== 201 || !answer.id) return back(answer.errors?.[0]?.extensions?.reason ?? answer.errors?.[0]?.extensions?.code ?? 'generic');
  try {
    await queryAs(token, z.object({ attachPartnerLogo: z.object({ version: z.number() }) }), ATTACH_PARTNER_LOGO, { u: answer.id });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return back(error.reason ?? error.code);
  }
  return redirect(`${area}?ok=logo#lockups`, 303);
};
