import { FakeClock } from '../../../core/time/clock';
import { generateCompany } from './demo-company';
import { startFakeOdoo, type FakeOdoo } from './fake-odoo-server';
import { auditLedger } from './ledger-audit';
import type { OdooVersion } from './odoo-version';
import { objectCaller, odooError } from './test-client';

type Row = Record<string, unknown>;

async function withOdoo(version: OdooVersion, run: (odoo: FakeOdoo, call: ReturnType<typeof objectCaller>, clock: FakeClock) => Promise<void>): Promise<void> {
  const clock = new FakeClock('2026-01-15T10:00:00.000Z');
  const odoo = await startFakeOdoo({ version, clock, company: generateCompany({ seed: 21, asOf: '2026-01-15', customers: 20, invoices: 150, version }) });
  try {
    await run(odoo, objectCaller(odoo), clock);
    expect(auditLedger(odoo.company.db)).toEqual([]);
  } finally {
    await odoo.close();
  }
}

async function openInvoice(call: ReturnType<typeof objectCaller>, extra: unknown[] = []): Promise<Row> {
  const [move] = await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'out_invoice'], ['payment_state', '=', 'not_paid'], ...extra]], {
    fields: ['name', 'amount_residual', 'line_ids', 'write_date', 'currency_id'],
    limit: 1,
    order: 'id',
  });
  if (!move) throw new Error('no open invoice in the seed');
  return move;
}

describe('mutations', () => {
  it('registers a partial then a full payment, cascading residuals, states and write_date', async () => {
    await withOdoo(17, async (odoo, call, clock) => {
      const invoice = await openInvoice(call, [['currency_id.name', '=', 'EUR']]);
      const total = invoice['amount_residual'] as number;
      clock.set('2026-01-15T10:05:00.250Z');
      const first = odoo.mutations.registerPayment({ invoiceId: invoice['id'] as number, amount: 10 });
      const [afterFirst] = await call<Row[]>('account.move', 'read', [[invoice['id']], ['amount_residual', 'payment_state', 'write_date']]);
      expect(afterFirst).toMatchObject({ amount_residual: Math.round((total - 10) * 100) / 100, payment_state: 'partial', write_date: '2026-01-15 10:05:00' });
      const [payment] = await call<Row[]>('account.payment', 'read', [[first.paymentId], ['amount', 'state', 'is_reconciled', 'write_date', 'move_id']], { load: '' });
      expect(payment).toMatchObject({ amount: 10, state: 'posted', is_reconciled: true, write_date: '2026-01-15 10:05:00', move_id: first.moveId });
      const [partial] = await call<Row[]>('account.partial.reconcile', 'read', [first.partialIds, ['amount', 'debit_move_id', 'credit_move_id', 'create_date']], { load: '' });
      expect(partial).toMatchObject({ amount: 10, credit_move_id: first.lineId, create_date: '2026-01-15 10:05:00' });

      clock.set('2026-01-15T11:00:00.000Z');
      odoo.mutations.registerPayment({ invoiceId: invoice['id'] as number });
      const [afterAll] = await call<Row[]>('account.move', 'read', [[invoice['id']], ['amount_residual', 'payment_state', 'write_date']]);
      expect(afterAll).toMatchObject({ amount_residual: 0, payment_state: 'paid', write_date: '2026-01-15 11:00:00' });
      const lines = await call<Row[]>('account.move.line', 'read', [invoice['line_ids'], ['reconciled', 'amount_residual', 'full_reconcile_id', 'matching_number', 'write_date']]);
      for (const line of lines) expect(line).toMatchObject({ reconciled: true, amount_residual: 0, write_date: '2026-01-15 11:00:00' });
      expect(lines.some((l) => l['full_reconcile_id'] !== false)).toBe(true);
      const changed = await call<number[]>('account.move.line', 'search', [[['write_date', '>=', '2026-01-15 10:00:00']]]);
      expect(changed).toEqual(expect.arrayContaining(invoice['line_ids'] as number[]));
    });
  });

  it('pays a foreign-currency invoice in its currency with company amounts at the fixed rate', async () => {
    await withOdoo(18, async (odoo, call) => {
      const [partnerId] = await call<number[]>('res.partner', 'search', [[['customer_rank', '>', 0]]], { limit: 1 });
      const added = odoo.mutations.addInvoice({ partnerId: partnerId as number, amount: 1000.01, currency: 'USD', invoiceDate: '2026-01-02', paymentTermId: 8 });
      const [invoice] = await call<Row[]>('account.move', 'read', [[added.moveId], ['amount_residual', 'amount_residual_signed', 'line_ids']]);
      expect(invoice?.['amount_residual']).toBe(1000.01);
      expect(invoice?.['amount_residual_signed']).toBe(920.01);
      const lines = await call<Row[]>('account.move.line', 'read', [added.lineIds, ['amount_currency', 'balance']]);
      expect(lines.map((l) => l['amount_currency'])).toEqual([340, 330, 330.01]);
      expect(lines.reduce((s, l) => s + Math.round((l['balance'] as number) * 100), 0)).toBe(92001);
      const partial = odoo.mutations.registerPayment({ invoiceId: added.moveId, amount: 500 });
      expect(partial.partialIds).toHaveLength(2);
      const paid = odoo.mutations.registerPayment({ invoiceId: added.moveId });
      if (!invoice) throw new Error('unreachable');
      invoice['amount_residual'] = 500.01;
      const [payment] = await call<Row[]>('account.payment', 'read', [[paid.paymentId], ['amount', 'amount_company_currency_signed', 'currency_id', 'state', 'invoice_ids']], { load: '' });
      expect(payment?.['amount']).toBe(invoice['amount_residual']);
      expect(payment?.['currency_id']).toBe(2);
      expect(payment?.['state']).toBe('paid');
      expect(payment?.['invoice_ids']).toEqual([invoice['id']]);
      expect(Math.abs((payment?.['amount_company_currency_signed'] as number) - (invoice['amount_residual'] as number) * 0.92)).toBeLessThan(0.05);
    });
  });

  it('credits an invoice with a reconciled credit note; a full one reverses it', async () => {
    await withOdoo(16, async (odoo, call) => {
      const invoice = await openInvoice(call);
      const note = odoo.mutations.addCreditNote({ invoiceId: invoice['id'] as number, amount: invoice['amount_residual'] as number });
      const [move] = await call<Row[]>('account.move', 'read', [[invoice['id']], ['payment_state', 'amount_residual']]);
      expect(move).toEqual({ id: invoice['id'], payment_state: 'reversed', amount_residual: 0 });
      const [refund] = await call<Row[]>('account.move', 'read', [[note.moveId], ['move_type', 'reversed_entry_id', 'payment_state', 'amount_total_signed']], { load: '' });
      expect(refund).toMatchObject({ move_type: 'out_refund', reversed_entry_id: invoice['id'], payment_state: 'paid' });
      expect(refund?.['amount_total_signed']).toBeLessThan(0);
    });
  });

  it('adds an invoice with installments and unreconciles a payment', async () => {
    await withOdoo(19, async (odoo, call) => {
      const [partner] = await call<number[]>('res.partner', 'search', [[['is_company', '=', true], ['customer_rank', '>', 0]]], { limit: 1 });
      const added = odoo.mutations.addInvoice({
        partnerId: partner as number,
        amount: 300,
        invoiceDate: '2026-01-10',
        installments: [
          { amount: 100, dueDate: '2026-02-10' },
          { amount: 200, dueDate: '2026-03-10' },
        ],
      });
      const lines = await call<Row[]>('account.move.line', 'read', [added.lineIds, ['date_maturity', 'debit', 'display_type', 'no_followup']]);
      expect(lines.map((l) => [l['date_maturity'], l['debit'], l['display_type'], l['no_followup']])).toEqual([
        ['2026-02-10', 100, 'payment_term', false],
        ['2026-03-10', 200, 'payment_term', false],
      ]);
      const [move] = await call<Row[]>('account.move', 'read', [[added.moveId], ['invoice_date_due', 'amount_total']]);
      expect(move).toMatchObject({ invoice_date_due: '2026-03-10', amount_total: 300 });
      const paid = odoo.mutations.registerPayment({ invoiceId: added.moveId, amount: 150 });
      expect(paid.partialIds).toHaveLength(2);
      odoo.mutations.unreconcile(paid.partialIds[1] as number);
      const [after] = await call<Row[]>('account.move', 'read', [[added.moveId], ['amount_residual', 'payment_state']]);
      expect(after).toMatchObject({ amount_residual: 200, payment_state: 'partial' });
      expect(await call('account.partial.reconcile', 'search', [[['id', '=', paid.partialIds[1]]]])).toEqual([]);
    });
  });

  it.each([
    [16, 'blocked', 'account.move.line'],
    [17, 'blocked', 'account.move.line'],
    [18, 'payment_state', 'account.move'],
    [19, 'no_followup', 'account.move.line'],
  ] as const)('flags a dispute on %i through %s', async (version, field, model) => {
    await withOdoo(version, async (odoo, call, clock) => {
      const invoice = await openInvoice(call);
      const lineId = (invoice['line_ids'] as number[])[0] as number;
      clock.set('2026-01-15T12:00:00Z');
      odoo.mutations.setFollowupBlocked(lineId, true);
      const id = model === 'account.move' ? invoice['id'] : lineId;
      const [row] = await call<Row[]>(model, 'read', [[id], [field, 'write_date']]);
      expect(row?.[field]).toBe(field === 'payment_state' ? 'blocked' : true);
      expect(row?.['write_date']).toBe('2026-01-15 12:00:00');
      odoo.mutations.setFollowupBlocked(lineId, false);
      const [cleared] = await call<Row[]>(model, 'read', [[id], [field]]);
      expect(cleared?.[field]).toBe(field === 'payment_state' ? 'not_paid' : false);
    });
  });

  it('updates partners through the version fields and plants malformed rows', async () => {
    await withOdoo(19, async (odoo, call, clock) => {
      const [partnerId] = await call<number[]>('res.partner', 'search', [[['is_company', '=', true]]], { limit: 1 });
      clock.set('2026-01-15T13:00:00Z');
      odoo.mutations.updatePartner(partnerId as number, { email: 'new@example.com', credit_limit: 1234 });
      const [partner] = await call<Row[]>('res.partner', 'read', [[partnerId], ['email', 'credit_limit', 'write_date']]);
      expect(partner).toMatchObject({ email: 'new@example.com', credit_limit: 1234, write_date: '2026-01-15 13:00:00' });
      expect(() => odoo.mutations.updatePartner(partnerId as number, { mobile: '+33 6' })).toThrow(/Invalid field 'mobile'/);

      const invoice = await openInvoice(call);
      const lineId = (invoice['line_ids'] as number[])[0] as number;
      odoo.mutations.corruptRecord('account.move.line', lineId, { date_maturity: false, currency_id: false });
      const [line] = await call<Row[]>('account.move.line', 'read', [[lineId], ['date_maturity', 'currency_id']]);
      expect(line).toEqual({ id: lineId, date_maturity: false, currency_id: false });
      odoo.mutations.corruptRecord('account.move.line', lineId, { date_maturity: '2026-02-01', currency_id: 1 });
    });
  });

  it('stamps a late-committing transaction with its start time', async () => {
    await withOdoo(17, async (odoo, call) => {
      const invoice = await openInvoice(call);
      odoo.mutations.at(new Date('2026-01-15T09:59:00Z')).registerPayment({ invoiceId: invoice['id'] as number, amount: 1 });
      const [move] = await call<Row[]>('account.move', 'read', [[invoice['id']], ['write_date']]);
      expect(move?.['write_date']).toBe('2026-01-15 09:59:00');
    });
  });
});

describe('failure injection and request log', () => {
  it('fails the next requests at HTTP level, then answers normally', async () => {
    await withOdoo(17, async (odoo, call) => {
      odoo.failNext({ count: 2, status: 503, retryAfterSeconds: 7 });
      const first = await fetch(`${odoo.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('7');
      await first.text();
      await expect(call('res.partner', 'search_count', [[]])).rejects.toThrow();
      expect(await call('res.partner', 'search_count', [[]])).toBeGreaterThan(0);
      odoo.failNext({ status: 429, match: { model: 'account.move', method: 'search_read' } });
      expect(await call('res.partner', 'search_count', [[]])).toBeGreaterThan(0);
      await expect(call('account.move', 'search_read', [[]], { limit: 1 })).rejects.toThrow();
      expect(odoo.failures.pending).toBe(0);
    });
  });

  it('returns an injected Odoo error inside HTTP 200', async () => {
    await withOdoo(19, async (odoo, call) => {
      odoo.failNextWithOdooError({ name: 'psycopg2.errors.SerializationFailure' });
      const error = await odooError(call('account.move.line', 'search_read', [[]], { limit: 1 }));
      expect(error).toMatchObject({ code: 0, message: 'Odoo Server Error', data: { name: 'psycopg2.errors.SerializationFailure', message: 'could not serialize access due to concurrent update\n' } });
      expect(await call<number>('account.move.line', 'search_count', [[]])).toBeGreaterThan(0);
    });
  });

  it('logs every call with model and method, and never the API key', async () => {
    await withOdoo(17, async (odoo, call) => {
      odoo.clearRequestLog();
      await call('account.move.line', 'search_read', [[['reconciled', '=', false]]], { fields: ['name'], limit: 5 });
      await call('account.move.line', 'search_read', [[['reconciled', '=', false]]], { fields: ['name'], limit: 5, offset: 5 });
      await fetch(`${odoo.url}/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'authenticate', args: [odoo.db, odoo.login, odoo.apiKey, {}] } }),
      }).then((r) => r.text());
      const reads = odoo.requestLog.filter((r) => r.model === 'account.move.line' && r.method === 'search_read');
      expect(reads).toHaveLength(2);
      expect(reads[1]?.summary).toContain('offset=5');
      expect(odoo.requestLog[2]).toMatchObject({ service: 'common', method: 'authenticate', status: 200 });
      expect(JSON.stringify(odoo.requestLog)).not.toContain(odoo.apiKey);
    });
  });
});
