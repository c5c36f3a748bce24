import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '@nfc/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../logger';
import { renderMail, type MailMessage } from './templates';

export interface SendMailOptions {
  /** Inside this transaction (the queued mailer's job commits or rolls back with it; a transport ignores it). */
  manager?: EntityManager;
}

export interface Mailer {
  /** Renders `message` in `language` and sends it to `to` (the services' mailer: enqueues it). */
  send(to: string, message: MailMessage, language: Language, options?: SendMailOptions): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port (or smtps://); unset writes .eml files to outboxDir instead. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  logger: Logger;
  /**
   * Whether the outbox log line may carry the link and the code (development only: in
   * production no code, token or secret is ever logged; the file alone holds them).
   */
  logSecrets?: boolean;
}

/**
 * nodemailer over SMTP when SMTP_URL is set. Without it (development), each message is
 * written as an .eml file under .data/outbox and its link is logged, so a fresh
 * `npm start` can go through every flow without a mail server.
 */
export function createMailer({ smtpUrl, from, outboxDir, logger, logSecrets = false }: MailerOptions): Mailer {
  if (smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(smtpUrl);
    return {
      async send(to, message, language) {
        const mail = renderMail(message, language);
        await transport.sendMail({ from, to, subject: mail.subject, text: mail.text, html: mail.html });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(to, message, language) {
      const mail = renderMail(message, language);
      const info = await transport.sendMail({ from, to, subject: mail.subject, text: mail.text, html: mail.html });
      // The messages hold codes and sign-in links: readable by their owner only.
      await mkdir(outboxDir, { recursive: true, mode: 0o700 });
      await chmod(outboxDir, 0o700);
      const file = join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.kind.toLowerCase()}.eml`);
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      const secrets = logSecrets ? { link: 'link' in message ? message.link : undefined, code: 'code' in message ? message.code : undefined } : {};
      logger.info({ to, file, ...secrets }, `mail written to the outbox (no SMTP_URL): ${mail.subject}`);
    },
    close: () => undefined,
  };
}
