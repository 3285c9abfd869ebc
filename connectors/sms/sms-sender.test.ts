import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { silentLogger } from '../../core/logging/logger';
import { FakeClock } from '../../core/time/clock';
import { NotSentError, type OutboundMessage } from '../channel';
import { smsChannel } from './index';

const token = 'tw-auth-token-9b1de0c4';
const apiKey = 'gw-key-51f0aa';
process.env.ACME_TWILIO_TOKEN = token;
process.env.ACME_SMS_KEY = apiKey;
const sid = 'AC' + '0123456789abcdef'.repeat(2);
const twilioUrl = `https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const message: OutboundMessage = {
  actionId: 'act_7',
  tenantId: 'acme',
  recipient: { name: 'Boulangerie Dupont', emails: [], phone: '+33612345678' },
  language: 'fr',
  subject: 'Relance',
  html: '',
  text: 'Acme: la facture FA-2026-0001 (1 200,50 EUR) reste due {from} & merci.',
  attachments: [],
  data: {},
};

function sender(settings: Record<string, unknown>) {
  return smsChannel.create(smsChannel.configSchema.parse(settings), { tenantId: 'acme', clock: new FakeClock('2026-03-03T09:00:00Z'), logger: silentLogger() });
}
const twilio = () => sender({ provider: 'twilio', accountSid: sid, authToken: 'env:ACME_TWILIO_TOKEN', from: '+33700000000' });

test('Twilio: a form-encoded To/From/Body with basic auth AccountSid:AuthToken; the message SID is kept', async () => {
  const seen: Array<{ body: string; auth: string | null; type: string | null }> = [];
  server.use(
    http.post(twilioUrl, async ({ request }) => {
      seen.push({ body: await request.text(), auth: request.headers.get('authorization'), type: request.headers.get('content-type') });
      return HttpResponse.json({ sid: 'SM123', status: 'queued' }, { status: 201 });
    }),
  );
  const delivery = await twilio().send(message);
  expect(delivery.providerReference).toBe('SM123');
  expect(seen).toHaveLength(1);
  expect(seen[0]!.type).toBe('application/x-www-form-urlencoded');
  expect(seen[0]!.auth).toBe(`Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`);
  expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({ To: '+33612345678', From: '+33700000000', Body: message.text });
});

test('Twilio 21610 (the customer replied STOP) is not sent and marked as an opt-out; the token is in no error', async () => {
  server.use(http.post(twilioUrl, () => HttpResponse.json({ code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }, { status: 400 })));
  const error = await twilio().send(message).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotSentError);
  expect(error).toMatchObject({ reason: 'sms_opted_out', optedOut: true, retryable: false });
  for (const shown of [String(error), inspect(error), JSON.stringify(error)]) expect(shown).not.toContain(token);
});

test('Twilio: another 400 is refused without an opt-out; a 500 leaves the outcome hidden and shows no credentials', async () => {
  server.use(http.post(twilioUrl, () => HttpResponse.json({ code: 21211, message: "The 'To' number is not valid" }, { status: 400 })));
  expect(await twilio().send(message).catch((e: unknown) => e)).toMatchObject({ reason: 'sms_rejected', optedOut: false });

  server.use(http.post(twilioUrl, () => new HttpResponse('upstream', { status: 500 })));
  const hidden = await twilio().send(message).catch((e: unknown) => e);
  expect(hidden).not.toBeInstanceOf(NotSentError);
  expect(inspect(hidden, { depth: 6 })).not.toContain(token);
  expect(inspect(hidden, { depth: 6 })).not.toContain(Buffer.from(`${sid}:${token}`).toString('base64'));
});

test('generic shape: the body template is filled once with {to}, {text}, {from}, the auth header carries the secret', async () => {
  const seen: Array<{ body: unknown; key: string | null; method: string }> = [];
  server.use(
    http.put('https://sms.example.net/v1/send', async ({ request }) => {
      seen.push({ body: await request.json(), key: request.headers.get('x-api-key'), method: request.method });
      return HttpResponse.json({ messageId: 'm-1' });
    }),
  );
  const generic = sender({
    provider: 'generic',
    url: 'https://sms.example.net/v1/send',
    method: 'PUT',
    auth: { header: 'X-API-Key', secret: 'env:ACME_SMS_KEY' },
    body: { recipient: '{to}', message: '{text}', sender: '{from}', channel: 'sms' },
    idField: 'messageId',
    from: 'ACME',
  });
  const delivery = await generic.send(message);
  expect(delivery.providerReference).toBe('m-1');
  expect(seen).toEqual([{ method: 'PUT', key: apiKey, body: { recipient: '+33612345678', message: message.text, sender: 'ACME', channel: 'sms' } }]);
});

test('generic shape: the configured opt-out marker in an error answer is an opt-out', async () => {
  server.use(http.post('https://sms.example.net/v1/send', () => HttpResponse.json({ error: 'RECIPIENT_BLACKLISTED' }, { status: 422 })));
  const generic = sender({ provider: 'generic', url: 'https://sms.example.net/v1/send', body: { to: '{to}', text: '{text}' }, optOutMarker: 'BLACKLISTED', from: 'ACME' });
  expect(await generic.send(message).catch((e: unknown) => e)).toMatchObject({ optedOut: true });
});

test('a customer without a phone number is not texted', async () => {
  const error = await twilio().send({ ...message, recipient: { ...message.recipient, phone: null } }).catch((e: unknown) => e);
  expect(error).toMatchObject({ reason: 'no_phone_number', retryable: false });
});
