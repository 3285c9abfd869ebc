import type { z } from 'zod';
import type { Clock } from '../core/time/clock';
import type { Logger } from '../core/logging/logger';

/** A file sent with a message (the statement of account as a PDF). */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * One customer message, already rendered and re-checked by dispatch: a channel only carries it.
 * Channels never see templates or the store.
 */
export interface OutboundMessage {
  /** The outbox action's id: the idempotency key providers receive and the Message-ID of an email. */
  actionId: string;
  tenantId: string;
  recipient: {
    name: string;
    /** Email addresses, first one preferred. */
    emails: string[];
    /** Phone number for SMS, as the ERP holds it. */
    phone: string | null;
  };
  /** IETF language tag the message was rendered in. */
  language: string;
  subject: string;
  /** HTML part, values escaped. */
  html: string;
  /** Plain-text part (and the SMS text). */
  text: string;
  attachments: MessageAttachment[];
  /** The action and its receivables as data, for webhooks and print APIs. */
  data: Record<string, unknown>;
}

/** What a provider answered when it took the message. */
export interface Delivery {
  /** The provider's id of the message (SMTP Message-ID, SMS id, file path). */
  providerReference: string | null;
}

/**
 * Thrown by a channel when the provider answered that it did NOT take the message: nothing reached
 * the customer, so dispatch may retry it (`retryable`) or mark it failed. Any other error leaves the
 * outcome hidden and the action becomes `unknown` (invariant 2: a duplicate is worse than a delay).
 */
export class NotSentError extends Error {
  constructor(
    /** Stable machine-readable cause, such as `smtp_rejected`. */
    readonly reason: string,
    message: string,
    /** A later run may succeed (a 4xx SMTP reply, a refused connection, a 5xx before the provider took it). */
    readonly retryable: boolean,
    /** The recipient refused this channel (SMS STOP): dispatch records the opt-out and never uses it again. */
    readonly optedOut = false,
  ) {
    super(message);
    this.name = 'NotSentError';
  }
}

/** A running outbound channel, built from its settings for one tenant. */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<Delivery>;
  close(): Promise<void>;
}

/** What a channel instance gets besides its settings. */
export interface ChannelContext {
  tenantId: string;
  clock: Clock;
  logger: Logger;
}

/** An outbound channel connector (`email`, `sms`, `webhook`, `letter`): its settings schema and a factory. */
export interface ChannelDefinition<TConfig> {
  /** The channel id, as in an action's `channel`. */
  id: 'email' | 'sms' | 'webhook' | 'letter';
  /** Validates `dispatch.channels.<id>` of a tenant; secrets as env:NAME or file:path. */
  configSchema: z.ZodType<TConfig>;
  create(config: TConfig, context: ChannelContext): ChannelSender;
}
