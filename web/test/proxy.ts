import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';

const ROOT = join(__dirname, '..', '..');
/** Debian's nginx (package nginx-light, which .ci/run installs): the compose file's proxy is the nginx image. */
export const NGINX = '/usr/sbin/nginx';

async function waitFor(url: string, output: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not answer in 60 s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface ProxiedSite {
  /** The proxy's address: visitors go here. */
  url: string;
  /** The proxy's address for the API (the same nginx, its API server block). */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * The production arrangement, on loopback: a website process told it sits behind one proxy
 * (TRUST_PROXY=1, as docker/compose.yaml sets), and nginx in front of it running the compose
 * file's own docker/proxy/site.conf.template, filled as the nginx image fills it.
 */
export async function startProxiedSite(stack: { apiUrl: string; dataDir: string }): Promise<ProxiedSite> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx-light (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'nfc-proxy-'));
  const [webPort, proxyPort, apiProxyPort] = [await freePort(), await freePort(), await freePort()];
  const template = readFileSync(join(ROOT, 'docker', 'proxy', 'site.conf.template'), 'utf8');
  const filled = template
    .replaceAll('${NFC_SITE_UPSTREAM}', `127.0.0.1:${webPort}`)
    .replaceAll('${NFC_PROXY_PORT}', `127.0.0.1:${proxyPort}`)
    .replaceAll('${NFC_PROXY_CACHE_DIR}', join(dir, 'cache'))
    .replaceAll('${NFC_API_UPSTREAM}', new URL(stack.apiUrl).host)
    .replaceAll('${NFC_API_PROXY_PORT}', `127.0.0.1:${apiProxyPort}`);
  if (/\$\{NFC_/.test(filled)) throw new Error('site.conf.template names a variable this test does not fill');
  for (const sub of ['cache', 'temp']) mkdirSync(join(dir, sub));
  // What the image's own nginx.conf wraps around conf.d/default.conf; workers run as the caller.
  const runningAsRoot = process.getuid?.() === 0;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${runningAsRoot ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};
${filled}
}
`,
  );
  let output = '';
  const site: ChildProcess = spawn(process.execPath, [join(ROOT, 'web', 'dist', 'server', 'entry.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(webPort),
      API_URL: stack.apiUrl,
      PUBLIC_API_URL: stack.apiUrl,
      PUBLIC_SITE_URL: `http://127.0.0.1:${proxyPort}`,
      SITE_PROXY_SECRET: readFileSync(join(stack.dataDir, 'site-proxy-secret'), 'utf8').trim(),
      TRUST_PROXY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  site.stdout!.on('data', (chunk) => (output += chunk));
  site.stderr!.on('data', (chunk) => (output += chunk));

  const proxy: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  proxy.stdout!.on('data', (chunk) => (output += chunk));
  proxy.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${proxyPort}`;
  const ended = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())));
  const stop = async () => {
    proxy.kill('SIGQUIT');
    site.kill('SIGTERM');
    await Promise.all([ended(proxy), ended(site)]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${webPort}/robots.txt`, () => output, 'the website');
    await waitFor(`${url}/robots.txt`, () => output, 'nginx');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, apiUrl: `http://127.0.0.1:${apiProxyPort}`, stop };
}
