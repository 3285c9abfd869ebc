import { openStore } from '../../core/store/open-store';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge resolve`. */
export interface ResolveOptions {
  tenant: string;
  /** The message did reach the customer: mark it sent. */
  sent?: boolean;
  /** It did not: send it again with the next dispatch. */
  resend?: boolean;
}

/** `arbridge resolve <actionId> --sent|--resend`: a person settles an action whose outcome a crash hid. */
export async function runResolve(global: GlobalOptions, ctx: CliContext, actionId: string, opts: ResolveOptions): Promise<number> {
  if (Boolean(opts.sent) === Boolean(opts.resend)) {
    print(ctx.err, 'say what happened: --sent (it reached the customer) or --resend (it did not)');
    return exitCodes.badConfig;
  }
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    const at = ctx.clock.now();
    const moved = await store.transitionAction(opts.tenant, actionId, {
      from: ['unknown'],
      to: opts.sent ? 'sent' : 'planned',
      at,
      reason: opts.sent ? `confirmed sent by a person on ${at.toISOString()}` : `to resend, decided by a person on ${at.toISOString()}`,
    });
    if (!moved) {
      const found = await store.getAction(opts.tenant, actionId);
      print(ctx.err, found ? `action ${actionId} is ${found.status}: only unknown actions are resolved` : `tenant ${opts.tenant} has no action ${actionId}`);
      return exitCodes.failed;
    }
    print(ctx.out, opts.sent ? `action ${actionId} marked sent.` : `action ${actionId} will be sent again with the next dispatch.`);
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
