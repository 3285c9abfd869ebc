import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import type { StreamName } from '../../core/model';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import type { SyncReport } from '../../sync/pipeline/sync-report';
import { listedKeys, recordingConnector, sortedLanded, writtenByStream, type Landed } from '../../test/sync/recorded-sync';
import { fakeB1Company, fakeB1Password, fakeB1User, startFakeB1, type FakeB1 } from './fake-server';
import { sapConnector, setDunningDataKind } from '.';

// Business One as a user runs it: fake Service Layer (loopback HTTP) → SAP connector → pipeline → embedded store.
const passwordVariable = 'ARBRIDGE_TEST_B1_PASSWORD';
const goldenFile = join(__dirname, 'fake-server', 'golden', 'b1-sync.json');
const seedOptions = { seed: 11, asOf: '2026-03-31', customers: 9, invoicesPerCustomer: 3 } as const;


describe('syncing an SAP Business One company through the Service Layer into the store', () => {
  let dir: string;
  let fake: FakeB1;
  const logger = silentLogger();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-b1-'));
    fake = await startFakeB1(seedOptions);
    process.env[passwordVariable] = fakeB1Password;
  });

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[passwordVariable];
  });

  const connectionFor = (extra: Record<string, unknown> = {}) => ({
    flavour: 'b1-service-layer', url: fake.url, companyDb: fakeB1Company, user: fakeB1User, password: `env:${passwordVariable}`, pageSize: 7, retryBaseDelayMs: 1, ...extra,
  });
  const tenantFor = (connection: Record<string, unknown>): TenantConfig =>
    tenantConfigSchema.parse({ id: 'paris', name: 'Paris Negoce', timeZone: 'Europe/Paris', currency: 'EUR', sources: [{ id: 'b1', type: 'sap', connection }] });

  async function run(name: string, connection: Record<string, unknown>, steps: (sync: () => Promise<SyncReport>, ctx: { store: Store; clock: FakeClock; landed: Landed }) => Promise<void>): Promise<void> {
    const store = await openStore({ dataDir: join(dir, name) });
    const clock = new FakeClock('2026-03-31T16:00:00Z');
    const landed: Landed = { customers: {}, receivables: {}, payments: {}, allocations: {} };
    const tenant = tenantFor(connection);
    try {
      await steps(() => syncTenant({ store, tenant, clock, logger, resolveConnector: recordingConnector(sapConnector, landed) }), { store, clock, landed });
    } finally {
      await store.close();
    }
  }

  it('lands the golden records on a full sync, then an incremental sync by UpdateDate (its session expiring in the middle) stores exactly what changed', async () => {
    const golden: { full?: Landed; incremental?: Landed } = {};
    await run('full', connectionFor(), async (sync, { store, clock, landed }) => {
      const full = await sync();
      expect(full.failures).toEqual([]);
      expect(await store.listQuarantine('paris')).toEqual([]);
      // Pages of 7 rows through odata.nextLink; the supplier is not a customer.
      expect(fake.requests.some((r) => r.path === 'Invoices' && r.status === 200)).toBe(true);
      expect(Object.keys(landed.customers)).not.toContain('V00001');
      expect(Object.keys(landed.customers)).toHaveLength(9);
      const receivables = [];
      for await (const r of store.iterateReceivables('paris')) receivables.push(r);
      expect(receivables.filter((r) => r.kind === 'invoice')).toHaveLength(27);
      const partial = receivables.find((r) => r.status === 'partially_paid')!;
      expect(partial.openAmount).toBeGreaterThan(0);
      expect(partial.openAmount).toBeLessThan(partial.amount);
      expect(receivables.some((r) => r.status === 'paid' && r.openAmount === 0)).toBe(true);
      expect(receivables.find((r) => r.kind === 'credit_note')!.amount).toBeLessThan(0);
      golden.full = sortedLanded(landed);

      // The next day nothing changed: the overlap re-reads the last day, the store writes nothing.
      clock.advance(86_400_000);
      const idle = await sync();
      expect(idle.failures).toEqual([]);
      expect(writtenByStream(idle)).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

      // In B1 meanwhile: a new invoice, a payment of an open invoice; and the session expired.
      const open = fake.data.Invoices!.find((i) => i.PaidToDate === 0)!;
      open.PaidToDate = open.DocTotal;
      open.DocumentStatus = 'bost_Close';
      open.UpdateDate = '2026-04-01T00:00:00Z';
      fake.data.IncomingPayments!.push({ DocEntry: 900, DocNum: 200900, CardCode: open.CardCode, DocDate: '2026-04-01T00:00:00Z', DocCurrency: 'EUR', CashSum: 0, TransferSum: open.DocTotal, CheckSum: 0, Cancelled: 'tNO', UpdateDate: '2026-04-01T00:00:00Z', PaymentInvoices: [{ DocEntry: open.DocEntry, SumApplied: open.DocTotal, InvoiceType: 'it_Invoice' }] });
      fake.data.Invoices!.push({ DocEntry: 900, DocNum: 100900, CardCode: 'C00001', DocDate: '2026-04-01T00:00:00Z', DocDueDate: '2026-05-01T00:00:00Z', DocCurrency: 'EUR', DocTotal: 1234.56, DocTotalFc: 0, PaidToDate: 0, PaidToDateFC: 0, DocumentStatus: 'bost_Open', Cancelled: 'tNO', BlockDunning: 'tNO', Comments: '', UpdateDate: '2026-04-01T00:00:00Z' });
      fake.expireSessionsAfter(3);
      const loginsBefore = fake.logins();
      fake.requests.length = 0;
      clock.advance(86_400_000);
      const incremental = await sync();
      expect(incremental.failures).toEqual([]);
      expect(writtenByStream(incremental)).toEqual({ customers: 0, receivables: 2, payments: 1, allocations: 1 });
      // One login for the run, one renewal after the 401 (B1 error 301), and the call repeated.
      expect(fake.logins()).toBe(loginsBefore + 2);
      expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(1);
      const after = [];
      for await (const r of store.iterateReceivables('paris')) after.push(r);
      expect(after.find((r) => r.externalId === `Invoices/${open.DocEntry}`)).toMatchObject({ status: 'paid', openAmount: 0 });
      expect(after.find((r) => r.externalId === 'Invoices/900')).toMatchObject({ status: 'open', amount: 123456, dueDate: '2026-05-01' });
      golden.incremental = sortedLanded(landed);
    });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) writeFileSync(goldenFile, JSON.stringify(golden, null, 1) + '\n');
    expect(golden).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
  }, 120_000);

  it('lists, for each stream, exactly the keys a full sync lands, in keyset pages of pageSize (no page of nextLinks)', async () => {
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as { full: Landed };
    // The golden full sync was taken before the incremental changes: list on a fresh fake.
    const fresh = await startFakeB1(seedOptions);
    try {
      const config = sapConnector.configSchema.parse(tenantFor(connectionFor({ url: fresh.url })).sources[0]!.connection);
      const instance = sapConnector.create(config, { tenantId: 'paris', sourceId: 'b1', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T16:00:00Z'), logger });
      try {
        for (const stream of ['customers', 'receivables', 'payments', 'allocations'] as const) {
          const keys = await listedKeys(instance, stream, (page) => expect(page.length).toBeLessThanOrEqual(7));
          expect(keys).toEqual(Object.keys(golden.full[stream]).sort());
        }
      } finally {
        await instance.close();
      }
      const listings = fresh.requests.filter((r) => r.method === 'GET' && r.path !== 'Login');
      expect(listings.length).toBeGreaterThan(4);
    } finally {
      await fresh.close();
    }
  });

  it('reports a refused login without the password, retries a 503, and fails with B1’s own message', async () => {
    await run('errors', connectionFor(), async (sync) => {
      process.env[passwordVariable] = 'wrong-b1-password-123';
      try {
        fake.requests.length = 0;
        const refused = await sync();
        // One login attempt, not retried: B1 locks a user out after failed logins.
        expect(fake.requests.filter((r) => r.path === 'Login')).toHaveLength(1);
        expect(refused.failures).toEqual([expect.objectContaining({ code: 'auth', reason: 'sap_login_refused', message: expect.stringContaining('Login failed') })]);
        expect(JSON.stringify(refused)).not.toContain('wrong-b1-password-123');
      } finally {
        process.env[passwordVariable] = fakeB1Password;
      }
      fake.failNext(2, 503, -1, 'Service Unavailable');
      expect((await sync()).failures).toEqual([]);
      fake.failNext(1, 400, -1, "Invalid filter: property 'UpdateDat' does not exist");
      const failed = await sync();
      expect(failed.failures).toEqual([expect.objectContaining({ stream: 'customers', code: 'config', message: expect.stringContaining("Invalid filter: property 'UpdateDat' does not exist") })]);
    });
  }, 120_000);

  it('`check` says what each Service Layer call returned, and a refused password with B1’s own text, once, without printing it', async () => {
    const check = async () => {
      const config = sapConnector.configSchema.parse(tenantFor(connectionFor()).sources[0]!.connection);
      const instance = sapConnector.create(config, { tenantId: 'paris', sourceId: 'b1', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T10:00:00Z'), logger });
      try {
        return await instance.testConnection();
      } finally {
        await instance.close();
      }
    };
    const good = await check();
    expect(good).toEqual({
      ok: true,
      details: [`SAP Business One ${fake.url}, company ${fakeB1Company}, user ${fakeB1User}`, 'BusinessPartners: 1 row(s) read', 'Invoices: 1 row(s) read', 'IncomingPayments: 1 row(s) read'],
    });

    process.env[passwordVariable] = 'wrong-b1-check-password-77';
    try {
      fake.requests.length = 0;
      const refused = await check();
      expect(refused.ok).toBe(false);
      expect(refused.details).toContain('failed: SAP Login: user or password refused (HTTP 401): 100000027 Login failed [auth/sap_login_refused]');
      expect(fake.requests.filter((r) => r.path === 'Login')).toHaveLength(1);
      expect(JSON.stringify(refused)).not.toMatch(/wrong-b1-check-password-77|B1SESSION/);
      expect(JSON.stringify(refused)).not.toContain(fakeB1Password);
    } finally {
      process.env[passwordVariable] = fakeB1Password;
    }
  });

  it('writes the dunning block, a note and the partner’s level back; the same action sent twice changes nothing the second time', async () => {
    const tenant = tenantFor(connectionFor({ writeBack: true }));
    const config = sapConnector.configSchema.parse(tenant.sources[0]!.connection);
    const instance = sapConnector.create(config, { tenantId: 'paris', sourceId: 'b1', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-04-03T08:00:00Z'), logger });
    const invoice = fake.data.Invoices!.find((i) => i.BlockDunning === 'tNO' && i.PaidToDate === 0)!;
    const request = {
      actionId: 'act-b1-1',
      kind: setDunningDataKind,
      payload: { customerExternalId: String(invoice.CardCode), receivableExternalIds: [`Invoices/${invoice.DocEntry}`], dunningLevel: 2, lastDunnedOn: '2026-04-03', dunningBlock: 'R', note: 'Relance 2 envoyée' },
    };
    await instance.push!(request);
    expect(invoice).toMatchObject({ BlockDunning: 'tYES', Comments: '[arbridge act-b1-1] Relance 2 envoyée' });
    expect(fake.data.BusinessPartners!.find((p) => p.CardCode === invoice.CardCode)).toMatchObject({ DunningLevel: 2, DunningDate: '2026-04-03' });
    const after = JSON.stringify(fake.data);
    fake.requests.length = 0;
    await instance.push!(request);
    expect(JSON.stringify(fake.data)).toBe(after);
    expect(fake.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('Invoices'))).toEqual([]);
    await instance.close();
  });
});
