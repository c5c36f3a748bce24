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

describe('docker/compose.yaml', () => {
  const compose = readFileSync(join(ROOT, 'docker', 'compose.yaml'), 'utf8');
  /** Each service's environment, as written (the file's own two-space layout: services, then keys at six). */
  const environments = new Map<string, Map<string, string>>();
  let service = '';
  let inServices = false;
  let inEnvironment = false;
  for (const line of compose.split('\n')) {
    if (/^\S/.test(line)) inServices = line.startsWith('services:');
    const serviceMatch = /^ {2}([a-z][\w-]*):\s*$/.exec(line);
    if (inServices && serviceMatch) {
      service = serviceMatch[1]!;
      inEnvironment = false;
      continue;
    }
    if (/^ {4}environment:\s*$/.test(line)) {
      inEnvironment = true;
      environments.set(service, new Map());
      continue;
    }
    if (/^ {4}\S/.test(line) || /^\S/.test(line)) inEnvironment = false;
    const variable = /^ {6}([A-Z_]+):\s*(.*)$/.exec(line);
    if (inEnvironment && variable) environments.get(service)!.set(variable[1]!, variable[2]!);
  }

  test.each([
    ['api', ['PUBLIC_SITE_URL', 'PUBLIC_API_URL', 'MAIL_FROM']],
    ['worker', ['PUBLIC_SITE_URL', 'PUBLIC_API_URL', 'MAIL_FROM']],
    ['web', ['PUBLIC_SITE_URL', 'PUBLIC_API_URL']],
  ])('the %s service requires its public addresses (never silently empty)', (name, variables) => {
    const environment = environments.get(name);
    expect(environment).toBeDefined();
    for (const variable of variables) expect([variable, environment!.get(variable)]).toEqual([variable, expect.stringMatching(new RegExp(`^\\$\\{${variable}:\\?`))]);
  });

  test('CI validates it with a value for every required variable', () => {
    const required = new Set([...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]!));
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const command = /section "docker compose file"\n([\s\S]*?docker-compose -f docker\/compose\.yaml config -q)/.exec(ci)?.[1] ?? '';
    for (const variable of required) expect([variable, command.includes(`${variable}=`)]).toEqual([variable, true]);
  });
});
