import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '@nfc/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger';
import { renderMail, type MailMessage } from './templates';

export interface Mailer {
  /** Renders `message` in `language` and sends it to `to`. */
  send(to: string, message: MailMessage, language: Language): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port (or smtps://); unset writes .eml files to outboxDir instead. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  logger: Logger;
}

/**
 * nodemailer over SMTP when SMTP_URL is set. Without it (development), each message is
 * written as an .eml file under .data/outbox and its link is logged, so a fresh
 * `npm start` can go through every flow without a mail server.
 */
export function createMailer({ smtpUrl, from, outboxDir, logger }: MailerOptions): Mailer {
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
      await mkdir(outboxDir, { recursive: true });
      const file = join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.kind.toLowerCase()}.eml`);
      await writeFile(file, info.message as Buffer);
      const code = 'code' in message ? message.code : undefined;
      logger.info({ to, file, link: 'link' in message ? message.link : undefined, code }, `mail written to the outbox (no SMTP_URL): ${mail.subject}`);
    },
    close: () => undefined,
  };
}
