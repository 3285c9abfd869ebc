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
import { fakeSapPassword, fakeSapUser, startFakeSap, type FakeSap } from './fake-server';
import { sapConnector, setDunningDataKind } from '.';

// The whole read path as a user runs it: fake SAP (soap.listen) on loopback → SAP connector → pipeline → embedded store.
const passwordVariable = 'ARBRIDGE_TEST_SAP_PASSWORD';
const goldenFile = join(__dirname, 'fake-server', 'golden', 'ecc-sync.json');
const ledgerOptions = { seed: 4, asOf: '2026-03-31', customers: 12, invoicesPerCustomer: 4 } as const;


describe('syncing an SAP company code over SOAP into the store', () => {
  let dir: string;
  let fake: FakeSap;
  const logger = silentLogger();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-sap-'));
    fake = await startFakeSap(ledgerOptions);
    process.env[passwordVariable] = fakeSapPassword;
  }, 60_000);

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[passwordVariable];
  });

  const tenantFor = (connection: Record<string, unknown>): TenantConfig =>
    tenantConfigSchema.parse({
      id: 'lyon',
      name: 'Lyon Export',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      sources: [{ id: 'sap', type: 'sap', connection: { url: fake.url, client: '100', user: fakeSapUser, password: `env:${passwordVariable}`, companyCodes: ['1000'], customersPerPage: 5, retryBaseDelayMs: 1, clearedHistoryDays: 120, ...connection } }],
    });

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

  it('lands the golden records on a full sync, then an incremental sync stores exactly what changed in SAP (generic RFC handler, FM.Response)', async () => {
    const golden: { full?: Landed; incremental?: Landed } = {};
    await run('rfc', {}, async (sync, { store, clock, landed }) => {
      const full = await sync();
      expect(full.failures).toEqual([]);
      expect(await store.listQuarantine('lyon')).toEqual([]);
      golden.full = sortedLanded(landed);
      const counts = await store.counts('lyon');
      expect(counts.receivables).toBe(Object.keys(landed.receivables).length);

      // What a credit manager would check by hand, on the seeded ledger.
      const receivables = [];
      for await (const r of store.iterateReceivables('lyon')) receivables.push(r);
      const partial = receivables.find((r) => r.status === 'partially_paid');
      expect(partial).toBeDefined();
      expect(partial!.openAmount).toBeGreaterThan(0);
      expect(partial!.openAmount).toBeLessThan(partial!.amount);
      const credit = receivables.find((r) => r.kind === 'credit_note');
      expect(credit).toMatchObject({ dueDate: credit!.issueDate }); // a credit without invoice reference is due at once
      expect(credit!.amount).toBeLessThan(0);
      expect(receivables.some((r) => r.erpDunningLevel! > 0 && r.lastDunnedOn !== null)).toBe(true);
      expect(receivables.some((r) => r.dunningBlocked)).toBe(true);
      expect(receivables.some((r) => r.status === 'paid' && r.openAmount === 0)).toBe(true);
      // The down payment (special G/L A) is not a receivable; customers not defined in 1000 are not customers here.
      const downPayment = fake.ledger.items.find((i) => i.SP_GL_IND === 'A')!;
      expect(receivables.find((r) => r.documentExternalId === `1000/${downPayment.FISC_YEAR}/${downPayment.DOC_NO}`)).toBeUndefined();
      expect(Object.keys(landed.customers)).not.toContain('1000/0000100010');
      expect(Object.keys(landed.customers)).toContain('1000/CPD-LYON');

      // Nothing changed: the next day's pass writes nothing.
      clock.advance(86_400_000);
      const idle = await sync();
      expect(idle.failures).toEqual([]);
      expect(writtenByStream(idle)).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

      // The day after, in SAP: an invoice paid in full, a new invoice, a partial payment.
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
      expect(after.find((r) => r.amount === 123456 && r.issueDate === '2026-04-02')).toMatchObject({ status: 'open', dueDate: '2026-05-02', openAmount: 123456 });
      const partlyPaid = after.find((r) => r.externalId === `1000/${partly!.FISC_YEAR}/${partly!.DOC_NO}/001`)!;
      expect(partlyPaid.status).toBe('partially_paid');
      expect(partlyPaid.openAmountCompany).toBe(partlyPaid.amountCompany - 10000);
      golden.incremental = sortedLanded(landed);
    });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) writeFileSync(goldenFile, JSON.stringify(golden, null, 1) + '\n');
    expect(golden).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
  }, 120_000);

  it.each([
    ['SOAMANAGER service with mc-style names (FMResponse)', () => ({ style: 'soamanager', wsdlUrl: fake.soamanagerMcWsdlUrl })],
    ['SOAMANAGER service with ABAP names', () => ({ style: 'soamanager', wsdlUrl: fake.soamanagerAbapWsdlUrl })],
  ])('lands the same golden records through a %s', async (name, connection) => {
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as { full: Landed };
    // The golden full sync was taken before the incremental changes: replay on a fresh fake.
    const fresh = await startFakeSap(ledgerOptions);
    try {
      const conn = connection();
      const url = (u: string) => u.replace(fake.url, fresh.url);
      await run(name.replace(/\W+/g, '-'), { ...conn, url: fresh.url, wsdlUrl: url(conn.wsdlUrl) }, async (sync, { landed }) => {
        const report = await sync();
        expect(report.failures).toEqual([]);
        expect(sortedLanded(landed)).toEqual(golden.full);
      });
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('reads open items with at most `concurrency` calls in flight', async () => {
    fake.calls.length = 0;
    fake.setLatencyMs(20);
    try {
      await run('concurrency', { concurrency: 3, clearedHistoryDays: 0 }, async (sync) => {
        expect((await sync()).failures).toEqual([]);
      });
    } finally {
      fake.setLatencyMs(0);
    }
    const openCalls = fake.calls.filter((c) => c.functionName === 'BAPI_AR_ACC_GETOPENITEMS');
    expect(openCalls.length).toBeGreaterThan(0);
    expect(Math.max(...fake.calls.map((c) => c.inFlight))).toBe(3);
  }, 120_000);

  /** Every key the connector lists for `stream`, through the same connection settings as the sync. */
  const listed = async (connection: Record<string, unknown>, stream: StreamName, at = '2026-03-31T16:00:00Z'): Promise<string[]> => {
    const config = sapConnector.configSchema.parse(tenantFor(connection).sources[0]!.connection);
    const instance = sapConnector.create(config, { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock(at), logger });
    try {
      return await listedKeys(instance, stream);
    } finally {
      await instance.close();
    }
  };

  it('lists, for each stream, exactly the keys a full sync lands (open items and those cleared in the history window), one page of customers at a time', async () => {
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as { full: Landed };
    // The golden full sync was taken before the incremental changes: list on a fresh fake.
    const fresh = await startFakeSap(ledgerOptions);
    try {
      for (const stream of ['customers', 'receivables', 'payments', 'allocations'] as const) {
        fresh.calls.length = 0;
        const keys = await listed({ url: fresh.url }, stream);
        expect(keys).toEqual(Object.keys(golden.full[stream]).sort());
        if (stream === 'receivables') {
          // The same calls as the pull: open items at today's key date, cleared items over the history window.
          expect(fresh.calls.filter((c) => c.functionName === 'BAPI_AR_ACC_GETBALANCEDITEMS').length).toBeGreaterThan(0);
        }
      }
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('quarantines an unreadable line item with its reason and lands the rest; an item gone from SAP is left to the sweep: the pull reports nothing, the key listing leaves it out', async () => {
    await run('quarantine', {}, async (sync, { store, clock }) => {
      expect((await sync()).failures).toEqual([]);
      clock.advance(86_400_000);
      const [bad, gone] = fake.ledger.openInvoices().filter((i) => i.PSTNG_DATE <= '2026-03-31').slice(-2);
      const badKey = `1000/${bad!.FISC_YEAR}/${bad!.DOC_NO}/001`;
      const goneKey = `1000/${gone!.FISC_YEAR}/${gone!.DOC_NO}/001`;
      (bad as { DB_CR_IND: string }).DB_CR_IND = 'X';
      fake.ledger.items.splice(fake.ledger.items.indexOf(gone!), 1);
      try {
        const report = await sync();
        expect(report.failures).toEqual([]);
        const quarantine = await store.listQuarantine('lyon');
        expect(quarantine).toEqual([expect.objectContaining({ stream: 'receivables', externalId: badKey, reason: expect.stringContaining('DB_CR_IND "X" is neither S (debit) nor H (credit)') })]);
        // The pull no longer tells what vanished (no snapshot in the cursor): the record stays until a sweep.
        const stored: string[] = [];
        for await (const r of store.iterateReceivables('lyon')) stored.push(r.externalId);
        expect(stored).toEqual(expect.arrayContaining([badKey, goneKey]));
        const cursor = (await store.getSyncState({ tenantId: 'lyon', sourceId: 'sap', stream: 'receivables' }))?.cursor;
        expect(cursor).toEqual({ keyDate: '2026-04-01' });
        // The unreadable item is still in SAP: listed. The item gone is not.
        const keys = await listed({}, 'receivables', '2026-04-01T16:00:00Z');
        expect(keys).toContain(badKey);
        expect(keys).not.toContain(goneKey);
        expect(stored.filter((k) => !keys.includes(k))).toEqual([goneKey]);
      } finally {
        (bad as { DB_CR_IND: string }).DB_CR_IND = 'S';
        fake.ledger.items.push(gone!);
      }
    });
  }, 120_000);

  it('resumes from a cursor an older version wrote with its snapshot of open keys: the field is accepted and dropped', async () => {
    const old = { keyDate: '2026-03-30', open: { '1000/0000100000': ['2026/1800000001/001'] } };
    expect(sapConnector.cursorSchema.parse(old)).toEqual({ keyDate: '2026-03-30' });
    expect(sapConnector.cursorSchema.parse({ ...old, pass: { keyDate: '2026-03-31', after: '1000/0000100004' } })).toEqual({ keyDate: '2026-03-30', pass: { keyDate: '2026-03-31', after: '1000/0000100004' } });
    await run('old-cursor', {}, async (sync, { store, clock }) => {
      for (const stream of ['receivables', 'payments', 'allocations'] as const) {
        await store.savePage({ tenantId: 'lyon', sourceId: 'sap', stream, records: [], quarantined: [], cursor: old, at: clock.now(), completesRun: true });
      }
      fake.calls.length = 0;
      const report = await sync();
      expect(report.failures).toEqual([]);
      // The stored cursor was taken up: cleared items read from its key date minus the look-back, not over the whole history.
      const windows = new Set(fake.calls.filter((c) => c.functionName === 'BAPI_AR_ACC_GETBALANCEDITEMS').map((c) => `${String(c.args.DATE_FROM)}..${String(c.args.DATE_TO)}`));
      expect([...windows]).toEqual(['2026-03-23..2026-03-31']);
      expect((await store.getSyncState({ tenantId: 'lyon', sourceId: 'sap', stream: 'receivables' }))?.cursor).toEqual({ keyDate: '2026-03-31' });
    });
  }, 120_000);

  it('reports a refused password once, without retrying it or printing it, and retries a busy system', async () => {
    await run('auth', {}, async (sync) => {
      process.env[passwordVariable] = 'wrong-sap-password-123';
      try {
        fake.calls.length = 0;
        const report = await sync();
        expect(report.failures).toEqual([expect.objectContaining({ sourceId: 'sap', code: 'auth', reason: 'sap_login_refused' })]);
        expect(JSON.stringify(report)).not.toContain('wrong-sap-password-123');
        expect(fake.calls).toHaveLength(0);
      } finally {
        process.env[passwordVariable] = fakeSapPassword;
      }
      fake.failNext(2, { status: 500, fault: 'RFC_ERROR_SYSTEM_FAILURE' }, 'BAPI_AR_ACC_GETOPENITEMS');
      const retried = await sync();
      expect(retried.failures).toEqual([]);
    });
  }, 120_000);

  it('fails the stream with SAP’s own message when a company code does not exist', async () => {
    await run('bad-company', { companyCodes: ['9999'] }, async (sync) => {
      const report = await sync();
      expect(report.failures).toEqual([expect.objectContaining({ stream: 'receivables', code: 'config', message: expect.stringContaining('E FN510: Company code 9999 does not exist') })]);
    });
  }, 120_000);

  it('`check` says what each call returned, with SAP’s message text', async () => {
    const tenant = tenantFor({});
    const config = sapConnector.configSchema.parse(tenant.sources[0]!.connection);
    const instance = sapConnector.create(config, { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T10:00:00Z'), logger });
    const check = await instance.testConnection();
    expect(check.ok).toBe(true);
    expect(check.details).toEqual(
      expect.arrayContaining([
        'BAPI_AR_ACC_GETOPENITEMS: in the WSDL as BAPI_AR_ACC_GETOPENITEMS (ABAP names, response BAPI_AR_ACC_GETOPENITEMS.Response)',
        expect.stringMatching(/^BAPI_CUSTOMER_GETLIST \(5 rows at most\): 5 customers; SAP says: no message$/),
        expect.stringMatching(/^BAPI_AR_ACC_GETOPENITEMS company code 1000, customer 1000\/0000100000: \d+ open items/),
      ]),
    );
    const bad = sapConnector.create(sapConnector.configSchema.parse({ ...tenant.sources[0]!.connection, companyCodes: ['9999'] }), { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T10:00:00Z'), logger });
    const failed = await bad.testConnection();
    expect(failed.ok).toBe(false);
    expect(failed.details).toContainEqual(expect.stringContaining('SAP says: E FN510: Company code 9999 does not exist'));
  }, 60_000);

  it('writes dunning data back through the customer’s RFC; the same action sent twice changes nothing the second time, and SAP’s refusal is reported', async () => {
    const tenant = tenantFor({ writeBack: { functionName: 'Z_AR_SET_DUNNING_DATA', testRunParameter: 'IV_TESTRUN' } });
    const config = sapConnector.configSchema.parse(tenant.sources[0]!.connection);
    const instance = sapConnector.create(config, { tenantId: 'lyon', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-04-03T08:00:00Z'), logger });
    const target = fake.ledger.openInvoices()[2]!;
    const key = `1000/${target.FISC_YEAR}/${target.DOC_NO}/001`;
    const request = { actionId: 'act-ecc-1', kind: setDunningDataKind, payload: { customerExternalId: `1000/${target.CUSTOMER}`, receivableExternalIds: [key], dunningLevel: 2, lastDunnedOn: '2026-04-03' } };
    await instance.push!(request);
    expect(target).toMatchObject({ DUNN_LEVEL: '2', LAST_DUNN: '2026-04-03', DUNN_BLOCK: '' });
    const after = JSON.stringify(fake.ledger.items);
    await instance.push!(request);
    expect(JSON.stringify(fake.ledger.items)).toBe(after);
    await expect(instance.push!({ ...request, actionId: 'act-ecc-2', payload: { ...request.payload, receivableExternalIds: ['1000/2026/1899999999/001'] } })).rejects.toThrow('E ZAR001: Item 1000 2026 1899999999 001 does not exist');
  }, 60_000);
});
