import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundRequest, OutboundError, type OutboundFailure } from './outbound-http';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hello') return void res.end('bonjour');
    if (req.url === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/to-hello') return void res.writeHead(301, { location: '/hello' }).end();
    if (req.url === '/big') {
      res.writeHead(200);
      res.write(Buffer.alloc(600_000));
      return void res.end(Buffer.alloc(600_000));
    }
    if (req.url === '/slow') {
      const timer = setTimeout(() => res.end('late'), 2_000);
      return void res.on('close', () => clearTimeout(timer));
    }
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`${req.headers['x-signature']}|${Buffer.concat(chunks)}`));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<OutboundFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return (error as OutboundError).reason;
}

describe('outboundRequest refuses what a user-given URL must not reach', () => {
  it.each<[string, string, OutboundFailure]>([
    ['the loopback address', 'http://127.0.0.1:1/', 'ADDRESS_NOT_ALLOWED'],
    ['a name for the loopback', 'http://localhost:1/', 'ADDRESS_NOT_ALLOWED'],
    ['IPv6 loopback', 'http://[::1]:1/', 'ADDRESS_NOT_ALLOWED'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'ADDRESS_NOT_ALLOWED'],
    ['a private network', 'http://10.1.2.3/', 'ADDRESS_NOT_ALLOWED'],
    ['another private network', 'https://192.168.0.10/', 'ADDRESS_NOT_ALLOWED'],
    ['the unspecified address', 'http://0.0.0.0:1/', 'ADDRESS_NOT_ALLOWED'],
    ['a decimal loopback', 'http://2130706433:1/', 'ADDRESS_NOT_ALLOWED'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:1/', 'ADDRESS_NOT_ALLOWED'],
    ['a file URL', 'file:///etc/passwd', 'BAD_URL'],
    ['a gopher URL', 'gopher://example.org/', 'BAD_URL'],
    ['credentials in the URL', 'https://user:secret@example.org/', 'BAD_URL'],
    ['not a URL', 'nothing here', 'BAD_URL'],
  ])('%s (%s)', async (_case, url, reason) => {
    expect(await failure(outboundRequest(url, { timeoutMs: 3_000 }))).toBe(reason);
  });

  it('reaches the test server only when private addresses are allowed', async () => {
    expect(await failure(outboundRequest(`${base}/hello`))).toBe('ADDRESS_NOT_ALLOWED');
    const answer = await outboundRequest(`${base}/hello`, { allowPrivate: true });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('bonjour');
  });
});

describe('outboundRequest bounds what it receives', () => {
  // Only the slow case needs a short deadline: the others, on a loaded machine, must not run into it.
  it.each<[string, string, OutboundFailure, number]>([
    ['a redirect to a file URL', '/to-file', 'BAD_URL', 10_000],
    ['a redirect loop', '/loop', 'TOO_MANY_REDIRECTS', 10_000],
    ['an answer over the size cap', '/big', 'TOO_LARGE', 10_000],
    ['a server slower than the deadline', '/slow', 'TIMEOUT', 500],
  ])('%s', async (_case, path, reason, timeoutMs) => {
    expect(await failure(outboundRequest(`${base}${path}`, { allowPrivate: true, maxBytes: 1_000_000, timeoutMs }))).toBe(reason);
  });

  it('follows a redirect and says where the answer came from', async () => {
    const answer = await outboundRequest(`${base}/to-hello`, { allowPrivate: true });
    expect(answer.body.toString()).toBe('bonjour');
    expect(answer.url).toBe(`${base}/hello`);
  });

  it('posts a body with its headers and never follows a redirect on POST', async () => {
    const answer = await outboundRequest(`${base}/hook`, { method: 'POST', body: '{"a":1}', headers: { 'x-signature': 'v1,abc' }, allowPrivate: true });
    expect(answer.status).toBe(201);
    expect(answer.body.toString()).toBe('v1,abc|{"a":1}');
  });
});
