// Writes a package.json with the given "type" into a build folder, so one
// package can ship both an ESM build (for Astro/Vite) and a CommonJS build (for the API).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, type] = process.argv.slice(2);
if (!dir || (type !== 'module' && type !== 'commonjs')) {
  console.error('usage: mark-module-type.mjs <dir> <module|commonjs>');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }, null, 2) + '\n');
