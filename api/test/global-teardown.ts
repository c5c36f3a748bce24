import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.NFC_TEST_SERVER_URL;
  if (serverUrl && process.env.NFC_TEST_TEMPLATE) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${process.env.NFC_TEST_TEMPLATE} WITH (FORCE)`);
    await admin.end();
  }
  await (globalThis as { __NFC_STOP_DB__?: () => Promise<void> }).__NFC_STOP_DB__?.();
}
