import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../core/logging/logger';
import { Secret } from '../../core/secret';
import { FakeClock } from '../../core/time/clock';
import type { ConnectorInstance, PushRequest } from '../contract';
import type { OdooConfigInput } from './config';
import type { OdooCursor } from './cursor';
import { actionMarker } from './erp-write-back';
import { startFakeOdoo, type FakeOdoo, type OdooVersion } from './fake-server';
import { odooConnector } from './index';

/*
 * Dispatch's write-backs against the fake Odoo of each version: a note on the invoice, a call activity
 * on the customer, each at most once per action, and the last-moment re-read of receivable lines.
 * Expectations are read from the fake's tables.
 */

const setups: Array<{ label: string; version: OdooVersion; connection?: Partial<OdooConfigInput> }> = [
  { label: '16 over JSON-RPC', version: 16 },
  { label: '17 over JSON-RPC', version: 17 },
  { label: '18 over JSON-RPC', version: 18 },
  { label: '19 over JSON-2', version: 19 },
  { label: '19 over JSON-RPC', version: 19, connection: { protocol: 'json-rpc' } },
];

describe.each(setups)('Odoo write-back, $label', ({ version, connection: extra }) => {
  let odoo: FakeOdoo;
  let connection: ConnectorInstance<OdooCursor>;
  let partnerId: number;
  let invoice: { moveId: number; name: string; lineIds: number[] };

  beforeAll(async () => {
    const clock = new FakeClock('2026-01-15T08:00:00Z');
    odoo = await startFakeOdoo({ version, clock, company: { seed: 3, asOf: '2026-01-15', customers: 6, invoices: 20, version } });
    partnerId = [...odoo.company.db.table('res.partner').rows.values()].find((p) => p.customer_rank > 0 && p.parent_id === false)!.id;
    invoice = odoo.mutations.addInvoice({ partnerId, amount: 1200.5, invoiceDate: '2025-12-01', installments: [{ amount: 1200.5, dueDate: '2025-12-31' }] });
    const config = odooConnector.configSchema.parse({
      url: odoo.url,
      database: odoo.db,
      username: odoo.login,
      apiKey: new Secret(odoo.apiKey, 'env:ODOO_API_KEY'),
      retryBaseDelayMs: 1,
      ...extra,
    });
    connection = odooConnector.create(config, { tenantId: 'acme', sourceId: 'odoo', timeZone: 'Europe/Paris', currency: 'EUR', clock, logger: silentLogger() });
  });
  afterAll(async () => {
    await connection?.close();
    await odoo?.close();
  });

  const payload = () => ({
    level: 2,
    customerExternalId: String(partnerId),
    receivableExternalIds: invoice.lineIds.map(String),
    summary: 'Relance niveau 2 : FA <urgent>',
    note: 'La facture reste due.\nMerci de régler sous 8 jours.',
    dueDate: '2026-01-15',
  });
  const messages = () => [...odoo.company.db.table('mail.message').rows.values()].filter((m) => m.model === 'account.move' && m.res_id === invoice.moveId);
  const activities = () => [...odoo.company.db.table('mail.activity').rows.values()].filter((a) => a.res_model === 'res.partner' && a.res_id === partnerId);

  test('a dunning step pushed twice leaves one internal note on the invoice, as HTML, and touches no field', async () => {
    const line = odoo.company.db.table('account.move.line').get(invoice.lineIds[0]!)!;
    const before = { ...line };
    const request: PushRequest = { actionId: 'act_note_1', kind: 'dunning-step', payload: payload() };
    const first = await connection.push!(request);
    await connection.push!(request);

    expect(first.providerReference).toBe(`account.move ${invoice.moveId}`);
    const notes = messages();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
    // Rendered as HTML on every version (17+ would escape it without body_is_html), the summary escaped once.
    expect(notes[0]!.body).toContain('<p><strong>Relance niveau 2 : FA &lt;urgent&gt;</strong> (level 2)</p>');
    expect(notes[0]!.body).toContain('La facture reste due.<br>Merci');
    expect(notes[0]!.body).toContain(actionMarker('act_note_1'));
    expect(odoo.company.db.table('account.move.line').get(invoice.lineIds[0]!)).toEqual(before);
  });

  test('a call task pushed twice leaves one call activity on the customer, due on the given day', async () => {
    const request: PushRequest = { actionId: 'act_call_1', kind: 'call-task', payload: payload() };
    const first = await connection.push!(request);
    const second = await connection.push!(request);

    const found = activities();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ act_type_xmlid: 'mail.mail_activity_data_call', date_deadline: '2026-01-15', summary: 'Relance niveau 2 : FA <urgent>' });
    expect(found[0]!.note).toContain(actionMarker('act_call_1'));
    expect(first.providerReference).toBe(`mail.activity ${found[0]!.id}`);
    expect(second).toEqual(first);
  });

  test('readReceivables re-reads the lines by id and shows a payment registered after planning', async () => {
    const before = await connection.readReceivables!(invoice.lineIds.map(String));
    expect(before).toEqual([{ ok: true, record: expect.objectContaining({ externalId: String(invoice.lineIds[0]), openAmount: 120_050, status: 'open' }) }]);

    odoo.mutations.registerPayment({ invoiceId: invoice.moveId });
    const after = await connection.readReceivables!([...invoice.lineIds.map(String), '999999999']);
    expect(after).toEqual([{ ok: true, record: expect.objectContaining({ externalId: String(invoice.lineIds[0]), openAmount: 0, status: 'paid' }) }]);
  });
});

/**
 * A reverse proxy in front of the fake Odoo that forwards every request, and answers 502 instead of
 * Odoo's reply to the next `failures` calls of `method`: Odoo did the work, the client saw a failure.
 */
async function startLossyProxy(upstream: string, method: string): Promise<{ url: string; failures: number; close(): Promise<void> }> {
  const target = new URL(upstream);
  const proxy = {
    url: '',
    failures: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the client's keep-alive sockets
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        const reply: Buffer[] = [];
        answer.on('data', (c: Buffer) => reply.push(c));
        answer.on('end', () => {
          const hit = `${req.url ?? ''} ${body.toString()}`.includes(method) && proxy.failures > 0;
          if (hit) {
            proxy.failures -= 1;
            res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
          } else {
            res.writeHead(answer.statusCode ?? 500, answer.headers).end(Buffer.concat(reply));
          }
        });
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

describe.each([
  { label: '17 over JSON-RPC', version: 17 as OdooVersion },
  { label: '19 over JSON-2', version: 19 as OdooVersion },
])('Odoo write-back behind a proxy that answers 502 after Odoo did the work, $label', ({ version }) => {
  let odoo: FakeOdoo;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;
  const proxies: Array<typeof proxy> = [];
  const connections: Array<ConnectorInstance<OdooCursor>> = [];
  const clock = new FakeClock('2026-01-15T08:00:00Z');

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version, clock, company: { seed: 5, asOf: '2026-01-15', customers: 4, invoices: 10, version } });
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await Promise.all(proxies.map((p) => p.close()));
    await odoo?.close();
  });

  const connect = async (method: string) => {
    proxy = await startLossyProxy(odoo.url, method);
    proxies.push(proxy);
    const config = odooConnector.configSchema.parse({ url: proxy.url, database: odoo.db, username: odoo.login, apiKey: new Secret(odoo.apiKey, 'env:ODOO_API_KEY'), retryBaseDelayMs: 1 });
    const connection = odooConnector.create(config, { tenantId: 'acme', sourceId: 'odoo', timeZone: 'Europe/Paris', currency: 'EUR', clock, logger: silentLogger() });
    connections.push(connection);
    return connection;
  };
  const customer = () => [...odoo.company.db.table('res.partner').rows.values()].find((p) => p.customer_rank > 0 && p.parent_id === false)!.id;

  test('the note whose post was answered 502 is found on retry and not posted again', async () => {
    const connection = await connect('message_post');
    const partnerId = customer();
    const invoice = odoo.mutations.addInvoice({ partnerId, amount: 300, invoiceDate: '2025-12-01', installments: [{ amount: 300, dueDate: '2025-12-31' }] });
    proxy.failures = 1;
    const request: PushRequest = {
      actionId: 'act_502_note',
      kind: 'dunning-step',
      payload: { level: 1, customerExternalId: String(partnerId), receivableExternalIds: invoice.lineIds.map(String), summary: 'Relance', note: 'Merci.', dueDate: '2026-01-15' },
    };
    await expect(connection.push!(request)).resolves.toEqual({ providerReference: `account.move ${invoice.moveId}` });
    expect(proxy.failures).toBe(0); // the 502 was served
    const notes = [...odoo.company.db.table('mail.message').rows.values()].filter((m) => m.model === 'account.move' && m.res_id === invoice.moveId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(actionMarker('act_502_note'));
  });

  test('the call activity whose scheduling was answered 502 is found on retry and not scheduled again', async () => {
    const connection = await connect('activity_schedule');
    const partnerId = customer();
    proxy.failures = 1;
    const request: PushRequest = {
      actionId: 'act_502_call',
      kind: 'call-task',
      payload: { level: 2, customerExternalId: String(partnerId), receivableExternalIds: ['1'], summary: 'Appeler', note: 'Relance téléphonique.', dueDate: '2026-01-15' },
    };
    const pushed = await connection.push!(request);
    expect(proxy.failures).toBe(0);
    const calls = [...odoo.company.db.table('mail.activity').rows.values()].filter((a) => a.res_model === 'res.partner' && a.res_id === partnerId && String(a.note).includes(actionMarker('act_502_call')));
    expect(calls).toHaveLength(1);
    expect(pushed.providerReference).toBe(`mail.activity ${calls[0]!.id}`);
  });
});
