import jwt from 'jsonwebtoken';

const ISSUER = 'nfc-api';

/**
 * A short-lived signed token naming the user and the account's token version; roles are
 * re-read from the database on each request, and a token of an older version (issued before
 * a password change) is refused.
 */
export function signAccessToken(userId: string, secret: string, ttlSeconds: number, tokenVersion = 0, authTime = Math.floor(Date.now() / 1000)): { token: string; expiresAt: Date } {
  // `at`: when the person typed their password; a refreshed token keeps it, so a session has an end.
  const token = jwt.sign({ ver: tokenVersion, at: authTime }, secret, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds, issuer: ISSUER });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

/** The user id, token version and sign-in time of a valid token, or null for an expired, forged or malformed one. */
export function readAccessToken(token: string, secret: string): { userId: string; tokenVersion: number; authTime: number } | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof payload !== 'object' || typeof payload.sub !== 'string') return null;
    return {
      userId: payload.sub,
      tokenVersion: Number.isInteger(payload.ver) ? (payload.ver as number) : 0,
      authTime: Number.isInteger(payload.at) ? (payload.at as number) : (payload.iat ?? 0),
    };
  } catch {
    return null;
  }
}

/** The user id of a valid token, or null for an expired, forged or malformed one. */
export function verifyAccessToken(token: string, secret: string): string | null {
  return readAccessToken(token, secret)?.userId ?? null;
}
