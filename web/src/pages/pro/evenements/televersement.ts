import type { APIRoute } from 'astro';
import { API_URL } from '../../../lib/api';
import { visitorHeaders } from '../../../lib/visitor';
import { readSession } from '../../../lib/session';

/**
 * The event image upload of the editor, same-origin for the browser (so its progress can be
 * shown and the session stays in its httpOnly cookie): the body is streamed to the API as it
 * arrives (purpose EVENT_IMAGE), and the API's answer (upload id, or a coded refusal) is passed
 * back unchanged. The middleware has checked the x-csrf-token header before this runs.
 */
export const POST: APIRoute = async ({ request, cookies }) => {
  const token = readSession(cookies);
  if (!token) return Response.json({ errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 });
  const response = await fetch(`${API_URL}/uploads?purpose=EVENT_IMAGE`, {
    method: 'POST',
    headers: { ...visitorHeaders(), authorization: `Bearer ${token}`, 'content-type': request.headers.get('content-type') ?? '', ...(request.headers.get('content-length') ? { 'content-length': request.headers.get('content-length')! } : {}) },
    body: request.body,
    duplex: 'half',
  } as RequestInit).catch(() => null);
  if (!response) return Response.json({ errors: [{ message: 'The service is unavailable.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }, { status: 503 });
  const retryAfter = response.headers.get('retry-after');
  return new Response(await response.text(), { status: response.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...(retryAfter ? { 'retry-after': retryAfter } : {}) } });
};
