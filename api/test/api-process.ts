import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '../src/database/embedded-postgres';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

export interface RunningApi {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  url: string;
}

export interface StartApiProcessOptions {
  dataDir: string;
  /** Added to the environment (no DATABASE_URL: the embedded PostgreSQL in `dataDir`). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** The compiled API (`api/dist/main.js`) as `npm start` runs it, on a free port, once it says it is ready. */
export async function startApiProcess({ dataDir, env: extra = {}, timeoutMs = 60_000 }: StartApiProcessOptions): Promise<RunningApi> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, API_PORT: String(port), LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => output.includes('API ready') && (clearTimeout(timer), resolve()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${output}`))));
  });
  return { child, output: () => output, url: `http://127.0.0.1:${port}` };
}
