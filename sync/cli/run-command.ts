import { openStore } from '../../core/store/open-store';
import { InProcessRunner } from '../worker/in-process-runner';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig, sweepEveryHoursFrom } from './cli-config';
import { startMetricsEndpoint, type MetricsEndpointOptions } from './metrics-endpoint';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge run`. */
export interface RunOptions extends MetricsEndpointOptions {
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
  const endpoint = await startMetricsEndpoint(opts, ctx);
  if ('problem' in endpoint) {
    print(ctx.err, endpoint.problem);
    return exitCodes.badConfig;
  }
  if (endpoint.url) print(ctx.out, `metrics on ${endpoint.url}`);
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  let failed = false;
  try {
    const runner = new InProcessRunner({
      tenants: loaded.map((l) => l.tenant),
      sweepEveryHours: sweepEveryHoursFrom(ctx.env),
      store,
      clock: ctx.clock,
      logger: ctx.logger,
      signal: ctx.signal,
      onSyncReport: (report) => endpoint.metrics.observeSync(report),
      onJobEnd: (e) => {
        endpoint.metrics.observeJob(e);
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
    await endpoint.close();
    await store.close();
  }
  return exitCodes.ok;
}
