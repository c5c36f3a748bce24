import type { APIRoute } from 'astro';
import { readContestSession } from '../../lib/contest';
import { proxyUpload } from '../../lib/upload-proxy';

/** The contest photo upload (purpose PHOTO, on the entrant's session), through the site's one upload proxy. */
export const POST: APIRoute = ({ request, cookies }) => proxyUpload(request, readContestSession(cookies, 'entrant'), 'PHOTO');
