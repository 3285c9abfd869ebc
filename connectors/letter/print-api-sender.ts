import axios, { type AxiosInstance } from 'axios';
import type { ChannelContext, ChannelSender, Delivery, OutboundMessage } from '../channel';
import { NotSentError } from '../channel';
import type { LetterPrintApiConfig } from './config';
import { letterFileName, letterPdf } from './letter-pdf';

/** Network failures that happen before a request leaves: the provider cannot have seen it. */
const neverOpened = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Posts each letter to a print-and-mail API: JSON with the PDF in base64, the action id as
 * Idempotency-Key. One attempt per run, since a printed letter cannot be called back: 2xx = sent;
 * 4xx = refused (429 later); 503 = later; other 5xx and timeouts = outcome hidden (`unknown`).
 */
export class PrintApiSender implements ChannelSender {
  readonly #http: AxiosInstance;
  constructor(
    private readonly config: LetterPrintApiConfig,
    private readonly context: ChannelContext,
  ) {
    this.#http = axios.create({ timeout: config.timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    const pdf = letterPdf(message);
    let status: number;
    let answer: unknown;
    try {
      const response = await this.#http.post(
        this.config.url,
        {
          id: message.actionId,
          filename: letterFileName(message.actionId),
          contentType: pdf.contentType,
          document: pdf.content.toString('base64'),
          recipient: { name: message.recipient.name },
          language: message.language,
          subject: message.subject,
          data: message.data,
        },
        { headers: { Authorization: `Bearer ${this.config.token.reveal()}`, 'Idempotency-Key': message.actionId } },
      );
      status = response.status;
      answer = response.data;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'network';
      this.context.logger.warn('letter not confirmed', { actionId: message.actionId, code });
      if (neverOpened.has(code)) throw new NotSentError('print_api_unreachable', `the print-and-mail API could not be reached (${code})`, true);
      // Our own error: axios's carries the request headers, and with them the token.
      throw new Error(`the print-and-mail API did not answer (${code}); the letter may have been taken`);
    }
    if (status >= 200 && status < 300) {
      const id = answer && typeof answer === 'object' ? (answer as Record<string, unknown>)[this.config.idField] : undefined;
      return { providerReference: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
    }
    if (status === 429 || status === 503) throw new NotSentError('print_api_unavailable', `the print-and-mail API answered ${status}`, true);
    if (status >= 400 && status < 500) throw new NotSentError('print_api_rejected', `the print-and-mail API refused the letter (${status})`, false);
    throw new Error(`the print-and-mail API answered ${status}; the letter may have been taken`);
  }

  async close(): Promise<void> {}
}
