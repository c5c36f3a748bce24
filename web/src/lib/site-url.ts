/**
 * The site's public address, read from PUBLIC_SITE_URL when each request is answered (never the
 * build machine's: astro.config.mjs's `site` is fixed at build time). Without it, the address the
 * request came to. Canonical links, hreflang, og:url, the sitemap and robots.txt all use it.
 */
export function siteOrigin(requestUrl: URL): string {
  const configured = process.env.PUBLIC_SITE_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed value: fall back to the request's own address rather than print garbage.
    }
  }
  return requestUrl.origin;
}

/** An absolute URL of the site for a path ("/en/agenda" → "https://…/en/agenda"). */
export function absoluteUrl(path: string, requestUrl: URL): string {
  return new URL(path, `${siteOrigin(requestUrl)}/`).href;
}
