import type { APIRoute } from 'astro';
import { readSession } from '../../../lib/session';
import { proxyUpload } from '../../../lib/upload-proxy';

/** The event image upload of the editor (purpose EVENT_IMAGE), through the site's one upload proxy. */
export const POST: APIRoute = ({ request, cookies }) => proxyUpload(request, readSession(cookies), 'EVENT_IMAGE');
