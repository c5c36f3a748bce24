// Runs the whole product: the API (which starts the embedded PostgreSQL unless
// DATABASE_URL is set, migrates and seeds) and then the website, and prints both URLs.
// Ctrl-C (SIGINT) or SIGTERM stops the website, then the API and its database, cleanly.
import './check-node.mjs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 4321);
const apiUrl = `http://127.0.0.1:${apiPort}`;
// The API's address as people's browsers use it: the same for both processes, or the site's pictures
// (API URLs) would not match the origin its Content-Security-Policy allows. The site's own address is
// passed only when set: unset, the site answers with the request's origin.
const publicApiUrl = process.env.PUBLIC_API_URL ?? `http://localhost:${apiPort}`;
const publicUrls = { PUBLIC_API_URL: publicApiUrl, ...(process.env.PUBLIC_SITE_URL ? { PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL } : {}) };
const dataDir = resolve(process.env.DATA_DIR ?? join(root, '.data'));

/**
 * The secret with which the website tells the API who its visitor is (see ARCHITECTURE.md,
 * "Trust boundaries"): SITE_PROXY_SECRET when set, otherwise a random one kept in .data like
 * the JWT secret, given to both processes.
 */
function siteProxySecret() {
  if (process.env.SITE_PROXY_SECRET) return process.env.SITE_PROXY_SECRET;
  const file = join(dataDir, 'site-proxy-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
const sharedSecret = siteProxySecret();
const children = [];
let stopping = false;

function start(name, args, env, readyPattern) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text);
      if (readyPattern.test(text)) resolve();
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
      if (!stopping) {
        console.error(`${name} stopped unexpectedly (${signal ?? code}); stopping everything.`);
        void stop(1);
      }
    });
  });
  // Only a caller that awaits `ready` cares; an exit after readiness is handled above.
  ready.catch(() => undefined);
  return { child, ready };
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('close', resolve));
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // The website first (it depends on the API), then the API, which stops its database.
  for (const child of [...children].reverse()) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  // glibc's per-thread malloc arenas inflate libvips' memory; sharp recommends two.
  const api = start('API', ['api/dist/main.js'], { API_PORT: String(apiPort), MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', SITE_PROXY_SECRET: sharedSecret, ...publicUrls }, /API ready/);
  await api.ready;
  start('Website', ['web/dist/server/entry.mjs'], { HOST: process.env.WEB_HOST ?? '127.0.0.1', PORT: String(webPort), API_URL: apiUrl, SITE_PROXY_SECRET: sharedSecret, ...publicUrls }, /$^/);
  await waitForHttp(`http://127.0.0.1:${webPort}/`, 30_000);
  console.log(`
  Nord Franche-Comté is running:
    Website  http://localhost:${webPort}/   (also /en/ and /de/)
    API      http://localhost:${apiPort}/graphql
  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}
