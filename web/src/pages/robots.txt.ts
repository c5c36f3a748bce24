import { CONTEST_PAGES } from '@nfc/shared';
import type { APIRoute } from 'astro';
import { LANGUAGES, localizedPath } from '../i18n/i18n';
import { absoluteUrl } from '../lib/site-url';

/**
 * Everything may be crawled but the areas for signed-in people and personal links: the espace
 * pro, the partners' area of the kit, the contest's entrant, voter, jury and moderation pages,
 * a guardian's consent link, and the contest's data export and upload endpoints.
 */
const CONTEST_PRIVATE = CONTEST_PAGES.filter((page) => page !== 'participer' && page !== 'resultats');
// Each edition's (/concours/<slug>/<page>, a wildcard every major crawler reads) and the current edition's short address.
const PRIVATE_PAGES = ['/pro', '/kit/partenaires', '/kit/abonnement', ...CONTEST_PRIVATE.flatMap((page) => [`/concours/${page}`, `/concours/*/${page}`])];
const PRIVATE_ENDPOINTS = ['/concours/mes-donnees.json', '/concours/televersement'];

export const GET: APIRoute = ({ url }) => {
  const disallowed = [...PRIVATE_PAGES.flatMap((path) => LANGUAGES.map((language) => localizedPath(language, path))), ...PRIVATE_ENDPOINTS];
  const body = ['User-agent: *', 'Allow: /', ...disallowed.map((path) => `Disallow: ${path}`), '', `Sitemap: ${absoluteUrl('/sitemap.xml', url)}`, ''].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' } });
};
