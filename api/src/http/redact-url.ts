/** Query parameters that carry a credential: a signed link's token, a preview signature, a code, a feed's API key (OpenAgenda's `key`, Apidae's `apiKey`). */
const SECRET_PARAMETERS = /^(?:token|signature|code|key|access_token|api[-_]?key|secret|password)$/i;

/**
 * The URL as the request log may keep it: every credential-bearing query value replaced, so a
 * signed download link or preview read from the logs opens nothing.
 *
 * @example redactUrl('/brand/assets/x/v/1/png-512?token=abc&lang=fr') // '/brand/assets/x/v/1/png-512?token=[redacted]&lang=fr'
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name is kept as it came; it cannot match a credential's name anyway.
      }
      return SECRET_PARAMETERS.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}
