import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import type { Action } from '../../core/model/action';
import { Secret } from '../../core/secret';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { addDays } from '../../core/time/local-date';
import type { SyncReport } from '../../sync/pipeline/sync-report';
import type { ReportTenant } from '../../sync/report/portfolio-report';
import { createOperatorMetrics, type OperatorMetrics } from '../../sync/serve/operator-metrics';
import { createOperatorServer, listen } from '../../sync/serve/operator-server';
import { redisProbe, storeProbe } from '../../sync/serve/readiness';
import { seededAsOf, seededSyncAt, syncSeededTenant } from '../report/seeded-tenant';
import { parseMetrics } from './prometheus-text';

/**
 * `arbridge serve`'s server on a store synced from a seeded fake Odoo: /metrics scraped and parsed
 * after the sync, /readyz against a live and a closed Redis, the token-protected API and report page,
 * and the collection rate after a reminder that was followed by the payment.
 */
const dir = mkdtempSync(join(tmpdir(), 'arbridge-serve-'));
const token = new Secret('s3rve-test-token-9c1f', 'env:TEST');
const tenants: ReportTenant[] = [{ id: 'acme', name: 'ACME SAS', agingDays: [30, 60, 90, 120], lateWindowMonths: 12 }];
let store: Store;
let metrics: OperatorMetrics;
let syncReport: SyncReport;
let base: string;
let server: Server;
let remindedOn: string;
let paid: { amount: number; on: string; open: number };

function startServer(probes: Parameters<typeof createOperatorServer>[0]['probes']): Promise<{ server: Server; base: string }> {
  const s = createOperatorServer({
    store,
    tenants: async () => tenants,
    // One group of companies, "acme-group", of acme alone, reported in USD.
    group: (id) =>
      id === 'acme-group'
        ? { group: { id, name: 'ACME Group' }, tenants, rates: { into: 'USD', rates: { EUR: '1.0850' } }, dsoMethod: 'countback' }
        : { problem: `no group "${id}" in firm.yaml` },
    token,
    probes,
    metrics,
    clock: new FakeClock(seededSyncAt),
    timeZone: 'Europe/Paris',
    report: { dsoMethod: 'total', dsoWindowMonths: 3, forecastWeeks: 13, collectionWindowDays: 30 },
    logger: silentLogger(),
  });
  return listen(s, 0, '127.0.0.1').then((port) => ({ server: s, base: `http://127.0.0.1:${port}` }));
}

beforeAll(async () => {
  store = await openStore({ dataDir: join(dir, 'data') });
  syncReport = await syncSeededTenant(store, 'acme', 21);
  metrics = createOperatorMetrics({ store });
  metrics.observeSync(syncReport); // as the worker that ran the sync in this process does

  // A reminder sent ten days before an invoice was paid in full.
  let found: { action: Action; amount: number; on: string; open: number } | null = null;
  for await (const ledger of store.iterateCustomerLedgers('acme')) {
    for (const r of ledger.receivables) {
      const allocations = ledger.allocations.filter((a) => a.receivableExternalId === r.externalId);
      const last = allocations.map((a) => a.allocatedOn).sort().at(-1);
      if (r.kind !== 'invoice' || r.status !== 'paid' || allocations.length !== 1 || !last || last < '2026-09-01') continue;
      const sentOn = addDays(last, -10);
      if (sentOn <= r.issueDate) continue;
      found = {
        amount: allocations[0]!.amountCompany,
        on: sentOn,
        open: r.openAmountCompany + allocations[0]!.amountCompany,
        action: {
          id: `test-action-${r.externalId}`,
          tenantId: 'acme',
          customerKey: { sourceId: r.sourceId, externalId: r.customerExternalId },
          receivableExternalIds: [r.externalId],
          planId: 'standard',
          stepId: 'first-reminder',
          cycle: r.externalId,
          channel: 'email',
          dueAt: `${sentOn}T08:00:00.000Z`,
          status: 'planned',
          attempts: 0,
          providerReference: null,
          reason: 'test',
          createdAt: `${sentOn}T07:00:00.000Z`,
          updatedAt: `${sentOn}T07:00:00.000Z`,
        },
      };
      break;
    }
    if (found) break;
  }
  if (!found) throw new Error('the seeded company has no invoice paid in one allocation since September');
  await store.enqueueActions('acme', [found.action]);
  await store.transitionAction('acme', found.action.id, { from: ['planned'], to: 'sent', at: new Date(`${found.on}T09:00:00Z`) });
  remindedOn = found.on;
  paid = { amount: found.amount, on: found.on, open: found.open };
  ({ server, base } = await startServer([storeProbe(store), redisProbe(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')]));
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, auth?: string) => fetch(`${base}${path}`, auth ? { headers: { authorization: auth } } : {});

describe('arbridge serve', () => {
  it('answers /healthz, and /readyz with the store and a running Redis', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(await ready.json()).toEqual({ ready: true, checks: [{ name: 'store', ok: true, detail: 'ok' }, { name: 'redis', ok: true, detail: 'ok' }] });
    expect(ready.status).toBe(200);
  });

  it('fails /readyz with 503 and says so when Redis cannot be reached', async () => {
    const closed = await startServer([storeProbe(store), redisProbe('redis://127.0.0.1:1')]);
    try {
      const ready = await fetch(`${closed.base}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { ready: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
      expect(body.ready).toBe(false);
      expect(body.checks.find((c) => c.name === 'redis')).toMatchObject({ ok: false });
      expect(body.checks.find((c) => c.name === 'store')).toMatchObject({ ok: true });
    } finally {
      await new Promise((resolve) => closed.server.close(resolve));
    }
  }, 20_000);

  it('exposes the sync on /metrics: durations, rows pulled, quarantined rows, last success, actions by status and channel', async () => {
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parseMetrics(await response.text());
    const value = (name: string, labels: Record<string, string>) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    for (const stream of syncReport.streams) {
      const labels = { tenant: 'acme', source: 'odoo', stream: stream.stream };
      expect(value('arbridge_rows_pulled_total', labels)).toBe(stream.written + stream.unchanged + stream.quarantined);
      expect(value('arbridge_sync_duration_seconds_count', labels)).toBe(1);
      expect(value('arbridge_quarantined_rows', labels)).toBe(stream.quarantined);
    }
    expect(value('arbridge_stored_records', { tenant: 'acme', stream: 'receivables' })).toBe((await store.counts('acme')).receivables);
    expect(value('arbridge_last_success_timestamp_seconds', { tenant: 'acme', source: 'odoo' })).toBe(Date.parse(seededSyncAt) / 1000);
    expect(value('arbridge_actions', { tenant: 'acme', status: 'sent', channel: 'email' })).toBe(1);
  });

  it('keeps the API and report pages behind the bearer token', async () => {
    expect((await get('/api/tenants')).status).toBe(401);
    expect((await get('/api/tenants', 'Bearer wrong-token')).status).toBe(401);
    const body = await (await get('/api/tenants', `Bearer ${token.reveal()}`)).text();
    expect(body).not.toContain(token.reveal());
    expect(JSON.parse(body).tenants[0]).toMatchObject({ tenantId: 'acme', actions: [{ status: 'sent', channel: 'email', count: 1 }] });
    expect((await get('/reports/acme.html')).status).toBe(401);
    expect((await get('/api/tenants/nobody/kpis', `Bearer ${token.reveal()}`)).status).toBe(404);
  });

  it('serves KPIs, actions and the HTML report; the reminder followed by the payment shows a 100 % collection rate', async () => {
    const auth = `Bearer ${token.reveal()}`;
    const kpis = (await (await get(`/api/tenants/acme/kpis?date=${seededAsOf}`, auth)).json()) as {
      collectionRateNote: string | null;
      tenants: Array<{ byCurrency: Array<{ openReceivables: number; collectionAfterReminders: Array<{ stepId: string; channel: string; actions: number; dunned: number; collected: number; rate: number }> }> }>;
    };
    expect(kpis.collectionRateNote).toBeNull();
    expect(kpis.tenants[0]!.byCurrency[0]!.collectionAfterReminders).toEqual([
      { planId: 'standard', stepId: 'first-reminder', channel: 'email', actions: 1, dunned: paid.open, collected: paid.amount, rate: paid.amount / paid.open },
    ]);
    expect(paid.open).toBe(paid.amount); // paid in one allocation: everything dunned was collected
    const actions = (await (await get('/api/tenants/acme/actions?status=sent', auth)).json()) as { actions: Action[] };
    expect(actions.actions.map((a) => [a.stepId, a.status, a.finishedAt?.slice(0, 10)])).toEqual([['first-reminder', 'sent', remindedOn]]);
    expect((await get('/api/tenants/acme/actions?status=bogus', auth)).status).toBe(400);
    const page = await get(`/reports/acme.html?date=${seededAsOf}`, auth);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('data-chart="collection-rate"');
    expect(html).toContain('data-label="standard/first-reminder/email" data-value="100.0"');
  });

  it('serves a group of companies: its consolidation in its currency and method, its HTML page, 404 for an unknown group', async () => {
    const auth = `Bearer ${token.reveal()}`;
    expect((await get('/api/groups/acme-group/kpis')).status).toBe(401);
    type Kpis = { currency: string; dsoMethod: string; openReceivables: number };
    const own = (await (await get(`/api/tenants/acme/kpis?date=${seededAsOf}`, auth)).json()) as { tenants: Array<{ byCurrency: Kpis[] }> };
    const group = (await (await get(`/api/groups/acme-group/kpis?date=${seededAsOf}`, auth)).json()) as { group: unknown; consolidated: { byCurrency: Kpis[]; converted: Kpis } };
    expect(group.group).toEqual({ id: 'acme-group', name: 'ACME Group' });
    const whole = group.consolidated.byCurrency[0]!;
    expect([whole.currency, whole.dsoMethod, whole.openReceivables]).toEqual(['EUR', 'countback', own.tenants[0]!.byCurrency[0]!.openReceivables]);
    expect(group.consolidated.converted.currency).toBe('USD');
    const page = await get(`/reports/groups/acme-group.html?date=${seededAsOf}`, auth);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ACME Group (group acme-group, 1 company), consolidated');
    const unknown = await get('/api/groups/nobody/kpis', auth);
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'no group "nobody" in firm.yaml' }]);
  });
});
