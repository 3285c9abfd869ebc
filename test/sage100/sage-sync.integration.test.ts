import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { silentLogger } from '../../core/logging/logger';
import { agedBalance } from '../../core/kpi/aged-balance';
import type { AnyStreamRecord, StreamName } from '../../core/model';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { TenantConfig } from '../../config/tenant-config';
import { sage100Connector } from '../../connectors/sage100';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import type { SyncReport } from '../../sync/pipeline/sync-report';
import { openSource } from '../../sync/pipeline/sync-tenant';
import { openSeededSageCompany, seededCompanyGoldenPath as goldenPath, storedCompany, type SeededSageCompany } from './seeded-sage-company';
import { listedKeys } from '../sync/recorded-sync';

// The read path for real: a Sage-shaped PostgreSQL database, read through node-odbc, unixODBC and
// psqlODBC by the Sage connector, through the pipeline, into a PostgreSQL store. The golden file is
// rewritten only with UPDATE_GOLDEN=1 (then read the diff before committing it).

function written(report: SyncReport): Record<StreamName, number> {
  const out = { customers: 0, receivables: 0, payments: 0, allocations: 0 };
  for (const s of report.streams) out[s.stream] += s.written;
  return out;
}

describe('syncing a Sage 100 company through ODBC', () => {
  let company: SeededSageCompany;
  let sageClient: Client;
  let store: Store;
  let tenant: TenantConfig;
  const clock = new FakeClock('2026-03-31T16:00:00Z');
  const logger = silentLogger();
  const sync = () => syncTenant({ store, tenant, clock, logger, resolveConnector: () => sage100Connector });

  beforeAll(async () => {
    company = await openSeededSageCompany('arbridge_sage', 3, { sweepIntervalMinutes: 120 });
    ({ sageClient, store, tenant } = company);
  }, 60_000);

  afterAll(async () => {
    await company?.close();
  });

  async function all(stream: StreamName): Promise<AnyStreamRecord[]> {
    const out: AnyStreamRecord[] = [];
    for await (const r of store.iterateRecords('garage', stream)) out.push(r);
    return out;
  }

  it('lands the seeded company, quirks handled, matching the golden file', async () => {
    const report = await sync();
    expect(report.failures).toEqual([]);
    const quarantine = await store.listQuarantine('garage');
    expect(quarantine).toEqual([expect.objectContaining({ stream: 'receivables', reason: expect.stringContaining('N_Devise 9 has no ISO code in P_DEVISE') })]);

    const snapshot = await storedCompany(store);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(join(__dirname, 'golden'), { recursive: true });
      writeFileSync(goldenPath, JSON.stringify(snapshot, null, 2) + '\n');
    }
    expect(snapshot).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));

    const byId = new Map(snapshot.receivables.map((r) => [r.externalId, r as Record<string, unknown>]));
    const numbers = [...byId.values()].map((r) => r.number);
    expect(numbers).not.toContain('SITUATION'); // situation journal left out
    expect(numbers).not.toContain('FF001'); // supplier left out
    expect(numbers).not.toContain('VIR-0001'); // treasury lines are payments, not receivables
    const customers = new Map(snapshot.customers.map((c) => [c.externalId, c as Record<string, unknown>]));
    expect(customers.get('C001')).toMatchObject({
      name: 'Société Œuvre & Fils — Café', // code page 1252 characters intact
      emails: ['compta@oeuvre.example', 'anais.martin@oeuvre.example'],
      phone: '01 23 45 67 89',
      erpRiskCode: 'Surveillance',
      salesRep: 'Zoé Lefèvre',
      creditLimit: { amount: 500000, currency: 'EUR' },
      paymentTerms: { code: '1/0/30', name: 'Virement, 30 days' },
      dunningBlocked: false,
    });
    expect(customers.get('C004')).toMatchObject({ name: 'Boulangerie L’Étoile', emails: ['lea@etoile.example'], dunningBlocked: true, erpRiskCode: 'Blocage' });
    expect(customers.get('C002')).toMatchObject({ emails: ['ap@dupont.example'] });
    expect(customers.has('C003')).toBe(false);
    const credit = [...byId.values()].find((r) => r.number === 'AV00001');
    expect(credit).toMatchObject({ kind: 'credit_note', amount: -15000, openAmount: -15000, dueDate: '2026-03-15', issueDate: '2026-03-15' });
    expect([...byId.values()].find((r) => r.number === 'FA00003')).toMatchObject({ status: 'partially_paid', amount: 80000, openAmount: 50000 });
    expect([...byId.values()].find((r) => r.number === 'FA00004')).toMatchObject({ status: 'paid', openAmount: 0 });
    expect([...byId.values()].find((r) => r.number === 'FA00010')).toMatchObject({ customerExternalId: 'C002', currency: 'USD', amount: 100000, amountCompany: 92000, lastDunnedOn: null });
    expect([...byId.values()].find((r) => r.number === 'FA00001')).toMatchObject({ erpDunningLevel: 1, lastDunnedOn: '2026-02-20', sourceUpdatedAt: '2026-03-30T07:00:00.000Z' });
    // Recouvrement: a case with a litige disputes its entry (reason from P_LITIGE, since the case opened);
    // a case's latest promise date holds the entry's open amount; entries outside any case have neither.
    expect([...byId.values()].find((r) => r.number === 'FA00003')).toMatchObject({ dispute: { disputed: true, reason: 'Marchandise non conforme', since: '2026-01-12' }, promiseToPay: null });
    expect([...byId.values()].find((r) => r.number === 'FA00010')).toMatchObject({ dispute: { disputed: false, reason: null, since: null }, promiseToPay: { amount: 92000, until: '2026-04-15' } });
    expect([...byId.values()].filter((r) => (r.dispute as { disputed: boolean }).disputed || r.promiseToPay).map((r) => r.number).sort()).toEqual(['FA00003', 'FA00010']);
    const payments = new Map(snapshot.payments.map((p) => [(p as Record<string, unknown>).reference, p as Record<string, unknown>]));
    expect(payments.get('WIRE-77')).toMatchObject({ customerExternalId: 'C002', currency: 'USD', amount: 20000, amountCompany: 18400, status: 'cancelled' });
    expect(payments.get('ACOMPTE-1')).toMatchObject({ amount: 25000, method: 'Virement', status: 'posted' });
  }, 120_000);

  it('gives the aged balance worked out by hand for the hand-written customers', async () => {
    const items = [];
    for await (const r of store.iterateReceivables('garage', { openOnly: true })) {
      if (['C001', 'C002', 'C004'].includes(r.customerExternalId)) items.push({ dueDate: r.dueDate, openAmount: r.openAmount, currency: r.currency });
    }
    // By hand, as of 2026-03-31 (EUR): FA00002 500.00 due today and FA00020 300.00 due 04-30: not due 800.00;
    // AV00001 −150.00 due 03-15 (16 days): 1-30; FA00001 1,200.00 due 02-09 (50 days): 31-60;
    // FA00003 800.00 − 300.00 paid = 500.00 due 2025-12-01 (120 days): 91-120. FA00004 is lettered,
    // the situation line and the N_Devise 9 line are not receivables. Total 2,350.00, overdue 1,550.00.
    const eur = agedBalance(items, '2026-03-31', 'EUR');
    expect(eur.buckets).toEqual([
      { label: 'not due', amount: 80000, count: 2 },
      { label: '1-30', amount: -15000, count: 1 },
      { label: '31-60', amount: 120000, count: 1 },
      { label: '61-90', amount: 0, count: 0 },
      { label: '91-120', amount: 50000, count: 1 },
      { label: 'over 120', amount: 0, count: 0 },
    ]);
    expect(eur.total).toBe(235000);
    expect(eur.overdue).toBe(155000);
    // USD: FA00010 1,000.00 due 2026-01-15 (75 days): 61-90.
    expect(agedBalance(items, '2026-03-31', 'USD').buckets[3]).toEqual({ label: '61-90', amount: 100000, count: 1 });
  });

  it('writes nothing when nothing changed, then exactly what changed: late commits in the watermark minute, new rows without cbModification, lettering', async () => {
    clock.advance(3_600_000);
    const idle = await sync();
    expect(idle.failures).toEqual([]);
    expect(written(idle)).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

    // The watermark is 2026-03-30 09:00 (the seed's latest cbModification).
    // 1. FA00002 reminded, committed late with a cbModification IN the watermark minute: only the overlap finds it.
    await sageClient.query("UPDATE dbo.F_ECRITUREC SET EC_Rappel = 1, EC_DateRelance = '2026-03-30', cbModification = '2026-03-30 09:00:00' WHERE EC_RefPiece = 'FA00002'");
    // 2. FA00001 paid in full and lettered, with its settlement and allocation.
    await sageClient.query("UPDATE dbo.F_ECRITUREC SET EC_Lettre = 1, EC_Lettrage = 'AC', EC_MontantRegle = 1200, cbModification = '2026-03-31 17:01:00' WHERE EC_RefPiece = 'FA00001'");
    const dr = await sageClient.query("SELECT DR_No AS dr FROM dbo.F_DOCREGL WHERE DO_Piece = 'FA00001'");
    await sageClient.query("INSERT INTO dbo.F_CREGLEMENT (RG_No, RG_Type, CT_NumPayeur, RG_Date, RG_Reference, RG_Montant, RG_MontantDev, N_Devise, N_Reglement, RG_Impaye, cbModification) VALUES (900, 0, 'C001', '2026-03-31', 'VIR-0900', 1200, 0, 0, 1, '1900-01-01', '2026-03-31 17:01:00')");
    await sageClient.query("INSERT INTO dbo.F_REGLECH (RG_No, DR_No, DO_Domaine, DO_Type, DO_Piece, RC_Montant, cbModification) VALUES (900, $1, 0, 7, 'FA00001', 1200, '2026-03-31 17:01:00')", [dr.rows[0].dr]);
    // 3. A new invoice written by third-party SQL: no cbModification at all; only its cbMarq shows it.
    await sageClient.query("INSERT INTO dbo.F_ECRITUREC (EC_No, JO_Num, JM_Date, EC_Jour, EC_Date, EC_Piece, EC_RefPiece, CG_Num, CT_Num, EC_Echeance, EC_Sens, EC_Montant, N_Devise, EC_Devise, EC_Lettre, EC_Lettrage, EC_MontantRegle, EC_Rappel, EC_DateRelance) VALUES (5000, 'VTE', '2026-03-01', 31, '2026-03-31', 'VT9000', 'FA09000', '41100000', 'C004', '2026-05-15', 0, 42.42, 0, 0, 0, '', 0, 0, '1900-01-01')");

    clock.advance(3_600_000);
    const incremental = await sync();
    expect(incremental.failures).toEqual([]);
    expect(written(incremental)).toEqual({ customers: 0, receivables: 3, payments: 1, allocations: 1 });
    const open = new Map<string, { openAmount: number; erpDunningLevel: number | null }>();
    for await (const r of store.iterateReceivables('garage')) open.set(r.number, r);
    expect(open.get('FA00001')).toMatchObject({ openAmount: 0, status: 'paid' });
    expect(open.get('FA00002')).toMatchObject({ erpDunningLevel: 1, lastDunnedOn: '2026-03-30' });
    expect(open.get('FA09000')).toMatchObject({ amount: 4242, sourceUpdatedAt: '1970-01-01T00:00:00.000Z' });
    const allocations = (await all('allocations')).filter((a) => (a as Record<string, unknown>).appliedFromExternalId === '900');
    expect(allocations).toEqual([expect.objectContaining({ receivableExternalId: String(await findEcNo(sageClient, 'FA00001')), amountCompany: 120000, allocatedOn: '2026-03-31' })]);
  }, 120_000);

  it('picks up a dispute recorded later in the recouvrement tables, though the entry itself did not change', async () => {
    // Sage's recouvrement module opens a case with a litige unknown to P_LITIGE and puts FA00002 in it;
    // F_ECRITUREC is untouched (its cbModification stays 2026-03-30 09:00).
    await sageClient.query("INSERT INTO dbo.F_DRECOUVREMENT (DR_Num, CT_Num, DR_Statut, DR_DateDebut, DR_DateFin, N_Litige, DR_Resume, DR_Commentaire, cbModification) VALUES ('DR0003', 'C001', 0, '2026-03-31', '1900-01-01', 2, 'Prix contesté', '', '2026-03-31 18:30:00')");
    await sageClient.query("INSERT INTO dbo.F_DRECOUVREMENTEC (DR_Num, EC_No, EC_DateTiersDouteux, cbModification) VALUES ('DR0003', $1, '1900-01-01', '2026-03-31 18:30:00')", [await findEcNo(sageClient, 'FA00002')]);

    clock.advance(3_600_000);
    const report = await sync();
    expect(report.failures).toEqual([]);
    expect(written(report)).toEqual({ customers: 0, receivables: 1, payments: 0, allocations: 0 });
    const fa00002 = (await all('receivables')).find((r) => (r as Record<string, unknown>).number === 'FA00002');
    expect(fa00002).toMatchObject({ dispute: { disputed: true, reason: 'Prix contesté', since: '2026-03-31' }, erpDunningLevel: 1 });
  }, 120_000);

  it('catches, at the next sweep, a lettering made without a cbModification bump and an entry taken out of its case; lists live keys without a deleted entry', async () => {
    // Third-party SQL letters FA00020 in full and deletes the credit note AV00001, leaving cbModification alone;
    // the dispute over FA00003 is settled by taking it out of its case (the link row is deleted: no cbModification anywhere).
    await sageClient.query("UPDATE dbo.F_ECRITUREC SET EC_Lettre = 1, EC_Lettrage = 'AD', EC_MontantRegle = 300 WHERE EC_RefPiece = 'FA00020'");
    await sageClient.query('DELETE FROM dbo.F_DRECOUVREMENTEC WHERE EC_No = $1', [await findEcNo(sageClient, 'FA00003')]);
    const fa00003 = async () => (await all('receivables')).find((r) => (r as Record<string, unknown>).number === 'FA00003');
    const deleted = String(await findEcNo(sageClient, 'AV00001'));
    await sageClient.query("DELETE FROM dbo.F_ECRITUREC WHERE EC_RefPiece = 'AV00001'");
    const fa00020 = async () => (await all('receivables')).find((r) => (r as Record<string, unknown>).number === 'FA00020');

    // The last sweep ran at 18:00 and sweeps are 120 minutes apart: at 19:30 the change scan alone cannot see it.
    clock.advance(30 * 60_000);
    expect(written(await sync())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });
    expect(await fa00020()).toMatchObject({ status: 'open', openAmount: 30000 });
    expect(await fa00003()).toMatchObject({ dispute: { disputed: true } });

    clock.advance(30 * 60_000);
    const swept = await sync();
    expect(swept.failures).toEqual([]);
    expect(written(swept)).toEqual({ customers: 0, receivables: 2, payments: 0, allocations: 0 });
    expect(await fa00020()).toMatchObject({ status: 'paid', openAmount: 0 });
    expect(await fa00003()).toMatchObject({ dispute: { disputed: false, reason: null, since: null } });

    // A deleted row cannot come back as a record: the store keeps it until the deletions sweep (issue #6)
    // compares the store with the keys Sage still holds, which the connector lists.
    expect((await all('receivables')).map((r) => r.externalId)).toContain(deleted);
    const { instance } = openSource(tenant.sources[0]!, tenant, { clock, logger, resolveConnector: () => sage100Connector });
    try {
      const live = await listedKeys(instance, 'receivables');
      // What the store has and Sage no longer does: exactly the deleted entry.
      expect((await all('receivables')).map((r) => r.externalId).filter((id) => !live.includes(id))).toEqual([deleted]);
      expect(live).toContain(String(await findEcNo(sageClient, 'FA00020')));
    } finally {
      await instance.close();
    }
  }, 120_000);

  it('names the Sage version it detected and what it can read', async () => {
    const { instance } = openSource(tenant.sources[0]!, tenant, { clock, logger, resolveConnector: () => sage100Connector });
    try {
      const check = await instance.testConnection();
      expect(check.ok).toBe(true);
      expect(check.details[0]).toMatch(/^Sage 100c to 100c V2 \(schema 19-20\) at ODBC Driver=\{PostgreSQL Unicode\}.*\(odbc\)$/);
      expect(check.details.join('\n')).toMatch(/cbModification smalldatetime, dates smalldatetime, DO_Piece 9/);
      expect(check.details.join('\n')).toMatch(/15 customers readable/);
      expect(check.details.join('\n')).toMatch(/write-back: none \(read-only\)/);
      expect(check.details.join('\n')).toMatch(/recouvrement: disputes read from F_DRECOUVREMENT\/F_DRECOUVREMENTEC \(reasons from P_LITIGE\), promises to pay from F_DRECOUVREMENTIV/);
    } finally {
      await instance.close();
    }
  });
});

async function findEcNo(client: Client, ref: string): Promise<number> {
  const r = await client.query('SELECT EC_No AS n FROM dbo.F_ECRITUREC WHERE EC_RefPiece = $1', [ref]);
  return r.rows[0].n as number;
}
