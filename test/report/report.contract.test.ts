import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { FakeClock } from '../../core/time/clock';
import { runCli } from '../cli/run-cli';
import { seededSyncAt, seedTenantsInto } from './seeded-tenant';

/**
 * `arbridge report` over three seeded tenants synced through the Odoo connector: the table, CSV and
 * JSON agree, the consolidation is the sum of the tenants where sums make sense, and the HTML page,
 * opened in headless Chromium, draws the charts with the report's figures.
 */
const root = mkdtempSync(join(tmpdir(), 'arbridge-report-'));
const dataDir = join(root, 'data');
const noConfig = join(root, 'none');
const clock = new FakeClock(seededSyncAt);
const cli = (args: string[]) => runCli(['--data-dir', dataDir, '--config', noConfig, 'report', '--date', '2026-11-20', ...args], { clock });

interface Kpis {
  currency: string;
  dso: number | null;
  openReceivables: number;
  notDue: number;
  pastDue: number;
  inDispute: number;
  agedBalance: Array<{ label: string; amount: number; count: number }>;
  cashForecast: { overdue: number; weeks: Array<{ from: string; amount: number }>; later: number };
  dsoBasis: { sales: number; days: number };
}
interface ReportJson {
  asOf: string;
  collectionRateNote: string | null;
  tenants: Array<{ tenantId: string; byCurrency: Kpis[]; converted: Kpis | null }>;
  consolidated: { byCurrency: Kpis[]; converted: Kpis | null } | null;
}

beforeAll(async () => {
  await seedTenantsInto(dataDir, [
    ['alpha', 11],
    ['beta', 12, { customers: 30, invoices: 300 }],
    ['gamma', 13, { customers: 20, invoices: 250 }],
  ]);
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('arbridge report', () => {
  let all: ReportJson;
  beforeAll(async () => {
    const run = await cli(['--all', '--format', 'json', '--currency', 'EUR', '--rate', 'USD=0.92']);
    expect(run.code).toBe(0);
    all = JSON.parse(run.out) as ReportJson;
  }, 60_000);

  it('consolidates three tenants: balances, buckets, sales and forecast are the sums of their own reports', async () => {
    expect(all.tenants.map((t) => t.tenantId)).toEqual(['alpha', 'beta', 'gamma']);
    const own = await Promise.all(['alpha', 'beta', 'gamma'].map(async (t) => (JSON.parse((await cli(['--tenant', t, '--format', 'json'])).out) as ReportJson).tenants[0]!.byCurrency[0]!));
    const firm = all.consolidated!.byCurrency[0]!;
    const sum = (pick: (k: Kpis) => number) => own.reduce((s, k) => s + pick(k), 0);
    expect(firm.openReceivables).toBe(sum((k) => k.openReceivables));
    expect([firm.notDue, firm.pastDue, firm.inDispute]).toEqual([sum((k) => k.notDue), sum((k) => k.pastDue), sum((k) => k.inDispute)]);
    expect(firm.agedBalance.map((b) => b.amount)).toEqual(firm.agedBalance.map((_, i) => sum((k) => k.agedBalance[i]!.amount)));
    expect(firm.agedBalance.map((b) => b.count)).toEqual(firm.agedBalance.map((_, i) => sum((k) => k.agedBalance[i]!.count)));
    expect(firm.dsoBasis.sales).toBe(sum((k) => k.dsoBasis.sales));
    expect(firm.cashForecast.weeks.map((w) => w.amount)).toEqual(firm.cashForecast.weeks.map((_, i) => sum((k) => k.cashForecast.weeks[i]!.amount)));
    // DSO is not a sum: it is the firm's balance over the firm's sales.
    expect(firm.dso).toBeCloseTo((firm.openReceivables / firm.dsoBasis.sales) * firm.dsoBasis.days, 10);
    expect(firm.openReceivables).toBeGreaterThan(0);
  }, 120_000);

  it('converts with the rates it names, and says the collection rate is unavailable before any reminder is sent', async () => {
    expect(all.consolidated!.converted!.openReceivables).toBe(all.consolidated!.byCurrency[0]!.openReceivables); // company currency EUR: rate 1
    expect(all.collectionRateNote).toMatch(/no reminder has been sent yet/);
    const table = await cli(['--all', '--currency', 'EUR', '--rate', 'USD=0.92']);
    expect(table.out).toContain('Converted into EUR at 1 USD = 0.92 EUR.');
    expect(table.out).toContain('Collection rate after reminders: unavailable');
    expect(table.out).toMatch(/== All 3 tenants, consolidated/);
  }, 60_000);

  it('prints the same figures as a table, as CSV and as JSON', async () => {
    const alpha = all.tenants[0]!.byCurrency[0]!;
    const table = await cli(['--tenant', 'alpha']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(new RegExp(`DSO \\(total\\)\\s+${alpha.dso!.toFixed(1)} days`));
    const csv = (await cli(['--tenant', 'alpha', '--format', 'csv'])).out.trim().split('\n');
    expect(csv[0]).toBe('scope,currency,figure,key,value');
    expect(csv).toContain(`alpha,EUR,dso,total,${alpha.dso!.toFixed(1)}`);
    expect(csv).toContain(`alpha,EUR,open,,${(alpha.openReceivables / 100).toFixed(2)}`);
  }, 60_000);

  it('refuses a report with no tenant named, and a malformed rate', async () => {
    const none = await runCli(['--data-dir', dataDir, '--config', noConfig, 'report'], { clock });
    expect(none.code).toBe(2);
    expect(none.err).toContain('say which tenant (--tenant T), group (--group G) or --all');
    const bad = await cli(['--all', '--currency', 'EUR', '--rate', 'USD=abc']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a positive decimal rate');
  }, 60_000);
});

describe('the HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  // A fresh profile per run (Playwright takes it as the persistent context's directory).
  const profile = mkdtempSync(join(tmpdir(), 'arbridge-chromium-'));
  beforeAll(async () => {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('draws the aged balance, DSO trend, forecast and collection-rate panels with the report’s figures, loading nothing from outside', async () => {
    const file = join(root, 'report.html');
    const run = await cli(['--all', '--format', 'html', '--out', file]);
    expect(run.code).toBe(0);
    const json = JSON.parse((await cli(['--all', '--format', 'json'])).out) as ReportJson;
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) outside.push(r.url());
    });
    await page.goto(`file://${file}`);
    const firm = json.consolidated!.byCurrency[0]!;
    const scope = page.locator('section.kpis[data-scope="consolidated"][data-currency="EUR"]');
    await expect(scope.locator('svg[data-chart="aged-balance"]').isVisible()).resolves.toBe(true);
    const bars = async (chart: string) =>
      scope.locator(`svg[data-chart="${chart}"] g.bar`).evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), g.getAttribute('data-value'), (g.querySelector('rect')?.getBoundingClientRect().height ?? -1) >= 0]));
    const aged = await bars('aged-balance');
    expect(aged).toEqual([...firm.agedBalance.map((b) => [b.label, (b.amount / 100).toFixed(2), true]), ['in dispute', (firm.inDispute / 100).toFixed(2), true]]);
    const trend = await bars('dso-trend');
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toEqual(['2026-11-20', firm.dso!.toFixed(1), true]);
    const forecast = await bars('forecast');
    expect(forecast[0]).toEqual(['late', (firm.cashForecast.overdue / 100).toFixed(2), true]);
    expect(forecast.slice(1, -1).map((b) => b[1])).toEqual(firm.cashForecast.weeks.map((w) => (w.amount / 100).toFixed(2)));
    await expect(scope.locator('[data-chart="collection-rate"]').getAttribute('data-unavailable')).resolves.toBe('true');
    await expect(scope.locator('td[data-kpi="open"]').textContent()).resolves.toBe(`${(firm.openReceivables / 100).toFixed(2)} EUR`);
    // The tallest aged bar is the largest bucket: the drawing follows the figures.
    const heights = await scope.locator('svg[data-chart="aged-balance"] rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    const amounts = [...firm.agedBalance.map((b) => b.amount), firm.inDispute];
    expect(heights.indexOf(Math.max(...heights))).toBe(amounts.indexOf(Math.max(...amounts)));
    expect(outside).toEqual([]);
    const artifacts = resolve(__dirname, '../../test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    expect(readFileSync(join(artifacts, 'report.png')).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  }, 120_000);
});
