import axios, { type AxiosInstance } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { ChannelContext, ChannelSender, Delivery, OutboundMessage } from '../channel';
import { NotSentError } from '../channel';
import type { WebhookConfig } from './config';
import { idempotencyHeader, signatureHeader, timestampHeader, webhookSignature } from './webhook-signature';

/** Network failures that happen before a request leaves: the receiver cannot have seen it. */
const neverOpened = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The receiver answered and did not take the request, but a later attempt may pass. */
class RefusedForNow extends Error {
  constructor(readonly status: number) {
    super(`the webhook receiver answered ${status}`);
  }
}

/** The outcome of a request the receiver may have processed. Its message never holds the secret or the body. */
class OutcomeHidden extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookOutcomeHidden';
  }
}

/**
 * Posts each reminder as signed JSON. Statuses say whether the receiver took it: 2xx yes, 4xx no
 * (except 408/429, retried), 503/408/429 no for now (retried, then left for the next run). A 500,
 * 502, 504 or a timeout may hide a processed request: retried under the same Idempotency-Key, then
 * reported as hidden so that dispatch marks the action `unknown`.
 */
export class WebhookSender implements ChannelSender {
  readonly #http: AxiosInstance;
  constructor(
    private readonly config: WebhookConfig,
    private readonly context: ChannelContext,
  ) {
    this.#http = axios.create({ timeout: config.timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    const body = JSON.stringify({
      id: message.actionId,
      type: 'reminder',
      tenantId: message.tenantId,
      language: message.language,
      recipient: message.recipient,
      subject: message.subject,
      text: message.text,
      html: message.html,
      data: message.data,
    });
    const attempt = async (): Promise<Delivery> => {
      // Signed per attempt: a retry carries a fresh timestamp and stays inside the receiver's replay window.
      const timestamp = String(Math.floor(this.context.clock.now().getTime() / 1000));
      let status: number;
      let providerReference: string | null = null;
      try {
        const response = await this.#http.post(this.config.url, body, {
          headers: {
            'Content-Type': 'application/json',
            [timestampHeader]: timestamp,
            [signatureHeader]: webhookSignature(this.config.secret.reveal(), timestamp, body),
            [idempotencyHeader]: message.actionId,
          },
          transformRequest: [(data: unknown) => data],
        });
        status = response.status;
        const id = (response.data as { id?: unknown } | null)?.id;
        providerReference = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'network';
        if (neverOpened.has(code)) throw new NotSentError('webhook_unreachable', `the webhook receiver could not be reached (${code})`, true);
        if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') throw new AbortError(new OutcomeHidden(`no answer from the webhook receiver within ${this.config.timeoutMs} ms`));
        throw new OutcomeHidden(`the connection to the webhook receiver failed after the request left (${code})`);
      }
      if (status >= 200 && status < 300) return { providerReference: providerReference ?? message.actionId };
      if (status === 503 || status === 408 || status === 429) throw new RefusedForNow(status);
      if (status >= 500) throw new OutcomeHidden(`the webhook receiver answered ${status}; it may have processed the request`);
      throw new AbortError(new NotSentError('webhook_rejected', `the webhook receiver refused the request (${status})`, false));
    };
    try {
      return await pRetry(attempt, {
        retries: this.config.retries,
        minTimeout: this.config.retryDelayMs,
        factor: 2,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          this.context.logger.warn('webhook attempt failed', { actionId: message.actionId, attempt: attemptNumber, retriesLeft, error: error.message });
        },
      });
    } catch (error) {
      if (error instanceof RefusedForNow) throw new NotSentError('webhook_unavailable', `${error.message} on every attempt`, true);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
