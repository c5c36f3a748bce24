import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTestApi } from '../test/api';
import { apidaeOf } from './imports/source-fixtures';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'cli.js');

const env = useTestApi();

/** The compiled CLI, as an operator runs it (`npm run cli -- …`), against the test database. */
function cli(...args: string[]) {
  return run(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: env.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'nfc-cli-')), LOG_LEVEL: 'silent', NODE_ENV: 'development' },
  });
}

test('an operator creates an office, a user and a key; the key works until revoked', async () => {
  await cli('create-organisation', '--kind', 'TOURISM_OFFICE', '--name', 'OT CLI Test', '--epci', '247000722');
  const created = await cli('create-user', '--organisation', 'ot-cli-test', '--email', 'editor@cli.test', '--name', 'Editor', '--role', 'ADMIN');
  const password = /password: (\S+)/.exec(created.stdout)?.[1];
  expect(password).toBeTruthy();
  const login = await env.api.graphql(`mutation($p: String!) { login(email: "editor@cli.test", password: $p) { token } }`, { p: password });
  expect(login.data!.login.token).toBeTruthy();

  const issued = await cli('issue-api-key', '--organisation', 'ot-cli-test', '--name', 'Apidae sync', '--scopes', 'agenda:write');
  const key = /(nfc_\S+)/.exec(issued.stdout)![1]!;
  const keyId = /API key (\S+)/.exec(issued.stdout)![1]!;
  const me = await env.api.graphql(`{ me { kind organisation { slug } scopes } }`, {}, { token: key });
  expect(me.data!.me).toEqual({ kind: 'API_KEY', organisation: { slug: 'ot-cli-test' }, scopes: ['agenda:write'] });

  await cli('revoke-api-key', keyId);
  expect((await env.api.graphql(`{ me { kind } }`, {}, { token: key })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  const listed = await cli('list-organisations');
  expect(listed.stdout).toContain('ot-cli-test');
});

test('errors are reported with their code and a non-zero exit', async () => {
  await expect(cli('create-organisation', '--kind', 'TOURISM_OFFICE', '--name', 'No EPCI')).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('BAD_USER_INPUT'),
  });
});

test('sweep-media removes old files no row references and keeps fresh ones', async () => {
  const mediaDir = mkdtempSync(join(tmpdir(), 'nfc-cli-media-'));
  const old = join(mediaDir, 'originals', 'ab', '0b5c8a00-0000-4000-8000-000000000001');
  const fresh = join(mediaDir, 'originals', 'ab', '0b5c8a00-0000-4000-8000-000000000002');
  await mkdir(join(mediaDir, 'originals', 'ab'), { recursive: true });
  await writeFile(old, 'orphan');
  await writeFile(fresh, 'orphan');
  const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
  await utimes(old, twoDaysAgo, twoDaysAgo);
  const { stdout } = await run(process.execPath, [CLI, 'sweep-media', '--hours', '24'], {
    env: { ...process.env, DATABASE_URL: env.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'nfc-cli-')), MEDIA_DIR: mediaDir, LOG_LEVEL: 'silent', NODE_ENV: 'development' },
  });
  expect(stdout).toMatch(/deleted 1 orphan file\(s\)/);
  expect(existsSync(old)).toBe(false);
  expect(existsSync(fresh)).toBe(true);
});

test('import-events imports a file in its format, reports item by item, and a second run changes nothing', async () => {
  await cli('create-organisation', '--kind', 'TOURISM_OFFICE', '--name', 'OT Import CLI', '--epci', '247000722');
  const file = join(mkdtempSync(join(tmpdir(), 'nfc-cli-import-')), 'export-apidae.json');
  // A title may carry a terminal escape sequence: it is printed harmless.
  const event = (id: string, insee: string) => ({ id, title: `Fête ${id}${insee === '75056' ? '\u001b[2J' : ''}`, day: '2027-05-01', time: '10:00', end: '18:00', insee, category: 'Fête', point: undefined });
  await writeFile(file, apidaeOf([event('901', '90010'), event('902', '75056')]));
  const args = ['import-events', '--organisation', 'ot-import-cli', '--format', 'apidae', '--map', 'Fête=festival', file];

  const dry = await cli(...args, '--dry-run');
  expect(dry.stdout).toMatch(/^CREATED\s+901\s+Fête 901/m);
  expect(dry.stdout).toMatch(/^REFUSED\s+902\s+Fête 902\uFFFD\[2J\s+\[BAD_USER_INPUT\]\s+place\.communeInsee: /m);
  expect(dry.stdout).toContain('Would have: 1 created, 0 updated, 0 unchanged, 0 cancelled, 0 deleted, 1 refused.');
  expect(dry.stdout).not.toContain('\u001b');

  // A subscriber to the agenda's changes hears of what the CLI imports, as of any other write.
  const [office] = await env.db.dataSource.query(`SELECT id FROM organisation WHERE slug = 'ot-import-cli'`);
  const [subscription] = await env.db.dataSource.query(`INSERT INTO webhook_subscription (organisation_id, url, event_types, secret_sealed) VALUES ($1, 'https://hooks.example.invalid/nfc', '{event.created}', 'unused') RETURNING id`, [office.id]);
  expect((await cli(...args)).stdout).toContain('1 created, 0 updated, 0 unchanged, 0 cancelled, 0 deleted, 1 refused.');
  const deliveries = await env.db.dataSource.query(`SELECT event_type, payload->'data'->>'title' AS title FROM webhook_delivery WHERE subscription_id = $1`, [subscription.id]);
  await env.db.dataSource.query(`DELETE FROM webhook_subscription WHERE id = $1`, [subscription.id]);
  expect(deliveries).toHaveLength(1);
  expect(deliveries[0].event_type).toBe('event.created');
  expect((await cli(...args)).stdout).toContain('0 created, 0 updated, 1 unchanged, 0 cancelled, 0 deleted, 1 refused.');
  const [row] = await env.db.dataSource.query(`SELECT e.categories FROM event e JOIN event_external_id x ON x.event_id = e.id WHERE x.system = 'apidae' AND x.external_id = '901'`);
  expect(row.categories).toEqual(['festival']);
  expect((await cli('list-import-sources', '--organisation', 'ot-import-cli')).stdout).toMatch(/apidae\s+MANUAL\s+cli: .*export-apidae\.json.*SUCCEEDED/);
});
