// The peer a team starting from scratch would pick: PostGraphile v5 over the same database,
// configured as its documentation recommends for production (Amber preset, no GraphiQL, no
// watch mode, no explain, introspection off is not an option it ships: it stays on).
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

async function main(): Promise<void> {
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: process.argv[2], schemas: ['public', 'bench_peer'], poolConfig: { max: 10 } })],
    grafserv: { graphiql: false, watch: false, maxRequestLength: 100_000 },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  serv.addTo(server);
  await pgl.getSchema(); // introspection done before the first timed request
  server.listen(0, '127.0.0.1', () => {
    process.send!({ ready: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  });
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    server.close();
    await pgl.release();
    process.exit(0);
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
