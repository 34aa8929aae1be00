/**
 * Sending e-mail is optional and Node-only (an SMTP server configured by the operator). The request
 * path only sees this interface; the Node entry point injects an implementation when SMTP is
 * configured, and everything works without one (links are shown to copy, print or send by hand).
 */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}
