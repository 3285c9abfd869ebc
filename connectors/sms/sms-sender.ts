import axios, { type AxiosInstance } from 'axios';
import type { ChannelContext, ChannelSender, Delivery, OutboundMessage } from '../channel';
import { NotSentError } from '../channel';
import type { SmsConfig } from './config';
import { smsRequest } from './sms-request';

/** Network failures that happen before a request leaves: the provider cannot have seen it. */
const neverOpened = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Texts a reminder with one provider request, never retried inside a run: SMS APIs take no
 * idempotency key, so a second attempt after an unclear answer could text the customer twice.
 * 2xx = sent; 4xx = not sent (429 retried by a later run; the opt-out answer records STOP);
 * 503 = not sent, later; other 5xx and timeouts = outcome hidden (`unknown`).
 */
export class SmsSender implements ChannelSender {
  readonly #http: AxiosInstance;
  constructor(
    private readonly config: SmsConfig,
    private readonly context: ChannelContext,
  ) {
    this.#http = axios.create({ timeout: config.timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    const to = message.recipient.phone;
    if (!to) throw new NotSentError('no_phone_number', `${message.recipient.name} has no phone number`, false);
    const request = smsRequest(this.config, to, message.text);
    let status: number;
    let raw: string;
    try {
      const response = await this.#http.request<string>({
        url: request.url,
        method: request.method,
        headers: request.headers,
        data: request.body,
        transformRequest: [(data: unknown) => data],
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
      });
      status = response.status;
      raw = typeof response.data === 'string' ? response.data : '';
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'network';
      this.context.logger.warn('sms not confirmed', { actionId: message.actionId, code });
      if (neverOpened.has(code)) throw new NotSentError('sms_unreachable', `the SMS provider could not be reached (${code})`, true);
      // Thrown as our own error: axios's carries the request headers, and with them the credentials.
      throw new Error(`the SMS provider did not answer (${code}); the text may have been sent`);
    }
    const answer = parseJson(raw);
    if (status >= 200 && status < 300) return { providerReference: request.referenceOf(answer) };
    if (request.isOptOut(status, answer, raw)) {
      throw new NotSentError('sms_opted_out', `the recipient has opted out of text messages (provider answered ${status})`, false, true);
    }
    if (status === 429 || status === 503) throw new NotSentError('sms_unavailable', `the SMS provider answered ${status}`, true);
    if (status >= 400 && status < 500) throw new NotSentError('sms_rejected', `the SMS provider refused the text (${status})`, false);
    throw new Error(`the SMS provider answered ${status}; the text may have been sent`);
  }

  async close(): Promise<void> {}
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
