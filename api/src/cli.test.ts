import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTestApi } from '../test/api';

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
