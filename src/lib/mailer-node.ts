/** Node-only: e-mail through an SMTP server with nodemailer, injected at the Node entry point. */
import nodemailer from 'nodemailer';
import type { Mailer } from './mailer.js';

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
