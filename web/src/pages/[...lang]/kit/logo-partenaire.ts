import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { ApiError, ATTACH_PARTNER_LOGO, queryAs } from '../../../lib/api';
import { readSession } from '../../../lib/session';
import { forwardFormUpload, proxyUpload } from '../../../lib/upload-proxy';
import { languageFromParam, localizedPath } from '../../../i18n/i18n';

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
  const upload = await forwardFormUpload(request, token, () => 'PARTNER_LOGO');
  if ('reason' in upload) return back(upload.reason);
  try {
    await queryAs(token, z.object({ attachPartnerLogo: z.object({ version: z.number() }) }), ATTACH_PARTNER_LOGO, { u: upload.id });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return back(error.reason ?? error.code);
  }
  return redirect(`${area}?ok=logo#lockups`, 303);
};
