// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Pages render on demand (they read live data from the API); the two legal pages are
// prerendered. See ARCHITECTURE.md, "Rendering".
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  site: process.env.PUBLIC_SITE_URL || undefined,
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  server: { host: '127.0.0.1', port: Number(process.env.WEB_PORT ?? 4321) },
  telemetry: false,
  devToolbar: { enabled: false },
  security: { checkOrigin: true },
  vite: { ssr: { noExternal: ['@nfc/shared'] } },
});
