/**
 * Imported first by main.ts and cli.ts, before anything loads a native module (argon2,
 * sharp): on an unsupported Node, one line says so instead of a crash inside a binding.
 * No imports, on purpose. Mirrors `engines.node` of the root package.json (a test checks).
 */
export const SUPPORTED_NODE = { range: '>=22.12.0 <23', major: 22, minMinor: 12 } as const;

export function unsupportedNodeMessage(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major === SUPPORTED_NODE.major && minor >= SUPPORTED_NODE.minMinor) return undefined;
  return `This project needs Node ${SUPPORTED_NODE.range} (found ${version}); run it through npm (npm start, npm run cli), which uses the Node 22 it installs, or install Node 22.`;
}

const message = unsupportedNodeMessage();
if (message) {
  console.error(message);
  process.exit(1);
}
