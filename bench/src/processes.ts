// The processes a benchmark starts, so that a failure never leaves one running.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median } from './fixtures';
import type { LoadRequest } from './peers/scenarios';

/** The API's signing secret in benchmarks only (tokens never leave loopback). */
export const BENCH_JWT_SECRET = 'bench-only-secret-of-at-least-32-characters';
/** The site's channel in benchmarks: a load can speak for visitors at addresses of its choosing, as the website does. */
export const BENCH_SITE_SECRET = 'bench-only-site-proxy-secret';

const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function killAll(): void {
  for (const running of children) running.kill('SIGKILL');
}

/** Forks a script of this folder and resolves with its first message. */
export function child<T>(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<{ process: ChildProcess; message: T }> {
  return new Promise((resolve, reject) => {
    const started = track(fork(join(__dirname, script), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: options.env ?? process.env, execArgv: options.execArgv ?? [] }));
    started.once('message', (message) => resolve({ process: started, message: message as T }));
    started.once('exit', (code) => code && reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Sends a message and resolves with the next one; fails if the child dies or takes too long. */
export function ask<T>(target: ChildProcess, message: Record<string, unknown>, timeoutMs = 30 * 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${String(message.type)} within ${timeoutMs} ms`)), timeoutMs);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) before answering ${String(message.type)}`));
    };
    target.once('exit', exited);
    target.once('message', (answer) => {
      clearTimeout(timer);
      target.off('exit', exited);
      resolve(answer as T);
    });
    target.send(message);
  });
}

export async function stop(target: ChildProcess): Promise<void> {
  if (target.exitCode !== null) return;
  const exited = new Promise((resolve) => target.once('exit', resolve));
  target.send({ type: 'stop' });
  await exited;
}

export interface StartedApi {
  process: ChildProcess;
  /** Production settings, public query cache on. */
  base: string;
  /** The same process and database, cache off. */
  uncached: string;
  /** The same, cache off, through GraphQL's resolvers (no answers written by PostgreSQL). */
  resolvers: string;
  /** With --unguarded: the same, cache on, without the document budget. */
  unguarded?: string;
  /** With --unguarded: production settings with every per-address budget on, as deployed. */
  deployed?: string;
  databaseUrl: string;
  embedded: boolean;
  mediaDir: string;
  key: string;
  agenda?: Seeded;
}

export interface Seeded {
  events: number;
  occurrences: number;
  seconds: number;
}

export async function startApi(args: string[] = []): Promise<StartedApi> {
  const { process: api, message } = await child<{ ready: string; readyUncached: string; readyResolvers: string; readyUnguarded?: string; readyDeployed?: string; databaseUrl: string; embedded: boolean; mediaDir: string; key: string; agenda?: Seeded }>(
    'api-child.js',
    args,
    { env: { ...process.env, NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' }, execArgv: ['--expose-gc'] },
  );
  return { process: api, base: message.ready, uncached: message.readyUncached, resolvers: message.readyResolvers, unguarded: message.readyUnguarded, deployed: message.readyDeployed, databaseUrl: message.databaseUrl, embedded: message.embedded, mediaDir: message.mediaDir, key: message.key, agenda: message.agenda };
}

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon against one request, for a fixed duration. */
export async function load(base: string, request: LoadRequest, connections: number, duration: number): Promise<LoadFigures> {
  const result = await autocannon({ url: base + request.path, method: request.method, headers: request.headers, body: request.body, connections, duration });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const spread = (values: number[]): Spread => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
export const fmt = (s: Spread, digits = 0): string => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
