import type { Language } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { badUserInput } from '../common/errors';
import { consume, type RateLimits } from '../common/rate-limits';
import { siteLink } from '../contest/contest-deps';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import type { AuthService } from './auth.service';
import { hashLinkToken, looksLikeLinkToken, newLinkToken } from './link-token';
import { MIN_PASSWORD_LENGTH } from './password';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 60;

export interface PasswordResetServiceOptions {
  dataSource: DataSource;
  auth: AuthService;
  mailer: Mailer;
  rateLimits: RateLimits;
  logger: Logger;
  publicSiteUrl: string;
}

type Session = Awaited<ReturnType<AuthService['sessionFor']>>;

/**
 * "Forgot password": a one-time link by e-mail, then a new password. The request answers the
 * same for a known and an unknown address (nothing to learn by probing), within the same budgets.
 */
export class PasswordResetService {
  constructor(private readonly options: PasswordResetServiceOptions) {}

  /**
   * Sends a reset link when `email` has an account. Always true; RATE_LIMITED once the address's
   * or the e-mail's budget is spent, whether or not the account exists.
   */
  async request(email: string, language: Language, ip: string): Promise<true> {
    const normalised = email.trim().toLowerCase();
    await consume(this.options.rateLimits.loginByIp, `password-reset:${ip}`);
    await consume(this.options.rateLimits.loginByEmail, `password-reset:${normalised}`);
    await consume(this.options.rateLimits.resetsByAddress, normalised);
    const [user] = (await this.options.dataSource.query(`SELECT id FROM user_account WHERE email = $1`, [normalised])) as Array<{ id: string }>;
    if (!user) return true;
    const { token, hash } = newLinkToken();
    await this.options.dataSource.query(`INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`, [user.id, hash, PASSWORD_RESET_TTL_MINUTES]);
    const link = `${siteLink(this.options.publicSiteUrl, language, '/pro/nouveau-mot-de-passe')}?jeton=${token}`;
    // Not awaited: a known address must not answer slower than an unknown one.
    this.options.mailer
      .send(normalised, { kind: 'PASSWORD_RESET', link, minutes: PASSWORD_RESET_TTL_MINUTES }, language)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'the password reset e-mail could not be sent'));
    return true;
  }

  /**
   * Spends a reset link and sets the new password: the account's token version rises, so every
   * session of the account ends; the answer is a new one. Every other pending link of the account
   * is spent with it.
   */
  async reset(token: string, newPassword: string): Promise<Session> {
    const invalid = () => badUserInput('This link is invalid, has expired or was already used; ask for a new one.', [{ field: 'token', message: 'Invalid, expired or already used.' }]);
    if (!looksLikeLinkToken(token)) throw invalid();
    const hash = hashLinkToken(token);
    const [pending] = (await this.options.dataSource.query(`SELECT user_id FROM password_reset WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, [hash])) as Array<{ user_id: string }>;
    if (!pending) throw invalid();
    if (newPassword.length < MIN_PASSWORD_LENGTH) throw badUserInput(`At least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'newPassword', message: `At least ${MIN_PASSWORD_LENGTH} characters.` }]);
    // One statement spends it: of two uses at once, one alone gets the row back.
    const [rows] = (await this.options.dataSource.query(`UPDATE password_reset SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`, [hash])) as [Array<{ user_id: string }>, number];
    const [spent] = rows;
    if (!spent) throw invalid();
    await this.options.dataSource.query(`UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [spent.user_id]);
    await this.options.auth.setPassword(spent.user_id, newPassword);
    return this.options.auth.sessionFor(spent.user_id);
  }
}
