import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { silentLogger } from '../../core/logging/logger';
import { FakeClock } from '../../core/time/clock';
import { NotSentError, type OutboundMessage } from '../channel';
import { webhookChannel } from './index';

const secret = 'whsec-7f3a9c-shared-between-acme-and-arbridge';
process.env.ACME_WEBHOOK_SECRET = secret;
const url = 'https://hooks.acme.example/arbridge';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const message: OutboundMessage = {
  actionId: 'act_42',
  tenantId: 'acme',
  recipient: { name: 'Boulangerie Dupont', emails: ['compta@dupont.fr'], phone: '+33612345678' },
  language: 'fr',
  subject: 'Relance : facture FA-2026-0001',
  html: '<p>Bonjour</p>',
  text: 'Bonjour, la facture FA-2026-0001 reste due.',
  attachments: [],
  data: { level: 1, receivables: [{ number: 'FA-2026-0001', openAmount: '1200.50' }] },
};

function sender() {
  const config = webhookChannel.configSchema.parse({ url, secret: 'env:ACME_WEBHOOK_SECRET', retries: 2, retryDelayMs: 0 });
  return webhookChannel.create(config, { tenantId: 'acme', clock: new FakeClock('2026-03-03T09:00:00Z'), logger: silentLogger() });
}

interface Seen {
  body: string;
  headers: Headers;
}
function recordingHandler(seen: Seen[], answer: () => Response) {
  return http.post(url, async ({ request }) => {
    seen.push({ body: await request.text(), headers: request.headers });
    return answer();
  });
}

test('the reminder arrives as JSON whose signature the receiver can verify with the shared secret', async () => {
  const seen: Seen[] = [];
  server.use(recordingHandler(seen, () => HttpResponse.json({ id: 'evt_9' }, { status: 202 })));

  const delivery = await sender().send(message);

  expect(delivery.providerReference).toBe('evt_9');
  expect(seen).toHaveLength(1);
  const { body, headers } = seen[0]!;
  expect(headers.get('content-type')).toBe('application/json');
  expect(headers.get('idempotency-key')).toBe('act_42');
  const timestamp = headers.get('x-arbridge-timestamp');
  expect(timestamp).toBe(String(Date.parse('2026-03-03T09:00:00Z') / 1000));
  // The receiver's own check: HMAC-SHA256 over "<timestamp>.<raw body>".
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  expect(headers.get('x-arbridge-signature')).toBe(`sha256=${expected}`);
  // A signature made without the timestamp does not verify: a replay cannot swap it.
  expect(headers.get('x-arbridge-signature')).not.toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  expect(JSON.parse(body)).toEqual({
    id: 'act_42',
    type: 'reminder',
    tenantId: 'acme',
    language: 'fr',
    recipient: message.recipient,
    subject: message.subject,
    text: message.text,
    html: message.html,
    data: message.data,
  });
});

test('a 503 is retried and the second attempt delivers it, under the same idempotency key', async () => {
  const seen: Seen[] = [];
  let calls = 0;
  server.use(recordingHandler(seen, () => (++calls === 1 ? new HttpResponse('busy', { status: 503 }) : new HttpResponse(null, { status: 204 }))));

  const delivery = await sender().send(message);

  expect(seen).toHaveLength(2);
  expect(seen.map((s) => s.headers.get('idempotency-key'))).toEqual(['act_42', 'act_42']);
  expect(delivery.providerReference).toBe('act_42');
});

test('a 400 is not sent and not retried; a 503 on every attempt is left for a later run', async () => {
  const seen: Seen[] = [];
  server.use(recordingHandler(seen, () => new HttpResponse('bad', { status: 400 })));
  const refused = await sender().send(message).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(NotSentError);
  expect(refused).toMatchObject({ reason: 'webhook_rejected', retryable: false });
  expect(seen).toHaveLength(1);

  server.use(recordingHandler(seen, () => new HttpResponse('busy', { status: 503 })));
  const busy = await sender().send(message).catch((e: unknown) => e);
  expect(busy).toMatchObject({ reason: 'webhook_unavailable', retryable: true });
  expect(seen).toHaveLength(1 + 3);
});

test('a 500 may hide a processed request: the outcome is not reported as not-sent, and the secret is in no error', async () => {
  server.use(http.post(url, () => new HttpResponse('oops', { status: 500 })));
  const error = await sender().send(message).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(NotSentError);
  for (const shown of [String(error), inspect(error, { depth: 5 }), JSON.stringify(error), (error as Error).stack ?? '']) expect(shown).not.toContain(secret);
});

test('a secret written in the config itself is refused', () => {
  const parsed = webhookChannel.configSchema.safeParse({ url, secret });
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).not.toContain(secret);
});
