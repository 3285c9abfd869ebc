import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeClock } from '../../core/time/clock';
import { runCli } from '../cli/run-cli';
import { seededAsOf, seededSyncAt, seedTenantsInto } from './seeded-tenant';

/**
 * `arbridge report --group` and `reporting.dsoMethod` from the config directory, over three seeded
 * Odoo tenants: the group consolidates its members only, in its reporting currency at its rates, and
 * each tenant's DSO follows its own setting (the firm's default otherwise) unless --dso-method says.
 */
const root = mkdtempSync(join(tmpdir(), 'arbridge-group-report-'));
const dataDir = join(root, 'data');
const config = join(root, 'config');
const clock = new FakeClock(seededSyncAt);
const cli = (args: string[]) => runCli(['--data-dir', dataDir, '--config', config, 'report', '--date', seededAsOf, ...args], { clock });

interface Kpis {
  currency: string;
  dsoMethod: string;
  dso: number | null;
  dsoTotal: number | null;
  dsoCountback: number | null;
  openReceivables: number;
  notDue: number;
  pastDue: number;
  inDispute: number;
  agedBalance: Array<{ amount: number; count: number }>;
  dsoBasis: { sales: number; days: number };
}
interface ReportJson {
  group: { id: string; name: string } | null;
  tenants: Array<{ tenantId: string; byCurrency: Kpis[] }>;
  consolidated: { byCurrency: Kpis[]; converted: Kpis | null } | null;
}

const files: Record<string, string> = {
  'firm.yaml': `defaults:
  timeZone: Europe/Paris
  currency: EUR
  reporting: { dsoMethod: countback }
groups:
  north:
    name: North Group
    members: [alpha, beta]
    currency: USD
    rates: { EUR: "1.0850" }
    ratesSource: test rate
`,
  // alpha chooses the total method; beta and gamma keep the firm's countback.
  'tenants/alpha.yaml': 'reporting:\n  dsoMethod: total\n',
  'tenants/beta.yaml': '',
  'tenants/gamma.yaml': '',
  // The report never connects; the key only has to exist for the configuration to load.
  'tenants/odoo.key': 'not-a-real-key',
};

beforeAll(async () => {
  for (const [path, extra] of Object.entries(files)) {
    const id = /^tenants\/(\w+)\.yaml$/.exec(path)?.[1];
    const text = id
      ? `id: ${id}\nname: Company ${id}\nsources:\n  - { id: odoo, type: odoo, connection: { url: "https://${id}.example", database: ${id}, username: ar@${id}.example, apiKey: "file:odoo.key" } }\n${extra}`
      : extra;
    mkdirSync(dirname(join(config, path)), { recursive: true });
    writeFileSync(join(config, path), text);
  }
  await seedTenantsInto(dataDir, [
    ['alpha', 11, { customers: 30, invoices: 300 }],
    ['beta', 12, { customers: 25, invoices: 250 }],
    ['gamma', 13, { customers: 15, invoices: 150 }],
  ]);
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const json = async (args: string[]): Promise<ReportJson> => {
  const run = await cli([...args, '--format', 'json']);
  if (run.code !== 0) throw new Error(`report ${args.join(' ')} exited with ${run.code}: ${run.err}`);
  return JSON.parse(run.out) as ReportJson;
};

describe('arbridge report --group', () => {
  it('consolidates the group’s members only: its balances are the sums of their own reports, its DSO recomputed', async () => {
    const group = await json(['--group', 'north']);
    expect(group.group).toEqual({ id: 'north', name: 'North Group' });
    expect(group.tenants.map((t) => t.tenantId)).toEqual(['alpha', 'beta']);
    const own = await Promise.all(['alpha', 'beta'].map(async (t) => (await json(['--tenant', t])).tenants[0]!.byCurrency[0]!));
    const sum = (pick: (k: Kpis) => number) => own.reduce((s, k) => s + pick(k), 0);
    const whole = group.consolidated!.byCurrency[0]!;
    expect([whole.openReceivables, whole.notDue, whole.pastDue, whole.inDispute]).toEqual([sum((k) => k.openReceivables), sum((k) => k.notDue), sum((k) => k.pastDue), sum((k) => k.inDispute)]);
    expect(whole.agedBalance.map((b) => b.amount)).toEqual(whole.agedBalance.map((_, i) => sum((k) => k.agedBalance[i]!.amount)));
    expect(whole.dsoBasis.sales).toBe(sum((k) => k.dsoBasis.sales));
    // gamma is no member: the firm's --all consolidation holds more.
    const firm = (await json(['--all'])).consolidated!.byCurrency[0]!;
    expect(firm.openReceivables).toBeGreaterThan(whole.openReceivables);
    // Members disagree on the method (alpha total, beta countback): the group's DSO is the firm's method over the group's own figures.
    expect(whole.dsoMethod).toBe('countback');
    expect(whole.dso).toBe(whole.dsoCountback);
    expect(whole.dso).not.toBeCloseTo((own[0]!.dso! + own[1]!.dso!) / 2, 3);
  }, 120_000);

  it('converts into the group’s reporting currency at its rates, and titles the consolidation with its name', async () => {
    const group = await json(['--group', 'north']);
    const converted = group.consolidated!.converted!;
    expect(converted.currency).toBe('USD');
    expect(converted.openReceivables / group.consolidated!.byCurrency[0]!.openReceivables).toBeCloseTo(1.085, 4);
    const table = await cli(['--group', 'north']);
    expect(table.out).toContain('Converted into USD at 1 EUR = 1.0850 USD (test rate).');
    expect(table.out).toContain('== North Group (group north, 2 companies), consolidated');
  }, 60_000);

  it('refuses an unknown group with exit code 2, naming the group meant', async () => {
    const run = await cli(['--group', 'nort']);
    expect(run.code).toBe(2);
    expect(run.err).toBe('report: no group "nort" in firm.yaml; did you mean "north"? (groups: north)\n');
    expect(run.out).toBe('');
  }, 60_000);
});

describe('reporting.dsoMethod', () => {
  it('gives each tenant the DSO of its own method, the firm’s by default, and --dso-method overrides both', async () => {
    const [alpha, beta] = await Promise.all(['alpha', 'beta'].map(async (t) => (await json(['--tenant', t])).tenants[0]!.byCurrency[0]!));
    expect(beta!.dsoTotal).not.toBeCloseTo(beta!.dsoCountback!, 1); // the setting makes a visible difference
    expect([alpha!.dsoMethod, alpha!.dso]).toEqual(['total', alpha!.dsoTotal]);
    expect([beta!.dsoMethod, beta!.dso]).toEqual(['countback', beta!.dsoCountback]);
    const table = await cli(['--tenant', 'beta']);
    expect(table.out).toMatch(new RegExp(`DSO \\(countback\\)\\s+${beta!.dsoCountback!.toFixed(1)} days`));
    const overridden = (await json(['--tenant', 'beta', '--dso-method', 'total'])).tenants[0]!.byCurrency[0]!;
    expect([overridden.dsoMethod, overridden.dso]).toEqual(['total', beta!.dsoTotal]);
  }, 60_000);
});
