import { LIMITS, scopesAllowedForApiKey, scopesForUser, isScope } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { AppError, badUserInput, notFound } from '../common/errors';
import { consume, type RateLimits } from '../common/rate-limits';
import { Organisation } from '../organisations/organisation.entity';
import { ApiKey } from './api-key.entity';
import { apiKeyMatches, apiKeyPrefix } from './api-key-secret';
import { MIN_PASSWORD_LENGTH, dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { readAccessToken, signAccessToken } from './tokens';
import { UserAccount } from './user-account.entity';
import type { Viewer } from './viewer';

export interface AuthServiceOptions {
  dataSource: DataSource;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  rateLimits: RateLimits;
}

export interface LoginOptions {
  email: string;
  password: string;
  /** Client address, for the per-IP login budget. */
  ip: string;
}

/** Raised with HTTP 401 so that a bad credential fails the whole request, not one field. */
function invalidCredentials(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message, { http: { status: 401 } });
}

/** Turns credentials into a Viewer. Knows nothing of HTTP beyond the header's text. */
export class AuthService {
  constructor(private readonly options: AuthServiceOptions) {}

  /** The viewer named by an Authorization header; null without one; UNAUTHENTICATED for a bad one. */
  async authenticate(authorization: string | undefined): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw invalidCredentials('The Authorization header must be "Bearer <token or API key>".');
    const credential = match[1]!;
    return apiKeyPrefix(credential) ? this.authenticateApiKey(credential) : this.authenticateUserToken(credential);
  }

  private async authenticateApiKey(key: string): Promise<Viewer> {
    const prefix = apiKeyPrefix(key)!;
    const row = await this.options.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.organisation', 'o')
      .where('k.prefix = :prefix', { prefix })
      .getOne();
    // One message for unknown, wrong and revoked keys: nothing to learn by probing.
    if (!row || row.revokedAt || !apiKeyMatches(key, row.secretHash)) throw invalidCredentials('Invalid or revoked API key.');
    const allowed = new Set(scopesAllowedForApiKey(row.organisation!.kind));
    await consume(this.options.rateLimits.apiKey, row.id);
    // Recorded to the minute, so a busy key costs one write a minute, not one per request.
    await this.options.dataSource.query(
      `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.id],
    );
    return {
      kind: 'API_KEY',
      apiKeyId: row.id,
      organisationId: row.organisationId,
      organisationKind: row.organisation!.kind,
      scopes: row.scopes.filter(isScope).filter((scope) => allowed.has(scope)),
    };
  }

  private async authenticateUserToken(token: string): Promise<Viewer> {
    const claims = readAccessToken(token, this.options.jwtSecret);
    const userId = claims?.userId;
    const found = userId
      ? await this.options.dataSource
          .getRepository(UserAccount)
          .createQueryBuilder('u')
          .innerJoinAndSelect('u.organisation', 'o')
          .where('u.id = :userId', { userId })
          .getOne()
      : null;
    // CASE: a password change (or a reset) raised the version: every earlier token stops working.
    const user = found && found.tokenVersion === claims!.tokenVersion ? found : null;
    if (!user) throw invalidCredentials('The access token is invalid or has expired; log in again.');
    return {
      kind: 'USER',
      authTime: claims!.authTime,
      userId: user.id,
      organisationId: user.organisationId,
      organisationKind: user.organisation!.kind,
      role: user.role,
      scopes: scopesForUser(user.organisation!.kind, user.role),
    };
  }

  /**
   * Checks a password and returns a short-lived token. Unknown email and wrong password
   * give the same error after the same work (an argon2 verification either way).
   */
  async login({ email, password, ip }: LoginOptions): Promise<{ token: string; expiresAt: Date; user: UserAccount; organisation: Organisation }> {
    const normalisedEmail = email.trim().toLowerCase();
    // A person's failures elsewhere never lock them out here: the pair waits, the email does not.
    this.options.rateLimits.loginPairs.check(normalisedEmail, ip);
    await consume(this.options.rateLimits.loginByIp, ip);
    const user = await this.options.dataSource
      .getRepository(UserAccount)
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.organisation', 'o')
      .where('u.email = :email', { email: normalisedEmail })
      .getOne();
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid) {
      this.options.rateLimits.loginPairs.failed(normalisedEmail, ip);
      throw new AppError('UNAUTHENTICATED', 'Invalid email or password.');
    }
    this.options.rateLimits.loginPairs.succeeded(normalisedEmail, ip);
    await this.options.dataSource.getRepository(UserAccount).update({ id: user.id }, { lastLoginAt: new Date() });
    const { token, expiresAt } = signAccessToken(user.id, this.options.jwtSecret, this.options.accessTokenTtlSeconds, user.tokenVersion);
    return { token, expiresAt, user, organisation: user.organisation! };
  }

  /**
   * A person changes their own password, proving the current one. The account's token version
   * rises in the same statement, so every token issued before (a stolen one included) stops
   * working; the answer carries a fresh token, so this session goes on.
   */
  async changePassword({ userId, currentPassword, newPassword }: { userId: string; currentPassword: string; newPassword: string }): Promise<{ token: string; expiresAt: Date }> {
    if (newPassword.length < MIN_PASSWORD_LENGTH) throw badUserInput(`At least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'newPassword', message: `At least ${MIN_PASSWORD_LENGTH} characters.` }]);
    await consume(this.options.rateLimits.loginByEmail, `change:${userId}`);
    const user = await this.options.dataSource.getRepository(UserAccount).findOneBy({ id: userId });
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw badUserInput('The current password is not right.', [{ field: 'currentPassword', message: 'Not right.' }]);
    return this.setPassword(user.id, newPassword);
  }

  /**
   * A session for a person who just proved who they are another way (a reset link, an accepted
   * invitation): a token of the account's current version, and the login time recorded.
   */
  /**
   * A fresh token for a person whose token still works, keeping the time they signed in: the
   * espace pro extends a working session (no one loses a half-typed event to the hour's end),
   * up to LIMITS.sessionMaxSeconds after the password was typed. A password change or a reset
   * still ends it at once (the token version is checked before we get here).
   */
  async refresh(viewer: Viewer): Promise<{ token: string; expiresAt: Date; user: UserAccount; organisation: Organisation }> {
    if (viewer.kind !== 'USER') throw new AppError('FORBIDDEN', 'Only a person’s session is refreshed; an API key does not expire.');
    const authTime = viewer.authTime ?? 0;
    if (Date.now() / 1000 - authTime > LIMITS.sessionMaxSeconds) throw invalidCredentials('This session is too old to be extended; log in again.');
    const user = await this.options.dataSource.getRepository(UserAccount).createQueryBuilder('u').innerJoinAndSelect('u.organisation', 'o').where('u.id = :id', { id: viewer.userId }).getOne();
    if (!user) throw invalidCredentials('The access token is invalid or has expired; log in again.');
    const { token, expiresAt } = signAccessToken(user.id, this.options.jwtSecret, this.options.accessTokenTtlSeconds, user.tokenVersion, authTime);
    return { token, expiresAt, user, organisation: user.organisation! };
  }

  async sessionFor(userId: string): Promise<{ token: string; expiresAt: Date; user: UserAccount; organisation: Organisation }> {
    const repository = this.options.dataSource.getRepository(UserAccount);
    await repository.update({ id: userId }, { lastLoginAt: new Date() });
    const user = await repository.createQueryBuilder('u').innerJoinAndSelect('u.organisation', 'o').where('u.id = :userId', { userId }).getOne();
    if (!user) throw notFound('User', userId);
    const { token, expiresAt } = signAccessToken(user.id, this.options.jwtSecret, this.options.accessTokenTtlSeconds, user.tokenVersion);
    return { token, expiresAt, user, organisation: user.organisation! };
  }

  /** Sets a new password and ends every session of the account (the operator's reset, too). */
  async setPassword(userId: string, newPassword: string): Promise<{ token: string; expiresAt: Date }> {
    const [rows] = await this.options.dataSource.query(
      `UPDATE user_account SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING token_version`,
      [userId, await hashPassword(newPassword)],
    );
    const [row] = rows as Array<{ token_version: number }>;
    if (!row) throw notFound('User', userId);
    return signAccessToken(userId, this.options.jwtSecret, this.options.accessTokenTtlSeconds, row.token_version);
  }
}
