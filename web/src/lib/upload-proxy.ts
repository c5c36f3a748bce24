import { MEDIA_LIMITS } from '@nfc/shared';
import { API_URL } from './api';
import { visitorHeaders } from './visitor';

/** An error answered in the API's own shape, so the page's script reads every refusal alike. */
function refusal(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * The site's one way of passing a browser's upload to the API (photos, event images, kit
 * masters): same-origin for the browser, so its progress can be shown and the session stays in
 * its httpOnly cookie. The body is streamed to `/uploads?purpose=…` as it arrives, on the
 * person's token and the visitor's budget, and the API's answer (the upload id, or a coded
 * refusal) comes back unchanged. The middleware has checked the CSRF header before this runs.
 */
export async function proxyUpload(request: Request, token: string | undefined, purpose: string): Promise<Response> {
  if (!token) return refusal(401, 'UNAUTHENTICATED', 'Sign in first.');
  const length = request.headers.get('content-length');
  const response = await fetch(`${API_URL}/uploads?purpose=${encodeURIComponent(purpose)}`, {
    method: 'POST',
    headers: { ...visitorHeaders(), authorization: `Bearer ${token}`, 'content-type': request.headers.get('content-type') ?? '', ...(length ? { 'content-length': length } : {}) },
    body: request.body,
    duplex: 'half',
  } as RequestInit).catch(() => null);
  if (!response) return refusal(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable.');
  const retryAfter = response.headers.get('retry-after');
  return new Response(await response.text(), { status: response.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...(retryAfter ? { 'retry-after': retryAfter } : {}) } });
}

/** Room for the multipart envelope and the CSRF field around the file itself. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * A plain form's upload, without JavaScript: the whole form has arrived, its `file` goes to the
 * API's `/uploads` for the purpose the file's name gives. Answers the upload id, or the reason
 * to show next to the field (a declared body over the cap is refused unread).
 */
export async function forwardFormUpload(request: Request, token: string, purposeOf: (fileName: string) => string): Promise<{ id: string } | { reason: string }> {
  if (Number(request.headers.get('content-length') ?? 0) > MEDIA_LIMITS.maxUploadBytes + MULTIPART_SLACK) return { reason: 'FILE_TOO_LARGE' };
  const form = await request.formData().catch(() => null);
  const file = form?.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return { reason: 'NO_FILE' };
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`${API_URL}/uploads?purpose=${encodeURIComponent(purposeOf(file.name))}`, { method: 'POST', headers: { ...visitorHeaders(), authorization: `Bearer ${token}` }, body }).catch(() => null);
  if (!response) return { reason: 'SERVICE_UNAVAILABLE' };
  const answer = (await response.json().catch(() => ({}))) as { id?: string; errors?: Array<{ extensions?: { code?: string; reason?: string } }> };
  if (response.status === 201 && answer.id) return { id: answer.id };
  const extensions = answer.errors?.[0]?.extensions;
  return { reason: extensions?.reason ?? extensions?.code ?? 'generic' };
}
