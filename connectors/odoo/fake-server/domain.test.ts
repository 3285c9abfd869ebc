import { FakeClock } from '../../../core/time/clock';
import { generateCompany } from './demo-company';
import { FakeOrm } from './orm';

describe('domains', () => {
  const company = generateCompany({ seed: 9, asOf: '2026-01-15', customers: 30, invoices: 100 });
  const orm = new FakeOrm(company.db, 17, new FakeClock('2026-01-15T08:00:00Z'));
  const env = orm.env(company.botUid, { active_test: false });
  const partners = [...company.db.table('res.partner').rows.values()];
  const search = (domain: unknown[]): number[] => orm.search('res.partner', env, domain, 0, null, 'id');
  const ids = (predicate: (p: (typeof partners)[number]) => boolean): number[] => partners.filter(predicate).map((p) => p.id);

  it('treats empty values as SQL NULL with Odoo additions', () => {
    expect(search([['email', '=', false]])).toEqual(ids((p) => p.email === false));
    expect(search([['email', '!=', false]])).toEqual(ids((p) => p.email !== false));
    // `!=` and `not in` also match NULL; comparisons never do.
    expect(search([['vat', '!=', 'FR1']])).toEqual(ids(() => true));
    expect(search([['vat', 'not in', ['FR1']]])).toEqual(ids(() => true));
    expect(search([['vat', '>', '']])).toEqual(ids((p) => p.vat !== false));
    expect(search([['parent_id', 'in', [false]]])).toEqual(ids((p) => p.parent_id === false));
  });

  it('matches like patterns with % and _ wildcards, ilike without case', () => {
    const sample = partners.find((p) => p.is_company && p.parent_id === false && p.id > 2);
    const word = sample?.name.split(' ')[0] ?? '';
    expect(search([['name', 'ilike', word.toUpperCase()]])).toEqual(ids((p) => p.name.toLowerCase().includes(word.toLowerCase())));
    expect(search([['name', '=like', `${word}%`]])).toEqual(ids((p) => p.name.startsWith(word)));
    expect(search([['name', 'not ilike', word]])).toEqual(ids((p) => !p.name.toLowerCase().includes(word.toLowerCase())));
  });

  it('applies =? only when the value is set, and TRUE/FALSE leaves', () => {
    expect(search([['email', '=?', false]])).toEqual(ids(() => true));
    expect(search([[1, '=', 1]])).toEqual(ids(() => true));
    expect(search([[0, '=', 1]])).toEqual([]);
  });

  it('walks child_of through parent_id', () => {
    const parent = partners.find((p) => partners.some((c) => c.parent_id === p.id));
    expect(search([['id', 'child_of', parent?.id]])).toEqual(ids((p) => p.id === parent?.id || p.parent_id === parent?.id));
  });

  it('supports any on 17+ and rejects it on 16', () => {
    const lines = company.db.table('account.move.line');
    const moves = [...company.db.table('account.move').rows.values()];
    const withReconciled = moves.filter((m) => m.line_ids.some((id) => lines.get(id)?.reconciled)).map((m) => m.id);
    expect(orm.search('account.move', env, [['line_ids', 'any', [['reconciled', '=', true]]]], 0, null, 'id')).toEqual(withReconciled);
    expect(orm.search('account.move', env, [['line_ids.reconciled', '=', true]], 0, null, 'id')).toEqual(withReconciled);
    const orm16 = new FakeOrm(company.db, 16, new FakeClock('2026-01-15T08:00:00Z'));
    expect(() => orm16.search('account.move', orm16.env(company.botUid, {}), [['line_ids', 'any', []]])).toThrow(/Invalid leaf/);
  });

  it('answers indexed leaves exactly like a full scan', () => {
    const lines = [...company.db.table('account.move.line').rows.values()];
    const partials = [...company.db.table('account.partial.reconcile').rows.values()];
    const moveIds = [...new Set(lines.filter((_, i) => i % 7 === 0).map((l) => l.move_id))];
    const lineIds = lines.filter((_, i) => i % 5 === 0).map((l) => l.id);
    const byId = (a: number, b: number): number => a - b;
    expect(orm.search('account.move.line', env, [['move_id', 'in', moveIds], ['reconciled', '=', false]], 0, null, 'id')).toEqual(
      lines.filter((l) => moveIds.includes(l.move_id) && !l.reconciled).map((l) => l.id),
    );
    expect(orm.search('account.move.line', env, [['partner_id', '=', lines[0]?.partner_id]], 0, null, 'id')).toEqual(
      lines.filter((l) => l.partner_id === lines[0]?.partner_id).map((l) => l.id),
    );
    expect(orm.search('account.partial.reconcile', env, [['debit_move_id', 'in', lineIds]], 0, null, 'id')).toEqual(
      partials.filter((p) => lineIds.includes(p.debit_move_id)).map((p) => p.id).sort(byId),
    );
    expect(orm.search('account.partial.reconcile', env, [['credit_move_id', 'in', lineIds], ['id', 'in', partials.map((p) => p.id)]], 0, null, 'id')).toEqual(
      partials.filter((p) => lineIds.includes(p.credit_move_id)).map((p) => p.id).sort(byId),
    );
    // `in [..., false]` cannot use an index of ids: it must still find the empty ones.
    expect(orm.search('account.move.line', env, [['full_reconcile_id', 'in', [false]]], 0, null, 'id')).toEqual(
      lines.filter((l) => l.full_reconcile_id === false).map((l) => l.id),
    );
  });

  it('rejects malformed domains with ValueError', () => {
    expect(() => search(['&', ['name', '=', 'x']])).toThrow(/syntax error/);
    expect(() => search([['name', 'resembles', 'x']])).toThrow(/Invalid leaf/);
    expect(() => search([['nope', '=', 1]])).toThrow("Invalid field res.partner.nope in leaf ('nope', '=', 1)");
  });
});
