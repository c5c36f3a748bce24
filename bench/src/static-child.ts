// The floor for serving a file: bare node:http streaming it from disk, in its own process like
// every peer, so that it does not share an event loop with the load generator.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.argv[2]!;
const size = statSync(file).size;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'content-length': size, 'cache-control': 'public, max-age=31536000, immutable' });
  createReadStream(file).pipe(res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ ready: `http://127.0.0.1:${(server.address() as { port: number }).port}/logo.png` });
});
process.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  server.close();
  process.exit(0);
});
