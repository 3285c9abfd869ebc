import { resolve } from 'node:path';
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
    await printPortfolio(ctx.out, store, tenant, today(clock, tenant.timeZone));
    const dirFlag = storeOptions.databaseUrl ? '' : ` --data-dir ${global.dataDir}`;
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
