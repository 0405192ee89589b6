import nodemailer from 'nodemailer';
import type { MailMessage } from './notification-message.js';

/**
 * Sending notification e-mail over SMTP (nodemailer). The server is given as a URL: `smtp://host:port`
 * (STARTTLS when the server offers it), `smtps://host:465` (TLS from the start), with `user:password@` where it
 * needs a login.
 */
export interface Mailer {
  send(to: string, message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** e.g. `smtp://127.0.0.1:2525` */
  smtpUrl: string;
  /** The From address, e.g. `Thorbecke <thorbecke@example.nl>`. */
  from: string;
  /** Time limit of connecting, the greeting and each command. */
  timeoutMs: number;
}

/** A mailer for one SMTP server; one connection per message (notifications are few). */
export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    send: async (to, message) => {
      await transport.sendMail({ from: options.from, to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => {
      transport.close();
    },
  };
}
