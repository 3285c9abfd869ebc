import { openStore } from '../../core/store/open-store';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { storeOptionsFrom } from './store-options';

/** `arbridge approve <actionId>`: an action awaiting approval (formal notice, litigation) goes to the next dispatch. */
export async function runApprove(global: GlobalOptions, ctx: CliContext, actionId: string, opts: { tenant: string }): Promise<number> {
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    const moved = await store.transitionAction(opts.tenant, actionId, { from: ['awaiting_approval'], to: 'planned', at: ctx.clock.now(), reason: `approved on ${ctx.clock.now().toISOString()}` });
    if (!moved) {
      const found = await store.getAction(opts.tenant, actionId);
      print(ctx.err, found ? `action ${actionId} is ${found.status}, not awaiting approval` : `tenant ${opts.tenant} has no action ${actionId}`);
      return exitCodes.failed;
    }
    print(ctx.out, `action ${actionId} approved: it goes out with the next dispatch.`);
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
