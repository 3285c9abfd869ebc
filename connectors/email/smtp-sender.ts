import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ChannelContext, ChannelSender, Delivery, OutboundMessage } from '../channel';
import { NotSentError } from '../channel';
import type { EmailConfig } from './config';

/** The Message-ID of an action's email: the same action always carries the same id, so a duplicate is recognisable. */
export function messageIdOf(actionId: string, fromAddress: string): string {
  return `<${actionId}@${fromAddress.split('@')[1] ?? 'arbridge'}>`;
}

/** nodemailer's error fields that tell where the exchange stopped. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * Whether the server certainly did not take the message. An SMTP reply code means the server
 * answered and refused; a connection that never opened or a refused login sent nothing. Anything
 * else (a socket cut after DATA, a timeout waiting for the final reply) may hide a delivery.
 */
function notSent(error: unknown): NotSentError | null {
  const e = error as SmtpFailure & Error;
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    const code = e.responseCode;
    return new NotSentError('smtp_rejected', `the SMTP server refused the message (${code})`, code < 500);
  }
  if (e.code === 'ECONNECTION' || e.code === 'EAUTH' || e.code === 'ETLS' || e.code === 'EDNS' || e.command === 'CONN') {
    return new NotSentError(e.code === 'EAUTH' ? 'smtp_auth' : 'smtp_unreachable', `the SMTP server could not be used (${e.code ?? 'connection'})`, true);
  }
  return null;
}

/** Sends a tenant's reminders through its SMTP relay: HTML and text parts, attachments, a stable Message-ID. */
export class SmtpSender implements ChannelSender {
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>;
  constructor(
    private readonly config: EmailConfig,
    private readonly context: ChannelContext,
  ) {
    this.#transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS,
      tls: { rejectUnauthorized: config.tls.rejectUnauthorized, ...(config.tls.servername ? { servername: config.tls.servername } : {}) },
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass.reveal() } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      pool: true,
      maxConnections: 2,
    });
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    const to = message.recipient.emails[0];
    if (!to) throw new NotSentError('no_email_address', `${message.recipient.name} has no email address`, false);
    const messageId = messageIdOf(message.actionId, this.config.from.address);
    try {
      await this.#transport.sendMail({
        messageId,
        from: this.config.from.name ? { name: this.config.from.name, address: this.config.from.address } : this.config.from.address,
        to: { name: message.recipient.name, address: to },
        cc: message.recipient.emails.slice(1),
        ...(this.config.replyTo ? { replyTo: this.config.replyTo } : {}),
        ...(this.config.bcc ? { bcc: this.config.bcc } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'X-Arbridge-Action': message.actionId, 'Content-Language': message.language },
        attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
    } catch (error) {
      const refused = notSent(error);
      this.context.logger.warn('email not confirmed', { actionId: message.actionId, code: (error as SmtpFailure).code, responseCode: (error as SmtpFailure).responseCode, refused: refused !== null });
      throw refused ?? error;
    }
    return { providerReference: messageId };
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
