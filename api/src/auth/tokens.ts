import jwt from 'jsonwebtoken';

const ISSUER = 'nfc-api';

/** A short-lived signed token naming the user; roles are re-read from the database on each request. */
export function signAccessToken(userId: string, secret: string, ttlSeconds: number): { token: string; expiresAt: Date } {
  const token = jwt.sign({}, secret, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds, issuer: ISSUER });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

/** The user id of a valid token, or null for an expired, forged or malformed one. */
export function verifyAccessToken(token: string, secret: string): string | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
    return typeof payload === 'object' && typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
