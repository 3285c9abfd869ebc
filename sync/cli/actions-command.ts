import { actionStatusSchema } from '../../core/model/action';
import { openStore } from '../../core/store/open-store';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { storeOptionsFrom } from './store-options';
import { renderTable } from './table';

/** Options of `arbridge actions`. */
export interface ActionsOptions {
  /** The tenant. */
  tenant: string;
  /** Only this status (`unknown` lists what a person must resolve). */
  status?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** `arbridge actions`: the tenant's outbox, with status, attempts and reason. */
export async function runActions(global: GlobalOptions, ctx: CliContext, opts: ActionsOptions): Promise<number> {
  const status = opts.status === undefined ? undefined : actionStatusSchema.safeParse(opts.status);
  if (status && !status.success) {
    print(ctx.err, `--status: expected one of ${actionStatusSchema.options.join(', ')}, found "${opts.status}"`);
    return exitCodes.badConfig;
  }
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    const actions = await store.listActions(opts.tenant, status ? { statuses: [status.data] } : {});
    if (opts.json) {
      print(ctx.out, JSON.stringify(actions, null, 2));
      return exitCodes.ok;
    }
    if (actions.length === 0) {
      print(ctx.out, `tenant ${opts.tenant}: no action${status ? ` in status ${status.data}` : ''}.`);
      return exitCodes.ok;
    }
    const rows = actions.map((a) => [a.id, a.status, a.channel, a.customerKey.externalId, `${a.planId}/${a.stepId}`, a.dueAt, String(a.attempts), a.reason ?? '']);
    print(ctx.out, renderTable(['action', 'status', 'channel', 'customer', 'step', 'due', 'attempts', 'reason'], rows));
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
