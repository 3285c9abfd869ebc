import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { actionSchema } from '../../core/model/action';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { createRecordFactory } from '../../test/factories/record-factory';
import { pgliteScratch } from '../../test/dispatch/scratch-stores';
import { FakeErp, dispatchTenantConfig, runDispatch } from '../../test/dispatch/dispatch-harness';

/** A letter through dispatch: the PDF the message builder renders, written to the tenant's letter folder. */
const f = createRecordFactory({ tenantId: 'acme', sourceId: 'odoo' });
const customer = f.customer(1, { name: 'Boulangerie Dupont et Fils', language: 'fr' });
const inv1 = f.receivable(1, { customerExternalId: customer.externalId, number: 'FA-2026-0001', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 120_050, openAmount: 120_050, amountCompany: 120_050, openAmountCompany: 120_050 });

/** The text pdfkit drew: its content streams inflated, the hex strings of each TJ array decoded and joined. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\] TJ/g)) out.push([...(tj[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1')).join(''));
  }
  return out.join('\n');
}

describe('dispatch by letter', () => {
  const scratch = pgliteScratch();
  let store: Store;
  let folder: string;
  beforeAll(async () => {
    store = await openStore(await scratch.setUp());
    folder = await mkdtemp(join(tmpdir(), 'arbridge-letters-'));
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await scratch.tearDown();
    await rm(folder, { recursive: true, force: true });
  });

  test('the formal notice is written as <action id>.pdf: a PDF naming the customer and the invoice', async () => {
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [customer], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables', records: [inv1], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    await store.enqueueActions('acme', [
      actionSchema.parse({
        id: 'act_letter_1',
        tenantId: 'acme',
        customerKey: { sourceId: 'odoo', externalId: customer.externalId },
        receivableExternalIds: [inv1.externalId],
        planId: 'standard',
        stepId: 'formal-notice',
        cycle: inv1.externalId,
        channel: 'letter',
        dueAt: '2026-03-03T08:00:00.000Z',
        status: 'planned',
        attempts: 0,
        providerReference: null,
        reason: 'FA-2026-0001 is 22 days past due',
        createdAt: '2026-03-03T05:00:00.000Z',
        updatedAt: '2026-03-03T05:00:00.000Z',
      }),
    ]);
    const erp = new FakeErp();
    erp.receivables.set(inv1.externalId, inv1);
    const report = await runDispatch(store, dispatchTenantConfig(0, { channels: { letter: { mode: 'folder', folder } } }), new FakeClock('2026-03-03T09:00:00Z'), erp);

    const path = join(folder, 'acme', 'act_letter_1.pdf');
    expect(report.outcomes).toEqual([expect.objectContaining({ id: 'act_letter_1', status: 'sent' })]);
    expect((await store.listActions('acme', { statuses: ['sent'] }))[0]?.providerReference).toBe(path);
    const pdf = await readFile(path);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Boulangerie Dupont et Fils');
    expect(text).toContain('FA-2026-0001');
  });
});
