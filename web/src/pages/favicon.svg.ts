import type { APIRoute } from 'astro';
import { BRAND_MARK_SIZE, brandMarkShapes } from '@nfc/shared';

// The site's icon is the kit's pictogram (shared/src/brand-mark.ts), drawn once at build time.
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BRAND_MARK_SIZE} ${BRAND_MARK_SIZE}">${brandMarkShapes({ mark: '#0b5c8a', detail: '#ffffff' })}</svg>`, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8' },
  });
