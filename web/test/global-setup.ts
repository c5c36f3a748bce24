import { startStack } from './stack';

export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  (globalThis as { __NFC_STACK__?: typeof stack }).__NFC_STACK__ = stack;
  process.env.NFC_WEB_URL = stack.webUrl;
  process.env.NFC_API_URL = stack.apiUrl;
  process.env.NFC_DATA_DIR = stack.dataDir;
}
