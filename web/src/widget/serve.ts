import { createHash } from 'node:crypto';

const MARKER = /(["'`])__NFC_API_URL__\1/g;

/**
 * The bundle with the API's public origin written in, as a JSON string literal (so no address,
 * however configured, can end the string). Throws if the bundle does not hold the marker exactly
 * once: a widget that would call a build machine's localhost must never be served.
 */
export function withApiUrl(bundle: string, apiUrl: string): string {
  const origin = new URL(apiUrl).origin;
  const found = bundle.match(MARKER)?.length ?? 0;
  if (found !== 1) throw new Error(`the widget bundle holds the API marker ${found} times, not once`);
  return bundle.replace(MARKER, () => JSON.stringify(origin));
}

/** The headers of a file any site may load: cached an hour, revalidated by its ETag. */
export function publicFileHeaders(body: string, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    // A module script from another site is fetched in CORS mode: without this it would not run.
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  };
}

/** 304 when the browser already holds this version. */
export function notModified(request: Request, headers: Record<string, string>): boolean {
  const sent = request.headers.get('if-none-match');
  return sent !== null && sent.split(',').some((tag) => tag.trim().replace(/^W\//, '') === headers.etag);
}
