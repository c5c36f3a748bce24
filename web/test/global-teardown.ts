import type { RunningStack } from './stack';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __NFC_STACK__?: RunningStack }).__NFC_STACK__?.stop();
}
