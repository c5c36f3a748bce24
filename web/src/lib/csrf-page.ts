import { languageFromParam, localizedPath, neutralPath } from '../i18n/i18n';
import { proText } from '../i18n/pro';

/**
 * The answer to a form posted without its CSRF token (from another site, or a page kept open
 * past a new sign-in): 403, in the page's language, with a link back to the form.
 */
export function csrfRefusedPage(pathname: string): Response {
  const prefix = /^\/(en|de)(\/|$)/.exec(pathname)?.[1];
  const language = languageFromParam(prefix) ?? 'fr';
  const back = localizedPath(language, neutralPath(pathname));
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(proText(language, 'csrf.title'))}</title></head><body><main><h1>${escape(proText(language, 'csrf.title'))}</h1><p>${escape(proText(language, 'csrf.body'))}</p><p><a href="${escape(back)}">${escape(proText(language, 'csrf.back'))}</a></p></main></body></html>`;
  return new Response(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
