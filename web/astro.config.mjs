// @ts-check
import { readFileSync, writeFileSync } from 'node:fs';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { widgetBundle } from './src/widget/vite-plugin.mjs';

/**
 * The node adapter serves prerendered pages with the headers of dist/_headers.json, where it
 * writes only their Content-Security-Policy; the other headers the middleware gives on-demand
 * pages are added here (HSTS is added by the middleware only, since it depends on the request).
 */
function staticSecurityHeaders() {
  return {
    name: 'nfc-static-security-headers',
    hooks: {
      'astro:build:done': () => {
        const file = new URL('./dist/_headers.json', import.meta.url);
        let routes;
        try {
          routes = JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          return;
        }
        for (const route of routes) {
          route.headers = route.headers.filter((h) => !['X-Content-Type-Options', 'Referrer-Policy'].includes(h.key));
          route.headers.push({ key: 'X-Content-Type-Options', value: 'nosniff' }, { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' });
        }
        writeFileSync(file, JSON.stringify(routes, null, 2));
      },
    },
  };
}

// Pages render on demand (they read live data from the API, and the site's public address,
// PUBLIC_SITE_URL, at request time: src/lib/site-url.ts). See ARCHITECTURE.md, "Rendering".
// No `site` here: it would fix the build machine's address into the pages.
export default defineConfig({
  output: 'server',
  // staticHeaders: prerendered pages get their Content-Security-Policy as a header too.
  adapter: node({ mode: 'standalone', staticHeaders: true }),
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  server: { host: '127.0.0.1', port: Number(process.env.WEB_PORT ?? 4321) },
  integrations: [staticSecurityHeaders()],
  // No Markdown pages; and Shiki's inline styles would need 'unsafe-inline'.
  markdown: { syntaxHighlight: false },
  telemetry: false,
  devToolbar: { enabled: false },
  security: {
    checkOrigin: true,
    // A strict policy: scripts only from this site, each inline one by its hash (Astro computes
    // them); no plugins, no framing (a page that must be embeddable opts in later), forms and
    // base URL kept here. The middleware adds the API's origin to img-src at run time.
    csp: {
      directives: [
        "default-src 'self'",
        // blob: lets the contest's upload form measure the chosen photo before sending it.
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
      // Colour swatches are style attributes with data-driven values; scripts get no such allowance.
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  // widgetBundle: the partners' widget, bundled by esbuild (src/widget/vite-plugin.mjs).
  vite: { ssr: { noExternal: ['@nfc/shared'] }, plugins: [widgetBundle()] },
});
