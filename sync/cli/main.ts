import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createCliContext, exitCodes, type CliContext, type GlobalOptions } from './cli-context';
import { runCheck } from './check-command';
import { runSync } from './sync-command';
import { runStatus } from './status-command';
import { runWorker, type WorkerOptions } from './worker-command';
import { runScheduler, type SchedulerOptions } from './scheduler-command';
import { runRun, type RunOptions } from './run-command';
import { metricsHostOption, metricsPortOption } from './metrics-endpoint';
import { runDemo } from './demo-command';
import { runPlan, type PlanOptions } from './plan-command';
import { runExplain, type ExplainOptions } from './explain-command';
import { runDispatch } from './dispatch-command';
import { runActions, type ActionsOptions } from './actions-command';
import { runApprove } from './approve-command';
import { runResolve, type ResolveOptions } from './resolve-command';
import { runPreview, type PreviewOptions } from './preview-command';
import { runReport, type ReportOptions } from './report-command';
import { runServe, type ServeOptions } from './serve-command';

/** Builds the `arbridge` program; `overrides` lets tests capture output and inject a clock. */
export function buildProgram(overrides: Partial<CliContext> = {}, onExit: (code: number) => void = () => undefined): Command {
  const program = new Command('arbridge')
    .description('Accounts-receivable collections attached to your ERP (Odoo, Sage 100, SAP).')
    .option('-c, --config <dir>', 'configuration directory (firm.yaml, tenants/*.yaml)', process.env.ARBRIDGE_CONFIG ?? 'arbridge')
    .option('-d, --data-dir <dir>', 'embedded store directory, used when DATABASE_URL is not set', process.env.ARBRIDGE_DATA_DIR ?? '.arbridge/data')
    .option('--log-level <level>', 'error, warn, info or debug', process.env.ARBRIDGE_LOG_LEVEL ?? 'warn')
    .addOption(new Option('--log-format <format>', 'json for log collectors, pretty for a terminal').choices(['json', 'pretty']).default(process.stderr.isTTY ? 'pretty' : 'json'))
    .showHelpAfterError();

  const context = (): { global: GlobalOptions; ctx: CliContext } => {
    const global = program.opts<GlobalOptions>();
    return { global, ctx: createCliContext(global, overrides) };
  };
  /** Wraps a command so that it gets the global options and context and reports its exit code. */
  const run =
    <O>(command: (global: GlobalOptions, ctx: CliContext, opts: O) => Promise<number>) =>
    async (opts: O): Promise<void> => {
      const { global, ctx } = context();
      onExit(await command(global, ctx, opts));
    };

  program
    .command('check')
    .description('validate the configuration and test every connection; exit code 2 on a problem')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('--offline', 'validate the files only, do not connect')
    .action(run((global, ctx, opts: { tenant?: string; offline?: boolean }) => runCheck(global, ctx, opts)));

  program
    .command('sync')
    .description('pull every enabled source of every tenant (or one) into the store')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('-s, --source <id>', 'only this source')
    .option('--sweep', 'then mark the records the ERP no longer has as deleted (deletions sweep)')
    .action(run((global, ctx, opts: { tenant?: string; source?: string; sweep?: boolean }) => runSync(global, ctx, opts)));

  program
    .command('status')
    .description('per tenant and stream: last success, cursor, counts and quarantined rows')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('--json', 'machine-readable output')
    .action(run((global, ctx, opts: { tenant?: string; json?: boolean }) => runStatus(global, ctx, opts)));

  program
    .command('worker')
    .description('run sync, evaluate and dispatch jobs from Redis (REDIS_URL) until SIGTERM, which finishes the page in hand')
    .option('--concurrency <n>', 'jobs of each step run at once by this process', '2')
    .addOption(metricsPortOption()).addOption(metricsHostOption())
    .action(run((global, ctx, opts: WorkerOptions) => runWorker(global, ctx, opts)));

  program
    .command('scheduler')
    .description('make the schedules in Redis match the config (one per tenant, its cron in its zone), then exit')
    .option('--now', 'also enqueue a sync of every tenant now')
    .action(run((global, ctx, opts: SchedulerOptions) => runScheduler(global, ctx, opts)));

  program
    .command('run')
    .description('without Redis: sync, evaluate and dispatch each tenant in this process at its scheduled times, until stopped')
    .option('--once', 'run every tenant once now and exit')
    .addOption(metricsPortOption()).addOption(metricsHostOption())
    .action(run((global, ctx, opts: RunOptions) => runRun(global, ctx, opts)));

  program
    .command('demo')
    .description('start a fake Odoo with a seeded company on loopback, sync it into the embedded store and show what was found')
    .option('--seed <n>', 'seed of the generated company', '42')
    .option('--customers <n>', 'number of customers', '300')
    .option('--invoices <n>', 'number of invoices over 18 months', '4000')
    .option('--as-of <date>', 'the demo’s "today" (YYYY-MM-DD), fixed so that figures compare run to run', '2026-11-20')
    .option('--odoo-version <v>', 'Odoo version the fake server speaks: 16, 17, 18 or 19', '17')
    .action(
      run((global, ctx, opts: DemoFlags) => {
        // The demo keeps its own store unless told otherwise, so it never mixes with a real one.
        const dataDir = program.getOptionValueSource('dataDir') === 'default' ? '.arbridge/demo' : global.dataDir;
        return runDemo({ ...global, dataDir }, ctx, parseDemoFlags(opts));
      }),
    );

  program
    .command('plan')
    .description('evaluate a tenant and list what would go out on a day, and why, without sending anything')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .option('--date <date>', 'the day to plan for (YYYY-MM-DD), today in the tenant’s zone by default; another day stores nothing')
    .option('--json', 'machine-readable output')
    .option('--time-zone <zone>', 'tenant zone when there is no config directory (after `arbridge demo`)', 'Europe/Paris')
    .option('--currency <code>', 'company currency when there is no config directory', 'EUR')
    .action(run((global, ctx, opts: PlanOptions) => runPlan(demoDataDir(global), ctx, opts)));

  program
    .command('explain')
    .description('a customer’s metrics, risk, the rule that matched, its plan and the next step with its date')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .requiredOption('--customer <id>', 'the customer’s ERP id')
    .option('-s, --source <id>', 'the source, when several hold the id')
    .option('--date <date>', 'the day to explain (YYYY-MM-DD), today in the tenant’s zone by default')
    .option('--time-zone <zone>', 'tenant zone when there is no config directory (after `arbridge demo`)', 'Europe/Paris')
    .option('--currency <code>', 'company currency when there is no config directory', 'EUR')
    .action(run((global, ctx, opts: ExplainOptions) => runExplain(demoDataDir(global), ctx, opts)));

  program
    .command('report')
    .description('portfolio KPIs (DSO, best possible DSO, ADD, CEI, aged balance, disputes, trend, forecast, collection rate) of a tenant, a group of companies or all')
    .option('-t, --tenant <id>', 'one tenant')
    .option('--all', 'every tenant, and their consolidation')
    .option('-g, --group <id>', 'a group of companies from firm.yaml’s groups: its members, consolidated in its currency')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'html']).default('table'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--date <date>', 'the report’s day (YYYY-MM-DD), today by default')
    .addOption(new Option('--dso-method <method>', 'DSO method, for every tenant (default: each tenant’s reporting.dsoMethod, total when unset)').choices(['total', 'countback']))
    .option('--dso-window-months <n>', 'months of sales the total method divides by', '3')
    .option('--forecast-weeks <n>', 'weeks of cash forecast', '13')
    .option('--collection-window <days>', 'days after a reminder within which a payment counts as collected by it', '30')
    .option('--currency <code>', 'reporting currency of the converted figures')
    .option('--rate <CUR=rate>', 'one CUR is worth rate units of the reporting currency (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--rates <file>', 'rate table as YAML or JSON: { into, rates: { USD: "0.9215" }, source }')
    .option('--time-zone <zone>', 'zone of "today" when there is no config directory', 'Europe/Paris')
    .action(run((global, ctx, opts: ReportOptions) => runReport(demoDataDir(global), ctx, opts)));

  program
    .command('dispatch')
    .description('evaluate a tenant, put what is due in the outbox and send it (re-checked in the ERP, within the sending window)')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .action(run((global, ctx, opts: { tenant: string }) => runDispatch(global, ctx, opts)));

  program
    .command('actions')
    .description('list the outbox of a tenant: status, attempts and why; --status unknown lists what a person must resolve')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .option('--status <status>', 'only this status (planned, awaiting_approval, dispatching, sent, failed, skipped, cancelled, unknown)')
    .option('--json', 'machine-readable output')
    .action(run((global, ctx, opts: ActionsOptions) => runActions(global, ctx, opts)));

  program
    .command('approve <actionId>')
    .description('approve an action awaiting approval (formal notice, litigation); it goes out with the next dispatch')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .action((actionId: string, opts: { tenant: string }) => run((global, ctx, o: { tenant: string }) => runApprove(global, ctx, actionId, o))(opts));

  program
    .command('resolve <actionId>')
    .description('settle an action whose outcome a crash hid: --sent if it reached the customer, --resend if not')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .option('--sent', 'it reached the customer')
    .option('--resend', 'it did not: send it again')
    .action((actionId: string, opts: ResolveOptions) => run((global, ctx, o: ResolveOptions) => runResolve(global, ctx, actionId, o))(opts));

  program
    .command('preview')
    .description('render a template as a customer would receive it (subject, text part; --html for the HTML part), sending nothing')
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .requiredOption('--template <id>', 'the template (first-reminder, formal-notice, thank-you, ...)')
    .addOption(new Option('--lang <lang>', 'the language version').choices(['fr', 'en']))
    .option('--customer <id>', 'a customer’s ERP id: its open receivables from the store instead of a sample')
    .option('--html', 'also print the HTML part')
    .action(run((global, ctx, opts: PreviewOptions) => runPreview(global, ctx, opts)));

  program
    .command('serve')
    .description('health, readiness, Prometheus metrics, a JSON API (bearer token) and the HTML reports, until stopped')
    .option('-p, --port <port>', 'TCP port (0: any free port)', '9464')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--token <ref>', 'the API token: env:NAME or file:path', 'env:ARBRIDGE_API_TOKEN')
    .option('--time-zone <zone>', 'zone of "today" when there is no config directory', 'Europe/Paris')
    .addOption(new Option('--dso-method <method>', 'DSO method of the KPIs served, for every tenant (default: each tenant’s reporting.dsoMethod, total when unset)').choices(['total', 'countback']))
    .action(run((global, ctx, opts: ServeOptions) => runServe(demoDataDir(global), ctx, opts)));

  /** `plan` and `explain` read the demo's store when there is no config directory and no --data-dir. */
  function demoDataDir(global: GlobalOptions): GlobalOptions {
    const defaultDir = program.getOptionValueSource('dataDir') === 'default';
    return defaultDir && !existsSync(global.config) && !existsSync(global.dataDir) ? { ...global, dataDir: '.arbridge/demo' } : global;
  }

  return program;
}

interface DemoFlags {
  seed: string;
  customers: string;
  invoices: string;
  asOf: string;
  odooVersion: string;
}

function parseDemoFlags(flags: DemoFlags): { seed: number; customers: number; invoices: number; asOf: string; odooVersion: number } {
  return {
    seed: Number(flags.seed),
    customers: Number(flags.customers),
    invoices: Number(flags.invoices),
    asOf: flags.asOf,
    odooVersion: Number(flags.odooVersion),
  };
}

/**
 * The CLI entry point used by bin/arbridge.js; resolves to the exit code. SIGTERM and SIGINT abort the
 * command's signal. `overrides` is for tests (a fixed clock).
 */
export async function main(argv: string[], overrides: Partial<Omit<CliContext, 'signal'>> = {}): Promise<number> {
  let code: number = exitCodes.ok;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await buildProgram({ ...overrides, signal: controller.signal }, (c) => (code = c)).parseAsync(argv);
  } catch (error) {
    process.stderr.write(`arbridge: ${error instanceof Error ? error.message : String(error)}\n`);
    code = exitCodes.failed;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  return code;
}
