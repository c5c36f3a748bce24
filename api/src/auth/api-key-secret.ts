import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `nfc_<prefix>_<secret>`: the prefix finds the row, the whole
 * key is checked against its SHA-256. The prefix is safe to show in lists and logs.
 */
const KEY_PATTERN = /^nfc_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{32})$/;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(10).toString('base64url').replace(/[-_]/g, '').slice(0, 10).padEnd(10, '0');
  const key = `nfc_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null when the text cannot be one of ours. */
export function apiKeyPrefix(candidate: string): string | null {
  return KEY_PATTERN.exec(candidate)?.[1] ?? null;
}

export function apiKeyMatches(candidate: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const actual = Buffer.from(hashApiKey(candidate), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
