import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { agedBalance, type AgedItem } from '../../core/kpi/aged-balance';
import { formatMoney } from '../../core/money/money';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { daysBetween, today, type LocalDate } from '../../core/time/local-date';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import type { OdooVersion } from '../../connectors/odoo/fake-server/odoo-version';
import { syncTenant } from '../pipeline/sync-tenant';
import { evaluateTenant } from '../rules/evaluate-tenant';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { storeOptionsFrom } from './store-options';
import { printSyncReport } from './sync-command';
import { renderTable } from './table';

/** Options of `arbridge demo`. */
export interface DemoOptions {
  /** Seed of the generated company: the same seed gives the same figures. */
  seed: number;
  customers: number;
  invoices: number;
  /** The demo's "today"; fixed so that a figure can be compared from one run to the next. */
  asOf: LocalDate;
  odooVersion: number;
}

const demoTenantId = 'demo';
/** The demo passes the fake server's key the way a real install does: through the environment. */
const demoKeyVariable = 'ARBRIDGE_DEMO_ODOO_API_KEY';

/**
 * `arbridge demo`, the main job on the embedded default: a fake Odoo on loopback speaking the real
 * protocol, seeded with a realistic company, synced through the real connector and pipeline into the
 * store, then a summary of what was found.
 */
export async function runDemo(global: GlobalOptions, ctx: CliContext, options: DemoOptions): Promise<number> {
  if (![16, 17, 18, 19].includes(options.odooVersion)) {
    print(ctx.err, `--odoo-version: expected 16, 17, 18 or 19, found ${options.odooVersion}`);
    return exitCodes.badConfig;
  }
  const version = options.odooVersion as OdooVersion;
  // Evening of the as-of day in Paris: every generated record is older, and "today" is the as-of day.
  const clock = new FakeClock(`${options.asOf}T17:00:00Z`);
  const company = generateCompany({ seed: options.seed, asOf: options.asOf, customers: options.customers, invoices: options.invoices, version });
  const odoo = await startFakeOdoo({ version, clock, company });
  const storeOptions = storeOptionsFrom(global, ctx.env);
  const store = await openStore(storeOptions);
  try {
    process.env[demoKeyVariable] = odoo.apiKey;
    const tenant: TenantConfig = tenantConfigSchema.parse({
      id: demoTenantId,
      name: 'Demo Industries SAS',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      // The example every collections team asks for first: slow or risky payers get the strict plan.
      collections: {
        rules: [
          { id: 'slow-or-risky', priority: 10, description: 'DSO over 60 days or high risk', when: { any: [{ field: 'dso', gte: 60 }, { field: 'riskBand', in: ['high', 'critical'] }] }, plan: 'strict' },
          { id: 'small-balances', priority: 20, description: 'small balances get emails only', when: { field: 'openAmount', lte: 300 }, plan: 'small-accounts' },
        ],
      },
      sources: [
        {
          id: 'odoo',
          type: 'odoo',
          connection: { url: odoo.url, database: odoo.db, username: odoo.login, apiKey: `env:${demoKeyVariable}`, pageSize: 500 },
        },
      ],
    });
    const where = storeOptions.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded store in ${resolve(storeOptions.dataDir)}`;
    print(
      ctx.out,
      `arbridge demo: a fake Odoo ${version}.0 at ${odoo.url} serves "${tenant.name}" (seed ${options.seed}: ` +
        `${company.stats.customers} customers, ${company.stats.invoices} invoices, ${company.stats.creditNotes} credit notes, ${company.stats.payments} payments over 18 months).`,
      `Syncing it through the Odoo connector into ${where}…`,
      '',
    );
    const report = await syncTenant({ store, tenant, clock, logger: ctx.logger, signal: ctx.signal });
    printSyncReport(ctx.out, report);
    if (report.failures.length > 0) return exitCodes.failed;
    print(ctx.out, '');
    const asOf = today(clock, tenant.timeZone);
    await printPortfolio(ctx.out, store, tenant, asOf);
    // The rules in action: plans assigned by the tenant's rules and the reminders due today (nothing is sent).
    const evaluation = await evaluateTenant({ store, tenant, asOf, at: clock.now(), saveAssignments: true });
    const plans = Object.entries(evaluation.plans).map(([plan, n]) => `${plan} ${n}`).join(', ');
    const byChannel = new Map<string, number>();
    for (const a of evaluation.actions) byChannel.set(a.channel, (byChannel.get(a.channel) ?? 0) + 1);
    print(
      ctx.out,
      '',
      `Dunning plans from the tenant's rules (DSO over 60 days or high risk → strict; small balances → emails only): ${plans}.`,
      `Due on ${asOf}: ${evaluation.actions.length} reminder(s) (${[...byChannel].map(([c, n]) => `${n} ${c}`).join(', ') || 'none'}); nothing is sent by the demo.`,
    );
    const configDir = writeDemoConfig(storeOptions.dataDir, tenant);
    const dirFlag = `${storeOptions.databaseUrl ? '' : ` --data-dir ${global.dataDir}`} --config ${configDir}`;
    print(
      ctx.out,
      '',
      'What next:',
      `  npx arbridge status${dirFlag}   cursors, counts and quarantined rows per stream`,
      `  npx arbridge plan --tenant demo --date ${options.asOf}${dirFlag}   the reminders that would go out that day, and why (nothing is sent)`,
      `  npx arbridge explain --tenant demo --customer <id> --date ${options.asOf}${dirFlag}   one customer's metrics, risk, rule, plan and next step`,
      '  npm run demo                                    again: an incremental sync that stores nothing twice',
      '  cp -r config/examples/demo arbridge             then edit arbridge/tenants/demo.yaml for your own Odoo,',
      '  npx arbridge check --config arbridge            validate it and test the connection (README: "Using it on your ERP")',
    );
    return report.interrupted ? exitCodes.failed : exitCodes.ok;
  } finally {
    delete process.env[demoKeyVariable];
    await store.close();
    await odoo.close();
  }
}

/**
 * Leaves the demo tenant's settings as a real config directory beside its store, so that `plan`,
 * `explain` and `status` read the same rules the demo used. The source is written disabled: the fake
 * Odoo stops with the demo, and a disabled source is neither connected to nor checked.
 */
function writeDemoConfig(dataDir: string, tenant: TenantConfig): string {
  const dir = join(dataDir, 'config');
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  const file = {
    ...tenant,
    sources: tenant.sources.map((s) => ({ ...s, connection: { ...s.connection }, enabled: false })),
  };
  writeFileSync(
    join(dir, 'tenants', `${tenant.id}.yaml`),
    `# Written by \`arbridge demo\`: the demo tenant as it was synced. Its fake Odoo ran only during the demo,\n# so the source is disabled; copy config/examples/demo for a tenant of your own.\n${stringify(file)}`,
  );
  return dir;
}

/** Open and overdue amounts, the aged balance and the customers most overdue, from the store. */
async function printPortfolio(out: NodeJS.WritableStream, store: Store, tenant: TenantConfig, asOf: LocalDate): Promise<void> {
  const counts = await store.counts(tenant.id);
  const agedItems: AgedItem[] = [];
  const openByCurrency = new Map<string, { open: number; overdue: number; items: number }>();
  const overdueByCustomer = new Map<string, { sourceId: string; amount: number; oldestDays: number }>();
  for await (const r of store.iterateReceivables(tenant.id, { openOnly: true })) {
    agedItems.push({ dueDate: r.dueDate, openAmount: r.openAmountCompany, currency: r.companyCurrency });
    const late = daysBetween(r.dueDate, asOf);
    const byCurrency = openByCurrency.get(r.currency) ?? { open: 0, overdue: 0, items: 0 };
    byCurrency.open += r.openAmount;
    byCurrency.items += 1;
    if (late > 0) byCurrency.overdue += r.openAmount;
    openByCurrency.set(r.currency, byCurrency);
    if (late > 0) {
      const c = overdueByCustomer.get(r.customerExternalId) ?? { sourceId: r.sourceId, amount: 0, oldestDays: 0 };
      c.amount += r.openAmountCompany;
      c.oldestDays = Math.max(c.oldestDays, late);
      overdueByCustomer.set(r.customerExternalId, c);
    }
  }
  print(
    out,
    `In the store: ${counts.customers} customers, ${counts.receivables} receivables (installments), ${counts.payments} payments, ` +
      `${counts.allocations} allocations, ${counts.quarantined} quarantined rows.`,
    '',
    `Open receivables as of ${asOf} (${tenant.timeZone}), by transaction currency:`,
  );
  for (const [currency, t] of [...openByCurrency].sort(([a], [b]) => a.localeCompare(b))) {
    print(out, `  ${currency}: ${formatMoney({ amount: t.open, currency })} open in ${t.items} items, of which ${formatMoney({ amount: t.overdue, currency })} overdue`);
  }
  const aged = agedBalance(agedItems, asOf, tenant.currency);
  print(
    out,
    '',
    `Aged balance in ${tenant.currency} (company currency; credits net in their bucket):`,
    renderTable(
      ['days past due', 'items', 'amount'],
      [...aged.buckets.map((b) => [b.label, String(b.count), formatMoney({ amount: b.amount, currency: aged.currency })]), ['total', String(agedItems.length), formatMoney({ amount: aged.total, currency: aged.currency })]],
    ),
  );
  const worst = [...overdueByCustomer].sort(([, a], [, b]) => b.amount - a.amount).slice(0, 5);
  const rows: string[][] = [];
  for (const [externalId, c] of worst) {
    const customer = await store.getCustomer(tenant.id, c.sourceId, externalId);
    rows.push([customer?.name ?? externalId, formatMoney({ amount: c.amount, currency: tenant.currency }), String(c.oldestDays)]);
  }
  if (rows.length > 0) print(out, '', 'Most overdue customers:', renderTable(['customer', 'overdue', 'oldest (days)'], rows));
}
