import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { silentLogger } from '../../core/logging/logger';
import { FakeClock } from '../../core/time/clock';
import { NotSentError, type OutboundMessage } from '../channel';
import { letterChannel } from './index';

const token = 'print-token-0c9e77';
process.env.ACME_PRINT_TOKEN = token;
const printUrl = 'https://print.example.com/v1/letters';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const letter = (content: string): OutboundMessage => ({
  actionId: 'act_fn_1',
  tenantId: 'acme',
  recipient: { name: 'Boulangerie Dupont', emails: [], phone: null },
  language: 'fr',
  subject: 'Mise en demeure',
  html: '',
  text: 'Mise en demeure de payer',
  attachments: [{ filename: 'act_fn_1.pdf', contentType: 'application/pdf', content: Buffer.from(content) }],
  data: { amountDue: '1200.50' },
});
const open = (settings: Record<string, unknown>) =>
  letterChannel.create(letterChannel.configSchema.parse(settings), { tenantId: 'acme', clock: new FakeClock('2026-03-03T09:00:00Z'), logger: silentLogger() });

describe('letters to a folder', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'arbridge-letters-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  test('the letter lands as <tenant>/<action id>.pdf, and writing it again replaces the same file', async () => {
    const sender = open({ mode: 'folder', folder });
    const first = await sender.send(letter('%PDF-1.3 first'));
    const second = await sender.send(letter('%PDF-1.3 second'));

    expect(first.providerReference).toBe(join(folder, 'acme', 'act_fn_1.pdf'));
    expect(second).toEqual(first);
    expect(await readdir(join(folder, 'acme'))).toEqual(['act_fn_1.pdf']);
    expect(await readFile(join(folder, 'acme', 'act_fn_1.pdf'), 'latin1')).toBe('%PDF-1.3 second');
  });

  test('a folder that cannot be written is reported as not sent', async () => {
    const blocked = join(folder, 'file');
    await writeFile(blocked, 'not a folder');
    const error = await open({ mode: 'folder', folder: blocked }).send(letter('%PDF')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSentError);
    expect(error).toMatchObject({ reason: 'letter_not_written' });
  });
});

describe('letters to a print-and-mail API', () => {
  test('the PDF goes in base64 with the bearer token and the action id as idempotency key', async () => {
    const seen: Array<{ body: Record<string, unknown>; auth: string | null; key: string | null }> = [];
    server.use(
      http.post(printUrl, async ({ request }) => {
        seen.push({ body: (await request.json()) as Record<string, unknown>, auth: request.headers.get('authorization'), key: request.headers.get('idempotency-key') });
        return HttpResponse.json({ id: 'ltr_77' }, { status: 201 });
      }),
    );
    const delivery = await open({ mode: 'print-api', url: printUrl, token: 'env:ACME_PRINT_TOKEN' }).send(letter('%PDF-1.3 notice'));

    expect(delivery.providerReference).toBe('ltr_77');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ auth: `Bearer ${token}`, key: 'act_fn_1', body: { id: 'act_fn_1', filename: 'act_fn_1.pdf', recipient: { name: 'Boulangerie Dupont' } } });
    expect(Buffer.from(String(seen[0]!.body['document']), 'base64').toString('latin1')).toBe('%PDF-1.3 notice');
  });

  test('a 422 is refused; a 500 leaves the outcome hidden, without the token in the error', async () => {
    server.use(http.post(printUrl, () => HttpResponse.json({ error: 'bad address' }, { status: 422 })));
    const sender = open({ mode: 'print-api', url: printUrl, token: 'env:ACME_PRINT_TOKEN' });
    expect(await sender.send(letter('%PDF')).catch((e: unknown) => e)).toMatchObject({ reason: 'print_api_rejected', retryable: false });

    server.use(http.post(printUrl, () => new HttpResponse('down', { status: 500 })));
    const hidden = await sender.send(letter('%PDF')).catch((e: unknown) => e);
    expect(hidden).not.toBeInstanceOf(NotSentError);
    expect(inspect(hidden, { depth: 6 })).not.toContain(token);
  });
});
