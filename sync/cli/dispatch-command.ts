import { openStore } from '../../core/store/open-store';
import { today } from '../../core/time/local-date';
import { actionRecordOf } from '../rules/action-record';
import { evaluateTenant } from '../rules/evaluate-tenant';
import { ChannelSenders } from '../dispatch/channel-senders';
import { dispatchTenant } from '../dispatch/dispatch-tenant';
import { connectorGateway } from '../dispatch/erp-gateway';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { storeOptionsFrom } from './store-options';

/** `arbridge dispatch --tenant T`: evaluates today, puts the due actions in the outbox (if absent) and sends what the window and limits allow. */
export async function runDispatch(global: GlobalOptions, ctx: CliContext, opts: { tenant: string }): Promise<number> {
  const loaded = loadCliConfig(global, ctx, opts.tenant);
  const tenant = loaded?.[0]?.tenant;
  if (!tenant) return exitCodes.badConfig;
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  const channels = new ChannelSenders(tenant.id, tenant.dispatch, { clock: ctx.clock, logger: ctx.logger });
  const erp = connectorGateway(tenant, { clock: ctx.clock, logger: ctx.logger, signal: ctx.signal });
  try {
    const now = ctx.clock.now();
    const evaluation = await evaluateTenant({ store, tenant, asOf: today(ctx.clock, tenant.timeZone), at: now, saveAssignments: true });
    const inserted = await store.enqueueActions(tenant.id, evaluation.actions.map((a) => actionRecordOf(a, new Date(evaluation.dueAt), now)));
    const report = await dispatchTenant({ store, tenant, clock: ctx.clock, logger: ctx.logger, channels, erp });
    print(ctx.out, `tenant ${tenant.id}: ${inserted.length} new action(s) in the outbox; ${report.outcomes.length} dispatched.`);
    if (report.windowClosed) print(ctx.out, `customer messages wait: ${report.windowClosed}.`);
    for (const r of report.recovered) print(ctx.out, `${r.id}: left by a stopped run, now ${r.status}.`);
    for (const o of report.outcomes) print(ctx.out, `${o.id} ${o.channel} ${o.customer}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`);
    const unknown = report.outcomes.filter((o) => o.status === 'unknown').length + report.recovered.filter((r) => r.status === 'unknown').length;
    return unknown > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await channels.close();
    await erp.close();
    await store.close();
  }
}
