import { createHash } from 'node:crypto';
import { generateCompany, type GenerateCompanyOptions } from './demo-company';
import type { FakeDatabase } from './fake-database';
import { fakeModelNames } from './fake-rows';
import { auditLedger } from './ledger-audit';

function fingerprint(db: FakeDatabase): string {
  const hash = createHash('sha256');
  for (const model of fakeModelNames) hash.update(JSON.stringify([model, [...db.table(model).rows.values()]]));
  return hash.digest('hex');
}

const options: GenerateCompanyOptions = { seed: 42, asOf: '2026-01-15', customers: 60, invoices: 700 };

describe('generateCompany', () => {
  const company = generateCompany(options);
  const db = company.db;
  const asOfStart = Date.parse('2026-01-15T00:00:00Z');

  it('is deterministic for a seed and differs between seeds', () => {
    expect(fingerprint(generateCompany(options).db)).toBe(fingerprint(db));
    expect(fingerprint(generateCompany({ ...options, seed: 43 }).db)).not.toBe(fingerprint(db));
  });

  it('keeps the ledger consistent and every write before asOf', () => {
    expect(auditLedger(db, asOfStart)).toEqual([]);
    for (const model of fakeModelNames) for (const row of db.table(model).rows.values()) expect(row.write_date).toBeLessThan(asOfStart);
  });

  it('has the variety a collections demo needs', () => {
    const moves = [...db.table('account.move').rows.values()];
    const invoices = moves.filter((m) => m.move_type === 'out_invoice');
    const states = new Set(invoices.map((m) => m.payment_state));
    expect([...states].sort()).toEqual(['not_paid', 'paid', 'partial', 'reversed']);
    expect(invoices.some((m) => m.line_ids.length === 3)).toBe(true);
    expect(invoices.some((m) => m.line_ids.length === 2)).toBe(true);
    const refunds = moves.filter((m) => m.move_type === 'out_refund');
    expect(refunds.some((m) => m.reversed_entry_id !== false && m.payment_state === 'paid')).toBe(true);
    expect(refunds.some((m) => m.payment_state === 'not_paid')).toBe(true);
    const lines = [...db.table('account.move.line').rows.values()];
    expect(lines.some((l) => l.followup_blocked && !l.reconciled)).toBe(true);
    const usd = lines.filter((l) => l.currency_id === 2);
    expect(usd.length).toBeGreaterThan(0);
    expect(usd.some((l) => l.amount_currency !== l.balance)).toBe(true);
    const partners = [...db.table('res.partner').rows.values()];
    expect(partners.some((p) => !p.active)).toBe(true);
    expect(partners.some((p) => p.parent_id !== false && p.commercial_partner_id === p.parent_id)).toBe(true);
    expect(new Set(company.profiles.values()).size).toBe(5);
    const payments = [...db.table('account.payment').rows.values()];
    expect(payments.some((p) => !p.is_reconciled)).toBe(true);
    expect(company.stats.openInvoices).toBeGreaterThan(0);
    expect(company.stats.receivableLines).toBe(db.table('account.move.line').size);
  });

  it('makes bad payers later than good ones', () => {
    const lateness = (profile: string): number => {
      const days: number[] = [];
      for (const partial of db.table('account.partial.reconcile').rows.values()) {
        const line = db.table('account.move.line').get(partial.debit_move_id);
        if (!line || line.date_maturity === false || company.profiles.get(line.partner_id as number) !== profile) continue;
        days.push((Date.parse(partial.max_date) - Date.parse(line.date_maturity)) / 86_400_000);
      }
      return days.reduce((a, b) => a + b, 0) / Math.max(1, days.length);
    };
    expect(lateness('excellent')).toBeLessThan(lateness('slow'));
    expect(lateness('slow')).toBeLessThan(lateness('bad'));
  });

  it('splits data between two companies when asked', () => {
    const two = generateCompany({ ...options, companies: 2, customers: 30, invoices: 200 });
    const byCompany = new Set([...two.db.table('account.move').rows.values()].map((m) => m.company_id));
    expect([...byCompany].sort()).toEqual([1, 2]);
    expect(auditLedger(two.db, asOfStart)).toEqual([]);
  });
});
