import type { GenericSmsConfig, SmsConfig, TwilioSmsConfig } from './config';

/** One provider request, ready to send, and how to read its answer. */
export interface SmsRequest {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** The provider's message id in a success answer. */
  referenceOf(answer: unknown): string | null;
  /** Whether an error answer says the recipient opted out of texts. */
  isOptOut(status: number, answer: unknown, rawAnswer: string): boolean;
}

/** Twilio's error code for a recipient who replied STOP ("Attempt to send to unsubscribed recipient"). */
export const twilioUnsubscribedCode = 21610;

function twilioRequest(config: TwilioSmsConfig, to: string, text: string): SmsRequest {
  const basic = Buffer.from(`${config.accountSid}:${config.authToken.reveal()}`).toString('base64');
  return {
    url: `${config.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: to, From: config.from, Body: text }).toString(),
    referenceOf: (answer) => field(answer, 'sid'),
    isOptOut: (_status, answer) => (answer as { code?: unknown } | null)?.code === twilioUnsubscribedCode,
  };
}

function genericRequest(config: GenericSmsConfig, to: string, text: string): SmsRequest {
  const values: Record<string, string> = { to, text, from: config.from };
  // One pass over each value, so a {from} inside the customer's text is never replaced in turn.
  const fill = (template: string) => template.replace(/\{(to|text|from)\}/g, (_m, key: string) => values[key] as string);
  const fields = Object.fromEntries(Object.entries(config.body).map(([k, v]) => [k, fill(v)]));
  return {
    url: config.url,
    method: config.method,
    headers: {
      'Content-Type': config.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      ...(config.auth ? { [config.auth.header]: `${config.auth.prefix}${config.auth.secret.reveal()}` } : {}),
    },
    body: config.encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
    referenceOf: (answer) => field(answer, config.idField),
    isOptOut: (_status, _answer, raw) => config.optOutMarker !== undefined && raw.includes(config.optOutMarker),
  };
}

function field(answer: unknown, name: string): string | null {
  const value = answer && typeof answer === 'object' ? (answer as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** The provider request that texts `text` to `to`. */
export function smsRequest(config: SmsConfig, to: string, text: string): SmsRequest {
  return config.provider === 'twilio' ? twilioRequest(config, to, text) : genericRequest(config, to, text);
}
