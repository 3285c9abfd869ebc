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
import { fakeSapPassword, fakeSapUser, s4JournalEntryChangePath, startFakeS4, type FakeS4 } from './fake-server';
import { sapConnector, setDunningDataKind } from '.';

// The S/4HANA OData flavour as a user runs it: fake S/4 (loopback HTTP) → SAP connector → pipeline → embedded store.
const passwordVariable = 'ARBRIDGE_TEST_S4_PASSWORD';
const goldenFile = join(__dirname, 'fake-server', 'golden', 's4-sync.json');
const eccGoldenFile = join(__dirname, 'fake-server', 'golden', 'ecc-sync.json');
// The same seeded ledger as the SOAP contract test: the same items must land the same records.
const ledgerOptions = { seed: 4, asOf: '2026-03-31', customers: 12, invoicesPerCustomer: 4, serverPageSize: 7 } as const;


describe('syncing an S/4HANA company code over OData into the store', () => {
  let dir: string;
  let fake: FakeS4;
  const logger = silentLogger();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-s4-'));
    fake = await startFakeS4(ledgerOptions);
    process.env[passwordVariable] = fakeSapPassword;
  });

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[passwordVariable];
  });

  const connectionFor = (extra: Record<string, unknown> = {}) => ({
    flavour: 's4-odata', url: fake.url, client: '100', user: fakeSapUser, password: `env:${passwordVariable}`, companyCodes: ['1000'],
    customersPerPage: 5, pageSize: 20, retryBaseDelayMs: 1, clearedHistoryDays: 120, ...extra,
  });
  const tenantFor = (connection: Record<string, unknown>): TenantConfig =>
    tenantConfigSchema.parse({ id: 'lyon', name: 'Lyon Export', timeZone: 'Europe/Paris', currency: 'EUR', sources: [{ id: 'sap', type: 'sap', connection }] });

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

  it('lands the golden records on a full sync (the same receivables, payments and allocations as over SOAP), then stores exactly what changed', async () => {
    const golden: { full?: Landed; incremental?: Landed } = {};
    await run('full', connectionFor(), async (sync, { store, clock, landed }) => {
      fake.calls.length = 0;
      const full = await sync();
      expect(full.failures).toEqual([]);
      expect(await store.listQuarantine('lyon')).toEqual([]);
      // The server capped its pages below $top: the connector followed its __next links.
      expect(fake.calls.some((c) => c.query.includes('%24skiptoken=') || c.query.includes('$skiptoken='))).toBe(true);
      golden.full = sortedLanded(landed);
      const ecc = JSON.parse(readFileSync(eccGoldenFile, 'utf8')) as { full: Landed };
      expect(golden.full.receivables).toEqual(ecc.full.receivables);
      expect(golden.full.payments).toEqual(ecc.full.payments);
      expect(golden.full.allocations).toEqual(ecc.full.allocations);
      expect(Object.keys(golden.full.customers)).toEqual(Object.keys(ecc.full.customers));

      clock.advance(86_400_000);
      const idle = await sync();
      expect(idle.failures).toEqual([]);
      expect(writtenByStream(idle)).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

      clock.advance(86_400_000);
      const [paid, partly] = fake.ledger.openInvoices();
      fake.ledger.clear(paid!, '2026-04-02');
      fake.ledger.addInvoice(paid!.CUSTOMER, 123456, '2026-04-02');
      fake.ledger.payPartially(partly!, 10000, '2026-04-02');
      const incremental = await sync();
      expect(incremental.failures).toEqual([]);
      expect(writtenByStream(incremental)).toEqual({ customers: 0, receivables: 3, payments: 2, allocations: 2 });
      const after = [];
      for await (const r of store.iterateReceivables('lyon')) after.push(r);
      expect(after.find((r) => r.externalId === `1000/${paid!.FISC_YEAR}/${paid!.DOC_NO}/001`)).toMatchObject({ status: 'paid', openAmount: 0 });
      expect(after.find((r) => r.amount === 123456 && r.issueDate === '2026-04-02')).toMatchObject({ status: 'open', dueDate: '2026-05-02' });
      golden.incremental = sortedLanded(landed);
    });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) writeFileSync(goldenFile, JSON.stringify(golden, null, 1) + '\n');
    expect(golden).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
  }, 120_000);

  it('lists, for each stream, exactly the keys a full sync lands (the same as over SOAP), a block of customers at a time', async () => {
    const golden = JSON.parse(readFileSync(eccGoldenFile, 'utf8')) as { full: Landed };
    // The golden full sync was taken before the incremental changes: list on a fresh fake.
    const fresh = await startFakeS4(ledgerOptions);
    try {
      const config = sapConnector.configSchema.parse(tenantFor(connectionFor({ url: fresh.url })).sources[0]!.connection);
      const instance = sapConnector.create(config, { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T16:00:00Z'), logger });
      try {
        for (const stream of ['customers', 'receivables', 'payments', 'allocations'] as const) {
          expect(await listedKeys(instance, stream)).toEqual(Object.keys(golden.full[stream]).sort());
        }
      } finally {
        await instance.close();
      }
    } finally {
      await fresh.close();
    }
  });

  it('lists an item that stays open while another one of its block is cleared between two pages of the listing (no $skip window shifts past it)', async () => {
    const fresh = await startFakeS4(ledgerOptions);
    try {
      const config = sapConnector.configSchema.parse(tenantFor(connectionFor({ url: fresh.url })).sources[0]!.connection);
      const context = { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T16:00:00Z'), logger };
      const list = async () => {
        const instance = sapConnector.create(config, context);
        try {
          return await listedKeys(instance, 'receivables');
        } finally {
          await instance.close();
        }
      };
      // After the first page of items SAP serves, an open invoice on that page is paid (cleared today).
      let cleared: string | null = null;
      fresh.afterPage = (entitySet, rows) => {
        if (entitySet !== 'A_OperationalAcctgDocItemCube' || cleared !== null) return;
        const open = fresh.ledger.openInvoices();
        const victim = rows.map((r) => open.find((i) => i.DOC_NO === r.AccountingDocument && i.FISC_YEAR === r.FiscalYear)).find((i) => i !== undefined);
        if (!victim) return;
        fresh.ledger.clear(victim, '2026-03-31');
        cleared = `1000/${victim.FISC_YEAR}/${victim.DOC_NO}/001`;
      };
      const during = await list();
      fresh.afterPage = null;
      expect(cleared).not.toBeNull();
      // The same listing as one taken after the payment: the paid invoice (cleared in the window) and every other one.
      expect(during).toContain(cleared);
      expect(during).toEqual(await list());
    } finally {
      await fresh.close();
    }
  });

  it('reports a refused login once without retrying it, retries a 503, and fails with SAP’s own error message', async () => {
    await run('errors', connectionFor(), async (sync) => {
      process.env[passwordVariable] = 'wrong-s4-password-123';
      try {
        const refused = await sync();
        expect(refused.failures).toEqual([expect.objectContaining({ code: 'auth', reason: 'sap_login_refused' })]);
        expect(JSON.stringify(refused)).not.toContain('wrong-s4-password-123');
      } finally {
        process.env[passwordVariable] = fakeSapPassword;
      }
      fake.failNext(2, { status: 503 });
      expect((await sync()).failures).toEqual([]);
      fake.failNext(1, { status: 400, code: '/IWBEP/CM_MGW_RT/022', message: 'Property IsCleared not found in type A_OperationalAcctgDocItemCubeType' });
      const failed = await sync();
      expect(failed.failures).toEqual([
        expect.objectContaining({ code: 'config', message: expect.stringContaining('/IWBEP/CM_MGW_RT/022 Property IsCleared not found in type A_OperationalAcctgDocItemCubeType') }),
      ]);
    });
  }, 120_000);

  it('writes dunning data back through Journal Entry – Change; the same action sent twice changes nothing the second time', async () => {
    const tenant = tenantFor(connectionFor({ journalEntryChangePath: s4JournalEntryChangePath }));
    const config = sapConnector.configSchema.parse(tenant.sources[0]!.connection);
    const instance = sapConnector.create(config, { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-04-03T08:00:00Z'), logger });
    const target = fake.ledger.openInvoices()[0]!;
    const request = {
      actionId: 'act-s4-1',
      kind: setDunningDataKind,
      payload: { customerExternalId: `1000/${target.CUSTOMER}`, receivableExternalIds: [`1000/${target.FISC_YEAR}/${target.DOC_NO}/001`], dunningLevel: 2, lastDunnedOn: '2026-04-03', dunningBlock: '' },
    };
    await instance.push!(request);
    expect(target).toMatchObject({ DUNN_LEVEL: '2', LAST_DUNN: '2026-04-03', DUNN_BLOCK: '' });
    const after = JSON.stringify(fake.ledger.items);
    target.DUNN_LEVEL = '3'; // changed in SAP since: a resent action must not set it back
    await instance.push!(request);
    expect(target.DUNN_LEVEL).toBe('3');
    target.DUNN_LEVEL = '2';
    expect(JSON.stringify(fake.ledger.items)).toBe(after);
    expect(fake.changeMessages).toHaveLength(2);
    expect(new Set(fake.changeMessages).size).toBe(1);
  });

  it('`check` says what each call returned, and SAP’s refusal in its own words', async () => {
    const context = { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T10:00:00Z'), logger };
    const check = await sapConnector.create(sapConnector.configSchema.parse(tenantFor(connectionFor()).sources[0]!.connection), context).testConnection();
    expect(check).toEqual({ ok: true, details: [expect.stringContaining('OData V2'), 'A_BusinessPartner (5 rows at most): 5 customers', expect.stringMatching(/^A_OperationalAcctgDocItemCube company code 1000: 5 open customer items in the first 5$/)] });
    fake.failNext(1, { status: 403, code: 'CX_SADL_AUTHORIZATION', message: 'No authorization for API_BUSINESS_PARTNER' });
    const refused = await sapConnector.create(sapConnector.configSchema.parse(tenantFor(connectionFor()).sources[0]!.connection), context).testConnection();
    expect(refused.ok).toBe(false);
    expect(refused.details).toContainEqual(expect.stringContaining('CX_SADL_AUTHORIZATION No authorization for API_BUSINESS_PARTNER'));
  });
});
