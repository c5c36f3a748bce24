import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError, unauthenticated } from '../common/errors';

/**
 * Contest participants have no account: an entrant, a voter or a juror proves their address
 * with a one-time code and gets a signed token for that contest and that role only.
 */
export type ContestRole = 'ENTRANT' | 'VOTER' | 'JUROR';

export interface ContestPrincipal {
  role: ContestRole;
  /** The entrant, voter or juror id. */
  id: string;
  contestId: string;
}

const ISSUER = 'nfc-contest';
const TTL_SECONDS: Record<ContestRole, number> = { ENTRANT: 7 * 24 * 3600, VOTER: 24 * 3600, JUROR: 7 * 24 * 3600 };

export function signContestToken(principal: ContestPrincipal, secret: string): { token: string; expiresAt: Date } {
  const ttl = TTL_SECONDS[principal.role];
  const token = jwt.sign({ role: principal.role, contest: principal.contestId }, `contest:${secret}`, { algorithm: 'HS256', subject: principal.id, expiresIn: ttl, issuer: ISSUER });
  return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
}

/** The principal of a contest token; null when the credential is not a contest token at all. */
export function readContestPrincipal(authorization: string | undefined, secret: string): ContestPrincipal | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return null;
  const decoded = jwt.decode(match[1]!);
  if (!decoded || typeof decoded !== 'object' || decoded.iss !== ISSUER) return null;
  try {
    const payload = jwt.verify(match[1]!, `contest:${secret}`, { algorithms: ['HS256'], issuer: ISSUER }) as jwt.JwtPayload;
    if (typeof payload.sub !== 'string' || typeof payload.contest !== 'string' || !['ENTRANT', 'VOTER', 'JUROR'].includes(payload.role)) throw new Error('malformed');
    return { role: payload.role as ContestRole, id: payload.sub, contestId: payload.contest };
  } catch {
    throw new AppError('UNAUTHENTICATED', 'The contest session has expired; ask for a new code.', { http: { status: 401 } });
  }
}

/** The principal a contest action needs, or UNAUTHENTICATED. */
export function requireRole(principal: ContestPrincipal | null, role: ContestRole): ContestPrincipal {
  if (!principal || principal.role !== role) {
    const who = { ENTRANT: 'an entrant', VOTER: 'a voter', JUROR: 'a juror' }[role];
    throw unauthenticated(`Sign in as ${who} of this contest (a code is sent by email).`);
  }
  return principal;
}

/** Six digits from a CSPRNG. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hashCode(code: string, secret: string): string {
  return createHmac('sha256', `code:${secret}`).update(code).digest('hex');
}

export function codeMatches(code: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(hashCode(code, secret));
  const actual = Buffer.from(hash);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const PREVIEW_TTL_SECONDS = 2 * 3600;

/**
 * A short-lived signed URL to a private variant: moderators, jurors and the entrant see
 * a photo that is not public yet, in an <img>, without an Authorization header.
 */
export function signPreviewUrl(publicApiUrl: string, variant: { sha256: string; format: string }, secret: string, now = Date.now()): string {
  const extension = variant.format === 'jpeg' ? 'jpg' : variant.format;
  const expires = Math.floor(now / 1000 / 600) * 600 + PREVIEW_TTL_SECONDS; // rounded, so URLs stay cacheable for a while
  const signature = createHmac('sha256', `preview:${secret}`).update(`${variant.sha256}.${extension}.${expires}`).digest('base64url');
  return `${publicApiUrl}/media/private/${variant.sha256}.${extension}?expires=${expires}&signature=${signature}`;
}

export function previewSignatureValid(file: string, expires: string, signature: string, secret: string, now = Date.now()): boolean {
  const expiresAt = Number(expires);
  if (!Number.isInteger(expiresAt) || expiresAt * 1000 < now) return false;
  const expected = Buffer.from(createHmac('sha256', `preview:${secret}`).update(`${file}.${expiresAt}`).digest('base64url'));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A stable, salted pseudonym of an address or an IP: lets us count without keeping it. */
export function pseudonym(value: string, secret: string): string {
  return createHash('sha256').update(`${secret}:${value}`).digest('hex').slice(0, 32);
}
