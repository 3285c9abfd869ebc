import { openStore } from '../../core/store/open-store';
import { InProcessRunner } from '../worker/in-process-runner';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge run`. */
export interface RunOptions {
  /** Run every tenant once now (sync, evaluate, dispatch) and exit, instead of following the schedule. */
  once?: boolean;
}

/**
 * `arbridge run`: the embedded default, no Redis. The same step handlers as `arbridge worker`, in this
 * process, each tenant at the fire times of its cron in its zone, until SIGTERM.
 */
export async function runRun(global: GlobalOptions, ctx: CliContext, opts: RunOptions): Promise<number> {
  const loaded = loadCliConfig(global, ctx);
  if (!loaded) return exitCodes.badConfig;
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  let failed = false;
  try {
    const runner = new InProcessRunner({
      tenants: loaded.map((l) => l.tenant),
      store,
      clock: ctx.clock,
      logger: ctx.logger,
      signal: ctx.signal,
      onJobEnd: (e) => {
        if (e.outcome === 'failed') failed = true;
        print(ctx.out, `${e.step} ${e.tenantId} ${e.window}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`);
      },
    });
    if (opts.once) {
      await runner.runAllNow();
      return failed ? exitCodes.failed : exitCodes.ok;
    }
    print(ctx.out, `running ${loaded.length} tenants in process (${store.backend} store); next runs:`, ...runner.schedule().map((s) => `  ${s.tenantId}: ${s.at.toISOString()}`));
    await runner.run();
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}
