import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../core/store/open-store';
import { FakeClock } from '../../core/time/clock';
import type { TenantEvaluation } from '../../sync/rules/evaluate-tenant';
import { runCli } from './run-cli';

/**
 * `arbridge plan` and `arbridge explain` on the demo's data: a seeded fake Odoo synced into a scratch
 * embedded store, then evaluated with a tenant file holding the "DSO over 60 or risk high → strict" rule.
 */
const root = mkdtempSync(join(tmpdir(), 'arbridge-plan-'));
const dataDir = join(root, 'data');
const configDir = join(root, 'config');
const syncedAt = '2026-11-20T17:30:00Z';
const keyVariable = 'ARBRIDGE_PLAN_TEST_ODOO_KEY';

const tenantFile = `id: demo
name: Demo Industries SAS
timeZone: Europe/Paris
currency: EUR
sources:
  - id: odoo
    type: odoo
    connection: { url: "http://127.0.0.1:9", database: demo, username: bot@example.com, apiKey: "env:${keyVariable}" }
collections:
  risk:
    erpRiskCodes: { good: 0, normal: 30, bad: 100 }
  rules:
    - id: slow-or-risky
      priority: 10
      description: DSO over 60 days or high risk
      when:
        any:
          - { field: dso, gte: 60 }
          - { field: riskBand, in: [high, critical] }
      plan: strict
    - id: small-balances
      priority: 20
      when: { field: openAmount, lte: 300 }
      plan: small-accounts
`;

const cli = (args: string[], at: string = syncedAt) => runCli(['--data-dir', dataDir, '--config', configDir, ...args], { clock: new FakeClock(at) });

async function planJson(args: string[] = [], at?: string): Promise<TenantEvaluation> {
  const run = await cli(['plan', '--tenant', 'demo', '--json', ...args], at);
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as TenantEvaluation;
}

beforeAll(async () => {
  process.env[keyVariable] = 'not-used-by-plan';
  const demo = await runCli(['--data-dir', dataDir, '--config', join(root, 'none'), 'demo', '--customers', '60', '--invoices', '700', '--as-of', '2026-11-20'], {
    clock: new FakeClock(syncedAt),
  });
  expect(demo.code).toBe(0);
  mkdirSync(join(configDir, 'tenants'), { recursive: true });
  writeFileSync(join(configDir, 'tenants', 'demo.yaml'), tenantFile);
}, 180_000);

afterAll(() => {
  delete process.env[keyVariable];
  rmSync(root, { recursive: true, force: true });
});

describe('arbridge plan', () => {
  it('lists what would go out and why, one message per customer, and assigns the strict plan by rule', async () => {
    const run = await cli(['plan', '--tenant', 'demo']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/tenant demo, 2026-11-20 \(Europe\/Paris\): \d+ customers evaluated; on plans: .*strict \d+/);
    expect(run.out).toMatch(/\d+ action\(s\) would go out \(plan sends nothing\)/);
    const evaluation = await planJson();
    expect(evaluation.actions.length).toBeGreaterThan(0);
    const customers = evaluation.actions.map((a) => a.customerKey.externalId);
    expect(new Set(customers).size).toBe(customers.length);
    expect(evaluation.planChanges).toBe(0); // the first run stored them; the second agrees
  }, 60_000);

  it('plans nothing the store says is paid, disputed, blocked or netted (invariant 1 on the demo data)', async () => {
    const evaluation = await planJson();
    const store = await openStore({ dataDir });
    try {
      const open = new Map<string, { open: number; disputed: boolean; blocked: boolean }>();
      for await (const r of store.iterateReceivables('demo')) open.set(r.externalId, { open: r.openAmountCompany, disputed: r.dispute.disputed, blocked: r.dunningBlocked });
      for (const action of evaluation.actions) {
        for (const item of action.items) {
          const stored = open.get(item.externalId);
          expect(stored).toEqual({ open: item.openAmount, disputed: false, blocked: false });
          expect(item.amountDue).toBeGreaterThan(500); // above the 5.00 EUR default tolerance
        }
      }
      // Each assignment is stored with the rule and the inputs it saw (invariant 7).
      const strict = (await store.listPlanAssignments('demo')).filter((a) => a.planId === 'strict');
      expect(strict.length).toBeGreaterThan(0);
      for (const a of strict) {
        expect(a.ruleId).toBe('slow-or-risky');
        const inputs = a.inputs as { dso: number | null; riskBand: string; heldByHysteresis: boolean };
        expect((inputs.dso ?? 0) >= 60 || ['high', 'critical'].includes(inputs.riskBand) || inputs.heldByHysteresis).toBe(true);
      }
    } finally {
      await store.close();
    }
  }, 60_000);

  it('gives the same action ids however often it runs (invariant 2)', async () => {
    const first = await planJson();
    const second = await planJson();
    expect(second.actions.map((a) => a.id)).toEqual(first.actions.map((a) => a.id));
  }, 60_000);

  it('plans nothing from data older than the staleness limit', async () => {
    const run = await cli(['plan', '--tenant', 'demo'], '2026-11-22T17:31:00Z'); // 48 h after the sync, limit 26 h
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/nothing would go out: data older than the 26 h staleness limit from odoo \(last complete sync 2026-11-20T17:00:00.000Z\); \d+ action\(s\) held back/);
  }, 60_000);

  it('a what-if --date stores nothing; a bad --date is refused', async () => {
    const store = await openStore({ dataDir });
    const before = await store.listPlanAssignments('demo');
    await store.close();
    const later = await planJson(['--date', '2026-11-21']);
    expect(later.asOf).toBe('2026-11-21');
    const reopened = await openStore({ dataDir });
    expect(await reopened.listPlanAssignments('demo')).toEqual(before);
    await reopened.close();
    const bad = await cli(['plan', '--tenant', 'demo', '--date', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--date: expected a date as YYYY-MM-DD, found "2026-02-30"');
  }, 60_000);
});

describe('arbridge explain', () => {
  it('shows the metrics, the risk, the rule that matched, the plan and the next step with its date', async () => {
    const evaluation = await planJson();
    const action = evaluation.actions.find((a) => a.planId === 'strict') ?? evaluation.actions[0]!;
    const run = await cli(['explain', '--tenant', 'demo', '--customer', action.customerKey.externalId]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`[odoo/${action.customerKey.externalId}]`);
    expect(run.out).toMatch(/DSO [\d.]+ days \(total method, 90 days of sales\)/);
    expect(run.out).toMatch(/Risk \d+\/100 \((low|medium|high|critical)\)/);
    expect(run.out).toMatch(action.planId === 'strict' ? /Rule slow-or-risky \(priority 10\): DSO over 60 days or high risk matched/ : /Rule |No rule matched/);
    expect(run.out).toContain(`Plan ${action.planId}`);
    expect(run.out).toContain(`Due on 2026-11-20: step ${action.stepId}`);
    expect(run.out).toContain(action.id);
    expect(run.out).toMatch(/Next step: (\S+ on \d{4}-\d{2}-\d{2}|none)/);
  }, 60_000);

  it('says so for a customer the tenant does not have', async () => {
    const run = await cli(['explain', '--tenant', 'demo', '--customer', 'nobody']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('tenant demo: no customer "nobody"');
  }, 60_000);
});
