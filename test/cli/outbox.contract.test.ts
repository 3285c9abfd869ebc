import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionSchema, type Action } from '../../core/model/action';
import { openStore } from '../../core/store/open-store';
import { FakeClock } from '../../core/time/clock';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { startLoopbackSmtp, type LoopbackSmtp } from '../dispatch/dispatch-harness';
import { runCli } from './run-cli';

/**
 * The outbox commands as a person uses them: sync from a fake Odoo, dispatch (email to a loopback SMTP
 * server, write-backs to Odoo), dispatch again (nothing twice), then actions / approve / resolve.
 */
const keyVariable = 'ARBRIDGE_OUTBOX_CLI_ODOO_KEY';
const smtpVariable = 'ARBRIDGE_OUTBOX_CLI_SMTP_PASSWORD';
// Thursday 15 January 2026, 10:30 in Paris: a working day, inside business hours.
const clock = new FakeClock('2026-01-15T09:30:00Z');

describe('arbridge dispatch, actions, approve, resolve', () => {
  let dir: string;
  let odoo: FakeOdoo;
  let smtp: LoopbackSmtp;
  let args: string[];

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17, clock, company: { seed: 11, asOf: '2026-01-15', customers: 12, invoices: 90, version: 17 } });
    smtp = await startLoopbackSmtp({ user: 'acme', pass: 'smtp-secret' });
    process.env[keyVariable] = odoo.apiKey;
    process.env[smtpVariable] = 'smtp-secret';
    dir = mkdtempSync(join(tmpdir(), 'arbridge-cli-outbox-'));
    mkdirSync(join(dir, 'config', 'tenants'), { recursive: true });
    writeFileSync(
      join(dir, 'config', 'tenants', 'acme.yaml'),
      `id: acme
name: ACME
timeZone: Europe/Paris
currency: EUR
sources:
  - id: odoo
    type: odoo
    connection: { url: "${odoo.url}", database: ${odoo.db}, username: ${odoo.login}, apiKey: "env:${keyVariable}", retryBaseDelayMs: 1 }
dispatch:
  channels:
    email: { host: 127.0.0.1, port: ${smtp.port}, requireTLS: false, auth: { user: acme, pass: "env:${smtpVariable}" }, from: { address: relances@acme.fr }, timeoutMs: 5000 }
    letter: { mode: folder, folder: "${join(dir, 'letters')}" }
`,
    );
    args = ['--config', join(dir, 'config'), '--data-dir', join(dir, 'data')];
    expect((await runCli([...args, 'sync'], { clock })).code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await smtp?.close();
    await odoo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('dispatch sends a due reminder once, re-read in Odoo; a second dispatch sends nothing more', async () => {
    const store = await openStore({ dataDir: join(dir, 'data') });
    let to: string;
    try {
      let picked: { customer: { externalId: string; emails: string[] }; receivable: { externalId: string } } | null = null;
      for await (const ledger of store.iterateCustomerLedgers('acme')) {
        const open = ledger.receivables.find((r) => r.status === 'open' && !r.dispute.disputed && !r.dunningBlocked && r.dueDate < '2026-01-15');
        if (open && ledger.customer.emails.length > 0 && !ledger.customer.dunningBlocked) picked = { customer: ledger.customer, receivable: open };
        if (picked) break;
      }
      if (!picked) throw new Error('the fake company has no overdue customer with an email address');
      to = picked.customer.emails[0] as string;
      await store.enqueueActions('acme', [
        actionSchema.parse({
          id: 'act_cli_1', tenantId: 'acme', customerKey: { sourceId: 'odoo', externalId: picked.customer.externalId }, receivableExternalIds: [picked.receivable.externalId],
          planId: 'standard', stepId: 'first-reminder', cycle: picked.receivable.externalId, channel: 'email', dueAt: '2026-01-15T08:00:00.000Z', status: 'planned',
          attempts: 0, providerReference: null, reason: 'overdue', createdAt: '2026-01-15T08:00:00.000Z', updatedAt: '2026-01-15T08:00:00.000Z',
        }),
      ]);
    } finally {
      await store.close();
    }

    const first = await runCli([...args, 'dispatch', '--tenant', 'acme'], { clock });
    expect(first.out).toMatch(/tenant acme: \d+ new action\(s\) in the outbox; \d+ dispatched\./);
    expect(first.out).toMatch(/act_cli_1 email \S+: sent/);
    const delivered = smtp.messages.length;
    expect(smtp.messages.some((m) => m.to.includes(to))).toBe(true);

    const second = await runCli([...args, 'dispatch', '--tenant', 'acme'], { clock });
    expect(second.out).toContain('tenant acme: 0 new action(s) in the outbox');
    expect(smtp.messages).toHaveLength(delivered);

    const listed = await runCli([...args, 'actions', '--tenant', 'acme', '--status', 'sent', '--json'], { clock });
    expect((JSON.parse(listed.out) as Action[]).map((a) => a.id)).toContain('act_cli_1');
  }, 120_000);

  test('approve moves an action awaiting approval to planned, once; resolve settles an unknown one, once', async () => {
    const base = { tenantId: 'acme', customerKey: { sourceId: 'odoo', externalId: '999' }, receivableExternalIds: ['1'], planId: 'standard', cycle: 'c', dueAt: '2026-01-15T08:00:00.000Z', attempts: 1, providerReference: null, createdAt: '2026-01-15T08:00:00.000Z', updatedAt: '2026-01-15T08:00:00.000Z' };
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      await store.enqueueActions('acme', [
        actionSchema.parse({ ...base, id: 'act_notice', stepId: 'formal-notice', channel: 'letter', status: 'awaiting_approval', reason: 'formal notice needs approval' }),
        actionSchema.parse({ ...base, id: 'act_lost', stepId: 'first-reminder', channel: 'email', status: 'unknown', reason: 'dispatch stopped while sending' }),
      ]);
    } finally {
      await store.close();
    }

    const unknown = await runCli([...args, 'actions', '--tenant', 'acme', '--status', 'unknown'], { clock });
    expect(unknown.out).toContain('act_lost');
    expect(unknown.out).not.toContain('act_notice');

    const approved = await runCli([...args, 'approve', 'act_notice', '--tenant', 'acme'], { clock });
    expect(approved).toMatchObject({ code: 0, out: expect.stringContaining('act_notice approved') });
    const again = await runCli([...args, 'approve', 'act_notice', '--tenant', 'acme'], { clock });
    expect(again.code).toBe(1);
    expect(again.err).toContain('act_notice is planned, not awaiting approval');

    const resolved = await runCli([...args, 'resolve', 'act_lost', '--tenant', 'acme', '--sent'], { clock });
    expect(resolved.code).toBe(0);
    const twice = await runCli([...args, 'resolve', 'act_lost', '--tenant', 'acme', '--resend'], { clock });
    expect(twice.code).toBe(1);
    const after = JSON.parse((await runCli([...args, 'actions', '--tenant', 'acme', '--json'], { clock })).out) as Action[];
    expect(after.find((a) => a.id === 'act_lost')?.status).toBe('sent');
    expect(after.find((a) => a.id === 'act_notice')?.status).toBe('planned');
  }, 120_000);
});
