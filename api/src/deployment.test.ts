import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * No Docker engine runs here, so the Dockerfiles are checked statically: every path
 * they copy from the repository exists, and the command they run is what the build makes.
 */
const ROOT = join(__dirname, '..', '..');

describe.each([
  ['docker/api.Dockerfile', 'api/dist/main.js'],
  ['docker/web.Dockerfile', 'web/dist/server/entry.mjs'],
])('%s', (file, entry) => {
  const text = readFileSync(join(ROOT, file), 'utf8');

  test('copies only paths that exist in the repository', () => {
    const sources = [...text.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
  });

  test('runs the entry point the build produces', () => {
    expect(text).toContain(`CMD ["node", "${entry}"]`);
    expect(existsSync(join(ROOT, entry))).toBe(true);
  });

  test('runs on Node 22 as an unprivileged user', () => {
    expect(text).toMatch(/^FROM node:22-/m);
    expect(text).toMatch(/^USER node$/m);
  });
});
