import { FakeClock } from '../../../core/time/clock';
import { generateCompany } from './demo-company';
import { startFakeOdoo, type FakeOdoo } from './fake-odoo-server';
import type { OdooVersion } from './odoo-version';
import { objectCaller, odooError } from './test-client';

type Row = Record<string, unknown>;
const openReceivables = [
  ['account_id.account_type', '=', 'asset_receivable'],
  ['parent_state', '=', 'posted'],
  ['reconciled', '=', false],
];

describe.each([16, 17, 18, 19] as OdooVersion[])('ORM fields of Odoo %i', (version) => {
  let odoo: FakeOdoo;
  let call: ReturnType<typeof objectCaller>;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version, company: generateCompany({ seed: 11, asOf: '2026-01-15', customers: 20, invoices: 150, version }) });
    call = objectCaller(odoo);
  });
  afterAll(() => odoo.close());

  const fieldExists = async (model: string, field: string): Promise<boolean> => {
    try {
      await call(model, 'search_read', [[]], { fields: [field], limit: 1 });
      return true;
    } catch (error) {
      const odooErr = (error as { odoo?: { data: { name: string; message: string } } }).odoo;
      expect(odooErr?.data.name).toBe('builtins.ValueError');
      expect(odooErr?.data.message).toBe(`Invalid field '${field}' on model '${model}'`);
      return false;
    }
  };

  it('exposes exactly the fields of the version', async () => {
    expect(await fieldExists('res.partner', 'mobile')).toBe(version <= 18);
    expect(await fieldExists('account.move.line', 'blocked')).toBe(version <= 17);
    expect(await fieldExists('account.move.line', 'no_followup')).toBe(version >= 19);
    expect(await fieldExists('account.move.line', 'invoice_date')).toBe(version >= 17);
    expect(await fieldExists('account.move', 'payment_id')).toBe(version <= 17);
    expect(await fieldExists('account.move', 'origin_payment_id')).toBe(version >= 18);
    expect(await fieldExists('account.payment', 'ref')).toBe(version <= 17);
    expect(await fieldExists('account.payment', 'memo')).toBe(version >= 18);
    expect(await fieldExists('account.payment', 'invoice_ids')).toBe(version >= 18);
  });

  it('refuses a domain on a field the version does not have', async () => {
    if (version >= 19) {
      const error = await odooError(call('res.partner', 'search', [[['mobile', '!=', false]]]));
      expect(error.data['message']).toBe("Invalid field res.partner.mobile in condition ('mobile', '!=', False)");
    } else {
      expect(await call('res.partner', 'search_count', [[['mobile', '!=', false]]])).toBeGreaterThan(0);
      const error = await odooError(call('account.move.line', 'search', [[['no_followup', '=', true]]]));
      expect(error.data['message']).toBe("Invalid field account.move.line.no_followup in leaf ('no_followup', '=', True)");
    }
  });

  it('reports payment states in the version vocabulary', async () => {
    const states = new Set((await call<Row[]>('account.payment', 'search_read', [[]], { fields: ['state'] })).map((r) => r['state']));
    for (const state of states) expect(version <= 17 ? ['draft', 'posted', 'cancel'] : ['draft', 'in_process', 'paid', 'canceled', 'rejected']).toContain(state);
    const moveStates = new Set((await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'out_invoice']]], { fields: ['payment_state'] })).map((r) => r['payment_state']));
    expect(moveStates.has('in_payment')).toBe(false);
    expect(moveStates.has('blocked')).toBe(version === 18);
  });

  it('links a payment move to its payment under the version name', async () => {
    const field = version <= 17 ? 'payment_id' : 'origin_payment_id';
    const [move] = await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'entry']]], { fields: [field, 'name'], limit: 1, order: 'id' });
    const [payment] = await call<Row[]>('account.payment', 'read', [[(move?.[field] as [number, string])[0]], ['name', 'move_id']]);
    expect(payment?.['move_id']).toEqual([move?.['id'], expect.stringContaining(String(move?.['name']))]);
  });

  it('finds disputed lines through the version flag', async () => {
    const lines = await call<Row[]>('account.move.line', 'search_read', [openReceivables], { fields: ['move_id'], load: '' });
    const flag = version <= 17 ? [['blocked', '=', true]] : version === 19 ? [['no_followup', '=', true]] : [['move_id.payment_state', '=', 'blocked']];
    const disputed = await call<number[]>('account.move.line', 'search', [[...openReceivables, ...flag]]);
    expect(disputed.length).toBeGreaterThan(0);
    expect(disputed.length).toBeLessThan(lines.length);
  });
});

describe('ORM queries', () => {
  let odoo: FakeOdoo;
  let call: ReturnType<typeof objectCaller>;
  const clock = new FakeClock('2026-01-15T08:00:00.000Z');
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 5, asOf: '2026-01-15', customers: 40, invoices: 400, companies: 2 }) });
    call = objectCaller(odoo);
  });
  afterAll(() => odoo.close());

  it('reads many2one as [id, name] by default and as a bare id with load ""', async () => {
    const [classic] = await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'out_invoice']]], { fields: ['partner_id', 'currency_id'], limit: 1, order: 'id' });
    expect(classic?.['currency_id']).toEqual(expect.arrayContaining([expect.any(Number), expect.stringMatching(/^(EUR|USD)$/)]));
    const [bare] = await call<Row[]>('account.move', 'search_read', [[['id', '=', classic?.['id']]]], { fields: ['partner_id', 'currency_id'], load: '' });
    expect(bare?.['partner_id']).toBe((classic?.['partner_id'] as [number, string])[0]);
  });

  it('names a contact "Company, Contact"', async () => {
    const [contact] = await call<Row[]>('res.partner', 'search_read', [[['parent_id', '!=', false]]], { fields: ['name', 'parent_id', 'display_name'], limit: 1 });
    expect(contact?.['display_name']).toBe(`${(contact?.['parent_id'] as [number, string])[1]}, ${String(contact?.['name'])}`);
  });

  it('filters through dotted paths and prefix operators', async () => {
    const lines = await call<Row[]>('account.move.line', 'search_read', [openReceivables], { fields: ['reconciled', 'parent_state', 'account_type', 'amount_residual_currency'] });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ reconciled: false, parent_state: 'posted', account_type: 'asset_receivable' });

    const refundsViaPath = await call<number[]>('account.move.line', 'search', [[['move_id.move_type', '=', 'out_refund']]], { order: 'id' });
    const refundMoves = await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'out_refund']]], { fields: ['line_ids'] });
    expect(refundsViaPath).toEqual(refundMoves.flatMap((m) => m['line_ids'] as number[]).sort((a, b) => a - b));

    const either = await call<number[]>('account.move', 'search', [['|', ['payment_state', '=', 'paid'], ['payment_state', '=', 'partial']]], { order: 'id' });
    const within = await call<number[]>('account.move', 'search', [[['payment_state', 'in', ['paid', 'partial']]]], { order: 'id' });
    expect(either).toEqual(within);
    const negated = await call<number[]>('account.move', 'search', [['!', ['payment_state', 'in', ['paid', 'partial']]]], { order: 'id' });
    expect(either.length + negated.length).toBe(await call('account.move', 'search_count', [[]]));

    const nested = await call<number[]>('account.move', 'search', [['&', ['move_type', '=', 'out_invoice'], '|', ['currency_id.name', '=', 'USD'], ['amount_total', '>', 5000]]]);
    const moves = await call<Row[]>('account.move', 'read', [nested, ['move_type', 'currency_id', 'amount_total']]);
    for (const m of moves) expect(m['move_type'] === 'out_invoice' && ((m['currency_id'] as [number, string])[1] === 'USD' || (m['amount_total'] as number) > 5000)).toBe(true);

    const named = await call<Row[]>('res.partner', 'search_read', [[['name', 'ilike', 'a'], ['email', '=?', false], ['is_company', '=', true]]], { fields: ['name'] });
    for (const p of named) expect(String(p['name']).toLowerCase()).toContain('a');
  });

  it('pages with order, offset and limit without gaps or duplicates', async () => {
    const all = await call<number[]>('account.move.line', 'search', [[]], { order: 'write_date asc, id asc' });
    const pages: Row[] = [];
    for (let offset = 0; ; offset += 97) {
      const page = await call<Row[]>('account.move.line', 'search_read', [[]], { fields: ['write_date'], order: 'write_date asc, id asc', offset, limit: 97 });
      pages.push(...page);
      if (page.length < 97) break;
    }
    expect(pages.map((r) => r['id'])).toEqual(all);
    for (let i = 1; i < pages.length; i++) expect(String(pages[i]?.['write_date']) >= String(pages[i - 1]?.['write_date'])).toBe(true);
  });

  it('reads by ids, leaving out ids that do not exist, in the order asked', async () => {
    const rows = await call<Row[]>('res.currency', 'read', [[2, 424242, 1], ['name']]);
    expect(rows).toEqual([
      { id: 2, name: 'USD' },
      { id: 1, name: 'EUR' },
    ]);
    const chunk = await call<Row[]>('account.move.line', 'search_read', [[['id', 'in', [5, 3, 99999, 4]]]], { fields: ['id'], order: 'id asc' });
    expect(chunk.map((r) => r['id'])).toEqual([3, 4, 5]);
  });

  it('returns write_date truncated to the second while filtering at full precision', async () => {
    clock.set('2026-01-15T09:30:15.750Z');
    const [move] = await call<Row[]>('account.move', 'search_read', [[['move_type', '=', 'out_invoice'], ['payment_state', '=', 'not_paid']]], { fields: ['id'], limit: 1 });
    odoo.mutations.registerPayment({ invoiceId: move?.['id'] as number, amount: 1 });
    const [read] = await call<Row[]>('account.move', 'read', [[move?.['id']], ['write_date']]);
    expect(read?.['write_date']).toBe('2026-01-15 09:30:15');
    expect(await call('account.move', 'search', [[['id', '=', move?.['id']], ['write_date', '>', '2026-01-15 09:30:15']]])).toEqual([move?.['id']]);
    expect(await call('account.move', 'search', [[['id', '=', move?.['id']], ['write_date', '=', '2026-01-15 09:30:15']]])).toEqual([]);
  });

  it('restricts to allowed_company_ids and refuses a company the user may not use', async () => {
    const all = await call<number>('account.move', 'search_count', [[]]);
    const first = await call<number>('account.move', 'search_count', [[]], { context: { allowed_company_ids: [1] } });
    const second = await call<number>('account.move', 'search_count', [[]], { context: { allowed_company_ids: [2] } });
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe(all);
    const error = await odooError(call('account.move', 'search', [[]], { context: { allowed_company_ids: [3] } }));
    expect(error.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Access to unauthorized or invalid companies.' });
    const [secondMove] = await call<number[]>('account.move', 'search', [[]], { context: { allowed_company_ids: [2] }, limit: 1 });
    const denied = await odooError(call('account.move', 'read', [[secondMove], ['name']], { context: { allowed_company_ids: [1] } }));
    expect(denied.data['name']).toBe('odoo.exceptions.AccessError');
  });

  it('resolves company-dependent fields for the first allowed company', async () => {
    const partners = await call<Row[]>('res.partner', 'search_read', [[['customer_rank', '>', 0]]], { fields: ['property_payment_term_id'], context: { allowed_company_ids: [2] } });
    const withTerm = partners.filter((p) => p['property_payment_term_id'] !== false).length;
    expect(withTerm).toBeGreaterThan(0);
    expect(withTerm).toBeLessThan(partners.length);
  });

  it('hides archived partners unless active_test is false', async () => {
    const visible = await call<number>('res.partner', 'search_count', [[]]);
    const everyone = await call<number>('res.partner', 'search_count', [[]], { context: { active_test: false } });
    const archived = await call<number>('res.partner', 'search_count', [[['active', '=', false]]]);
    expect(archived).toBeGreaterThan(0);
    expect(everyone).toBe(visible + archived);
  });

  it('computes the partner credit from open receivable lines', async () => {
    const [line] = await call<Row[]>('account.move.line', 'search_read', [openReceivables], { fields: ['partner_id'], load: '', limit: 1 });
    const partnerId = line?.['partner_id'] as number;
    const lines = await call<Row[]>('account.move.line', 'search_read', [[...openReceivables, ['partner_id', '=', partnerId]]], { fields: ['amount_residual'] });
    const expected = lines.reduce((s, l) => s + Math.round((l['amount_residual'] as number) * 100), 0) / 100;
    const [partner] = await call<Row[]>('res.partner', 'read', [[partnerId], ['credit']], { context: { active_test: false } });
    expect(partner?.['credit']).toBeCloseTo(expected, 2);
  });

  it('describes fields with fields_get', async () => {
    const fields = await call<Record<string, Row>>('account.move.line', 'fields_get', [], { attributes: ['type', 'relation'] });
    expect(fields['account_id']).toEqual({ type: 'many2one', relation: 'account.account' });
    expect(fields['date_maturity']).toEqual({ type: 'date' });
  });

  it('raises Python TypeErrors for bad arguments', async () => {
    const error = await odooError(call('res.partner', 'search_read', [[]], { limits: 3 }));
    expect(error.data['message']).toBe("search_read() got an unexpected keyword argument 'limits'");
    const both = await odooError(call('res.partner', 'search_read', [[]], { domain: [] }));
    expect(both.data['message']).toBe("search_read() got multiple values for argument 'domain'");
  });
});
