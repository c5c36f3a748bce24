import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_NODE, unsupportedNodeMessage } from './node-version';

const ROOT = join(__dirname, '..', '..');
/** Debian's Node 20 (the one that crashes inside argon2's binding), when this machine has it. */
const OTHER_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
  return unsupportedNodeMessage(version) !== undefined;
});

test('the check mirrors engines.node of the root package.json', () => {
  const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
  expect(engines).toBe(SUPPORTED_NODE.range);
  expect(readFileSync(join(ROOT, 'scripts', 'check-node.mjs'), 'utf8')).toContain(SUPPORTED_NODE.range);
  expect(unsupportedNodeMessage('22.12.0')).toBeUndefined();
  expect(unsupportedNodeMessage('22.23.3')).toBeUndefined();
  for (const version of ['20.20.2', '22.11.0', '23.0.0', '24.1.0']) expect(unsupportedNodeMessage(version)).toContain(`found ${version}`);
});

const entryPoints = [join(ROOT, 'api', 'dist', 'main.js'), join(ROOT, 'api', 'dist', 'cli.js'), join(ROOT, 'scripts', 'start.mjs')];
(OTHER_NODE ? test : test.skip)(
  `an unsupported Node (${OTHER_NODE ?? 'none found on this machine: skipped'}) gets one line from every entry point, not a crash in a native module`,
  () => {
    for (const entry of entryPoints) {
      const run = spawnSync(OTHER_NODE!, [entry, '--help'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' }, timeout: 30_000 });
      expect({ entry, status: run.status, signal: run.signal }).toEqual({ entry, status: 1, signal: null });
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^This project needs Node >=22\.12\.0 <23 \(found 20\./)]);
    }
  },
);
