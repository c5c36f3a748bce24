// The physical floor: bare node:http, one pg pool, one hand-written SQL statement per request
// that builds the whole answer in PostgreSQL; Node only serialises it.
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { FLOOR_SQL, SCENARIOS, type Scenario } from './scenarios';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.argv[2], max: 10 });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const scenario = url.pathname.slice(1) as Scenario;
    if (!SCENARIOS.includes(scenario)) {
      res.writeHead(404).end();
      return;
    }
    const { sql, params } = FLOOR_SQL[scenario];
    pool.query(sql, params.map((name) => url.searchParams.get(name))).then(
      ({ rows }) => {
        if (scenario === 'ics') {
          res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(rows[0].body);
        } else {
          res.writeHead(rows.length ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(rows[0]?.body ?? null));
        }
      },
      () => res.writeHead(500).end(),
    );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send!({ ready: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  });
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    server.close();
    await pool.end();
    process.exit(0);
  });
}

void main();
