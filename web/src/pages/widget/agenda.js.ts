import type { APIRoute } from 'astro';
import bundle from 'virtual:nfc-widget';
import { publicApiOrigin } from '../../lib/api';
import { notModified, publicFileHeaders, withApiUrl } from '../../widget/serve';

export const prerender = false;

/** The partners' widget: one ES module, with the API's public address of this deployment written in. */
export const GET: APIRoute = ({ request }) => {
  const body = withApiUrl(bundle, publicApiOrigin());
  const headers = publicFileHeaders(body, 'text/javascript; charset=utf-8');
  if (notModified(request, headers)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
};
