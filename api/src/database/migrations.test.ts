import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { checkMigrations } from './check-migrations';

test('the migrations build exactly the schema the entities describe, and every one reverts', async () => {
  const config = loadConfig({ env: 'test', databaseUrl: process.env.NFC_TEST_SERVER_URL });
  expect(await checkMigrations({ config, logger: createLogger('silent') })).toEqual([]);
});
