import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  /** The next message to `to` (matching `subject` if given) not yet taken, waiting up to 5 s. */
  next(to: string, subject?: RegExp): Promise<ReceivedMail>;
  /** The six-digit code of the next message to `to`. */
  code(to: string, subject?: RegExp): Promise<string>;
  close(): Promise<void>;
}

/** A real SMTP server in the test process: the API sends through nodemailer, tests read what arrived. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const next = async (to: string, subject?: RegExp) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = messages.find((m) => !taken.has(m) && m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.subject)));
      if (found) {
        taken.add(found);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ''}; received: ${messages.map((m) => `${m.to} ${m.subject}`).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next,
    async code(to, subject) {
      const mail = await next(to, subject);
      const match = /\b(\d{6})\b/.exec(mail.text);
      if (!match) throw new Error(`no code in: ${mail.text}`);
      return match[1]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
