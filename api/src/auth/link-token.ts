import { createHash, randomBytes } from 'node:crypto';

/**
 * The secret of an e-mailed one-time link (password reset, invitation): 256 random bits, sent
 * once in the link; only its SHA-256 is stored, so reading the table opens nothing. A fast hash is
 * enough for a secret this long.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token can only be one of ours if it has this shape; anything else is refused before SQL. */
export function looksLikeLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
