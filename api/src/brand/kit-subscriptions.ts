import { pickLanguage, type Language, type LocalizedText } from '@nfc/shared';
import { isEmail } from 'class-validator';
import jwt from 'jsonwebtoken';
import type { DataSource } from 'typeorm';
import { badUserInput } from '../common/errors';
import type { PartnerNotices } from './partner.service';

/** How long a confirmation link stays valid. */
export const KIT_SUBSCRIPTION_DAYS = 7;
/** A new request within this time sends no new confirmation (the first one is on its way). */
const RESEND_AFTER_MINUTES = 10;

type SubscriptionPurpose = 'kit-subscribe' | 'kit-unsubscribe';

/**
 * The public's supersession notices (issue 18, kit ★): anyone who downloads public files may
 * ask to be told when one of them has a new version. Double opt-in: the request sends a link,
 * and only a confirmed address is ever written to; every notice carries a link to leave, which
 * deletes the address. Every request gets the same answer whether the address is known, new
 * or already confirmed, so the form tells nobody who subscribes.
 */
export class KitSubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notices: PartnerNotices,
  ) {}

  private sign(purpose: SubscriptionPurpose, subscriptionId: string, expiresInDays: number | null): string {
    return jwt.sign({ purpose }, `kit-subscription:${this.notices.secret}`, { algorithm: 'HS256', subject: subscriptionId, ...(expiresInDays ? { expiresIn: expiresInDays * 24 * 3600 } : {}) });
  }

  private verify(token: string, purpose: SubscriptionPurpose): string {
    try {
      const claims = jwt.verify(token, `kit-subscription:${this.notices.secret}`, { algorithms: ['HS256'] }) as { sub?: string; purpose?: string };
      if (claims.purpose === purpose && claims.sub) return claims.sub;
    } catch {
      // Expired, forged or truncated: the same answer as a wrong purpose.
    }
    throw badUserInput('This link is invalid or has expired.', [{ field: 'token', message: 'Invalid or expired.' }]);
  }

  private kitLink(language: Language, query = ''): string {
    return `${this.notices.siteUrl.replace(/\/+$/, '')}${language === 'fr' ? '' : `/${language}`}/kit${query}`;
  }

  /** Asks for notices: records (or refreshes) the address and sends the confirmation link, at most every ten minutes. */
  async subscribe(rawEmail: string, language: Language): Promise<void> {
    const email = rawEmail.trim().toLowerCase();
    if (email.length > 254 || !isEmail(email)) throw badUserInput('Give a valid e-mail address.', [{ field: 'email', message: 'Not an e-mail address.' }]);
    // An INSERT's rows come back as they are (UPDATE and DELETE add the count).
    const rows: Array<{ id: string; send: boolean }> = await this.dataSource.query(
      `INSERT INTO kit_subscription (email, locale, confirmation_sent_at) VALUES ($1, $2, now())
       ON CONFLICT (email) DO UPDATE SET locale = EXCLUDED.locale,
         confirmation_sent_at = CASE WHEN kit_subscription.confirmed_at IS NULL
           AND (kit_subscription.confirmation_sent_at IS NULL OR kit_subscription.confirmation_sent_at < now() - make_interval(mins => $3))
           THEN now() ELSE kit_subscription.confirmation_sent_at END
       RETURNING id, (confirmed_at IS NULL AND confirmation_sent_at = now()) AS send`,
      [email, language, RESEND_AFTER_MINUTES],
    );
    const row = rows[0];
    if (!row?.send) return;
    await this.notices.mailer
      .send(email, { kind: 'KIT_SUBSCRIPTION', link: this.kitLink(language, `/abonnement?abonnement=${encodeURIComponent(this.sign('kit-subscribe', row.id, KIT_SUBSCRIPTION_DAYS))}`), days: KIT_SUBSCRIPTION_DAYS }, language)
      .catch((error: unknown) => this.notices.logger.warn({ err: error }, 'kit subscription e-mail not sent'));
  }

  /** Confirms from the e-mailed link; idempotent. A link for an address that left is refused. */
  async confirm(token: string): Promise<void> {
    const id = this.verify(token, 'kit-subscribe');
    const [, updated]: [unknown, number] = await this.dataSource.query(`UPDATE kit_subscription SET confirmed_at = coalesce(confirmed_at, now()) WHERE id = $1`, [id]);
    if (!updated) throw badUserInput('This link is invalid or has expired.', [{ field: 'token', message: 'Invalid or expired.' }]);
  }

  /** Leaves: the address is deleted. Idempotent (a second click finds nothing and says the same). */
  async unsubscribe(token: string): Promise<void> {
    const id = this.verify(token, 'kit-unsubscribe');
    await this.dataSource.query(`DELETE FROM kit_subscription WHERE id = $1`, [id]);
  }

  /**
   * A public asset has a new version: one e-mail per confirmed subscriber, in their language,
   * with the new version's link and the link to leave. One statement reads them; a failed
   * delivery is logged and the others go on. Partner and internal assets are never announced here.
   */
  async announce(asset: { name: LocalizedText; access: string }, version: number, note: string | null = null): Promise<number> {
    if (asset.access !== 'PUBLIC') return 0;
    const subscribers: Array<{ id: string; email: string; locale: Language }> = await this.dataSource.query(`SELECT id, email, locale FROM kit_subscription WHERE confirmed_at IS NOT NULL ORDER BY created_at`);
    for (const subscriber of subscribers) {
      await this.notices.mailer
        .send(
          subscriber.email,
          {
            kind: 'KIT_VERSION',
            assetName: pickLanguage(asset.name, subscriber.locale),
            version,
            note,
            link: this.kitLink(subscriber.locale),
            unsubscribeLink: this.kitLink(subscriber.locale, `/abonnement?desabonnement=${encodeURIComponent(this.sign('kit-unsubscribe', subscriber.id, null))}`),
          },
          subscriber.locale,
        )
        .catch((error: unknown) => this.notices.logger.warn({ err: error }, 'kit version notice not sent'));
    }
    return subscribers.length;
  }
}
