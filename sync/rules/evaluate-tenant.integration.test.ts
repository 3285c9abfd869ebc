import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AnyStreamRecord, StreamName } from '../../core/model';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { tenantConfigSchema } from '../../config/tenant-config';
import { createRecordFactory } from '../../test/factories/record-factory';
import { evaluateTenant } from './evaluate-tenant';

/** The evaluate step against PostgreSQL: assignments stored with rule and inputs, hysteresis across runs, staleness. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `arbridge_test_${randomBytes(6).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const tenant = tenantConfigSchema.parse({
  id: 'hyst',
  name: 'Hysteresis SA',
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  sources: [{ id: 'erp', type: 'odoo', connection: {} }],
  collections: { hysteresis: 0.1, rules: [{ id: 'slow', priority: 1, when: { field: 'dso', gte: 60 }, plan: 'strict' }] },
});
const f = createRecordFactory({ tenantId: 'hyst', seed: 1 });
const asOf = '2026-06-30';
let store: Store;
let version = 0;

/** Stores records as one completed sync run at `at` (newer sourceUpdatedAt each time, so they replace). */
async function sync(stream: StreamName, records: AnyStreamRecord[], at: string) {
  version += 1;
  const stamped = records.map((r) => ({ ...r, sourceUpdatedAt: new Date(Date.UTC(2026, 0, 1) + version * 1000).toISOString() }));
  await store.savePage({ tenantId: 'hyst', sourceId: 'erp', stream, records: stamped, quarantined: [], cursor: null, at: new Date(at), completesRun: true });
}

/** Customer 1's ledger: one open overdue invoice of 1,000.00 and paid sales that put DSO exactly at `dso`. */
async function ledgerWithDso(dso: number, at: string) {
  const open = f.receivable(1, { customerExternalId: 'C00001', issueDate: '2026-04-11', dueDate: '2026-05-11', amount: 100_000, amountCompany: 100_000, openAmount: 100_000, openAmountCompany: 100_000 });
  const paidAmount = Math.round((100_000 * 90) / dso) - 100_000;
  const paid = f.receivable(2, { customerExternalId: 'C00001', issueDate: '2026-06-01', dueDate: '2026-06-15', amount: paidAmount, amountCompany: paidAmount, openAmount: 0, openAmountCompany: 0, status: 'paid' });
  for (const stream of ['customers', 'payments'] as const) await sync(stream, stream === 'customers' ? [f.customer(1)] : [], at);
  await sync('receivables', [open, paid], at);
  await sync('allocations', [f.allocation(2, { receivableExternalId: paid.externalId, allocatedOn: '2026-06-14', amountCompany: paidAmount })], at);
}

const evaluate = (at: string, saveAssignments = true) => evaluateTenant({ store, tenant, asOf, at: new Date(at), saveAssignments });

beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  store = await openStore({ databaseUrl: url.toString(), dataDir: '' });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}, 60_000);

describe('the evaluate step', () => {
  it('assigns by rule, stores the rule and inputs, and holds the plan near the threshold (hysteresis)', async () => {
    await ledgerWithDso(62, '2026-06-30T06:00:00Z');
    const first = await evaluate('2026-06-30T07:00:00Z');
    expect(first.plans).toEqual({ strict: 1 });
    const stored = await store.getPlanAssignment('hyst', 'erp', 'C00001');
    expect(stored).toMatchObject({ planId: 'strict', ruleId: 'slow', since: '2026-06-30T07:00:00.000Z', inputs: { dso: 62, heldByHysteresis: false, asOf } });

    // DSO falls to 57: below the rule's 60 but within its 10% margin: the customer stays on strict.
    await ledgerWithDso(57, '2026-07-01T06:00:00Z');
    const second = await evaluate('2026-07-01T07:00:00Z');
    expect(second.plans).toEqual({ strict: 1 });
    expect(second.planChanges).toBe(0);
    expect(await store.getPlanAssignment('hyst', 'erp', 'C00001')).toMatchObject({ planId: 'strict', since: '2026-06-30T07:00:00.000Z', inputs: { dso: 57, heldByHysteresis: true } });

    // DSO 50: past the margin: back to the default plan, since restarts.
    await ledgerWithDso(50, '2026-07-02T06:00:00Z');
    const third = await evaluate('2026-07-02T07:00:00Z');
    expect(third.plans).toEqual({ standard: 1 });
    expect(third.planChanges).toBe(1);
    expect(await store.getPlanAssignment('hyst', 'erp', 'C00001')).toMatchObject({ planId: 'standard', ruleId: null, since: '2026-07-02T07:00:00.000Z' });
  }, 60_000);

  it('plans the due step from fresh data, holds everything back from stale data, and a preview stores nothing', async () => {
    const fresh = await evaluate('2026-07-02T08:00:00Z');
    expect(fresh.stale).toEqual([]);
    expect(fresh.actions.map((a) => [a.customerKey.externalId, a.planId, a.stepId])).toEqual([['C00001', 'standard', 'formal-notice']]); // 50 days past due
    expect(fresh.dueAt).toBe('2026-06-30T07:00:00.000Z'); // 09:00 in Paris on asOf

    const before = await store.listPlanAssignments('hyst');
    const stale = await evaluate('2026-07-03T09:00:00Z', false); // 27 h after the last complete sync, limit 26 h
    expect(stale.stale).toEqual([{ sourceId: 'erp', lastSuccessAt: '2026-07-02T06:00:00.000Z' }]);
    expect(stale.actions).toEqual([]);
    expect(stale.heldBack).toBe(1);
    expect(await store.listPlanAssignments('hyst')).toEqual(before);
  }, 60_000);
});
