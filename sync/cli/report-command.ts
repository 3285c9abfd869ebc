import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { DsoMethod } from '../../core/kpi/dso-method';
import { exchangeRatesSchema, type ExchangeRates } from '../../core/money/exchange-rates';
import { openStore } from '../../core/store/open-store';
import { today } from '../../core/time/local-date';
import { buildPortfolioReport, type ReportGroup, type ReportTenant } from '../report/portfolio-report';
import { reportCsv, reportJson } from '../report/report-figures';
import { selectGroup } from '../report/report-group';
import { reportHtml } from '../report/report-html';
import { consolidationDsoMethod, reportTenantFrom, unconfiguredReportTenant } from '../report/report-tenant';
import { reportTable } from '../report/report-table';
import { loadWholeConfig } from './cli-config';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { dateOption } from './plan-command';
import { createProgressReporter } from './progress-reporter';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge report`. */
export interface ReportOptions {
  /** One tenant. */
  tenant?: string;
  /** Every tenant, and their consolidation. */
  all?: boolean;
  /** A group of companies of firm.yaml's `groups`: its members and their consolidation. */
  group?: string;
  /** table, csv, json or html. */
  format: 'table' | 'csv' | 'json' | 'html';
  /** Write the report to this file instead of stdout. */
  out?: string;
  /** The report's day (YYYY-MM-DD); today by default. */
  date?: string;
  /** total or countback, for every tenant; each tenant's `reporting.dsoMethod` when absent. */
  dsoMethod?: DsoMethod;
  /** Months of sales the total method divides by. */
  dsoWindowMonths: string;
  /** Weeks of cash forecast. */
  forecastWeeks: string;
  /** Days after a reminder within which a payment counts as collected by it. */
  collectionWindow: string;
  /** Reporting currency for converted figures. */
  currency?: string;
  /** CUR=rate pairs: one CUR is worth rate units of the reporting currency. */
  rate: string[];
  /** A YAML or JSON rate table ({ into, rates, source }). */
  rates?: string;
  /** Zone of "today" when there is no config directory. */
  timeZone: string;
}

/** `arbridge report`: portfolio KPIs of a tenant, a group of companies (firm.yaml's `groups`) or all, as a table, CSV, JSON or a self-contained HTML page. */
export async function runReport(global: GlobalOptions, ctx: CliContext, opts: ReportOptions): Promise<number> {
  if ([opts.tenant, opts.all, opts.group].filter(Boolean).length !== 1) {
    print(ctx.err, 'report: say which tenant (--tenant T), group (--group G) or --all, one of them');
    return exitCodes.badConfig;
  }
  const date = dateOption(ctx, opts.date);
  if (date === null) return exitCodes.badConfig;
  let rates = ratesOption(ctx, opts);
  if (rates === null) return exitCodes.badConfig;
  const numbers = { dsoWindowMonths: Number(opts.dsoWindowMonths), forecastWeeks: Number(opts.forecastWeeks), collectionWindowDays: Number(opts.collectionWindow) };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < 1) {
      print(ctx.err, `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: expected a whole number from 1`);
      return exitCodes.badConfig;
    }
  }
  let tenants: ReportTenant[] | null = null;
  let zone = opts.timeZone;
  let group: ReportGroup | undefined;
  let firmMethod: DsoMethod = 'total';
  if (existsSync(global.config)) {
    const config = loadWholeConfig(global, ctx);
    if (!config) return exitCodes.badConfig;
    firmMethod = config.firm.defaults.reporting?.dsoMethod ?? firmMethod;
    if (opts.group) {
      const selection = selectGroup(config.firm, config.tenants, opts.group, opts.dsoMethod);
      if ('problem' in selection) {
        print(ctx.err, `report: ${selection.problem}`);
        return exitCodes.badConfig;
      }
      ({ group, tenants } = selection);
      rates ??= selection.rates;
    } else {
      const selected = opts.tenant ? config.tenants.filter((t) => t.id === opts.tenant) : config.tenants;
      if (selected.length === 0) {
        print(ctx.err, `${global.config}: no tenant "${opts.tenant}" (known: ${config.tenants.map((t) => t.id).join(', ') || 'none'})`);
        return exitCodes.badConfig;
      }
      tenants = selected.map((t) => reportTenantFrom(t, opts.dsoMethod));
    }
    const first = tenants[0]?.id;
    zone = config.tenants.find((t) => t.id === first)?.timeZone ?? zone;
  } else if (opts.group) {
    print(ctx.err, `report: --group needs a config directory whose firm.yaml defines groups; there is none at ${global.config}`);
    return exitCodes.badConfig;
  }
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    tenants ??= (opts.all ? await store.listTenantIds() : [opts.tenant as string]).map((id) => unconfiguredReportTenant(id, opts.dsoMethod));
    if (tenants.length === 0) {
      print(ctx.err, `no tenant has been synced into the ${store.backend} store yet`);
      return exitCodes.badConfig;
    }
    const progress = createProgressReporter(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, 'report');
    const report = await buildPortfolioReport(store, tenants, {
      // One day for the whole report, so that tenants consolidate over the same periods.
      asOf: date ?? today(ctx.clock, zone),
      dsoMethod: opts.dsoMethod ?? consolidationDsoMethod(tenants, firmMethod),
      ...numbers,
      ...(rates ? { rates } : {}),
      ...(group ? { group } : {}),
      onTenant: (done, total, id) => progress.update(done, total, id),
    });
    progress.finish();
    const text =
      opts.format === 'json' ? JSON.stringify(reportJson(report), null, 2) + '\n' : opts.format === 'csv' ? reportCsv(report) : opts.format === 'html' ? reportHtml(report) : reportTable(report) + '\n';
    if (opts.out) {
      writeFileSync(opts.out, text);
      print(ctx.out, `report written to ${opts.out}`);
    } else {
      ctx.out.write(text);
    }
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}

/** The rate table from --rates and --rate/--currency; undefined without any; null (printed) when wrong. */
function ratesOption(ctx: CliContext, opts: ReportOptions): ExchangeRates | undefined | null {
  if (!opts.rates && opts.rate.length === 0 && !opts.currency) return undefined;
  let table: Record<string, unknown> = {};
  if (opts.rates) {
    try {
      table = parseYaml(readFileSync(opts.rates, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      print(ctx.err, `--rates: cannot read ${opts.rates}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
  const rates: Record<string, string> = { ...((table.rates as Record<string, string> | undefined) ?? {}) };
  for (const pair of opts.rate) {
    const [currency, rate] = pair.split('=');
    if (!currency || rate === undefined) {
      print(ctx.err, `--rate: expected CUR=rate such as USD=0.9215, found "${pair}"`);
      return null;
    }
    rates[currency.toUpperCase()] = rate;
  }
  const parsed = exchangeRatesSchema.safeParse({ ...table, into: opts.currency ?? table.into, rates });
  if (!parsed.success) {
    print(ctx.err, parsed.error.issues.map((i) => `rates ${i.path.join('.') || ''}: ${i.message}`).join('\n'));
    return null;
  }
  return parsed.data;
}
