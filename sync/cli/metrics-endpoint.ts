import { Option } from 'commander';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { createMetricsServer } from '../serve/metrics-server';
import { listen } from '../serve/operator-server';
import { registerSyncMetrics, type SyncMetrics } from '../serve/sync-metrics';
import type { CliContext } from './cli-context';

/** Options of `worker` and `run` for this process's own /metrics. */
export interface MetricsEndpointOptions {
  /** TCP port of this process's /metrics (0: any free port); ARBRIDGE_METRICS_PORT when absent; no listener without either. */
  metricsPort?: string;
  /** Interface the /metrics listener is bound to. */
  metricsHost: string;
}

/** The sync metrics of this process, served on /metrics when a port was given. */
export interface MetricsEndpoint {
  metrics: SyncMetrics;
  /** The scrape URL, or null when no port was given (the metrics are then only kept in memory). */
  url: string | null;
  /** Stops listening and drops open scrape connections. */
  close(): Promise<void>;
}

/** `--metrics-port` of `worker` and `run`. */
export const metricsPortOption = (): Option =>
  new Option('--metrics-port <port>', 'serve this process’s sync metrics on /metrics at this port (0: any free port; default ARBRIDGE_METRICS_PORT, else none)');

/** `--metrics-host` of `worker` and `run`. */
export const metricsHostOption = (): Option => new Option('--metrics-host <host>', 'interface of the /metrics listener').default('127.0.0.1');

const portSchema = z.coerce.number().int().min(0).max(65_535);

/** Starts the /metrics listener of `worker` or `run`; a problem (bad port, port taken) is returned to print. */
export async function startMetricsEndpoint(opts: MetricsEndpointOptions, ctx: CliContext): Promise<MetricsEndpoint | { problem: string }> {
  const registry = new Registry();
  const metrics = registerSyncMetrics(registry);
  const raw = opts.metricsPort ?? ctx.env.ARBRIDGE_METRICS_PORT?.trim();
  if (!raw) return { metrics, url: null, close: async () => undefined };
  const port = portSchema.safeParse(raw);
  if (!port.success) return { problem: `--metrics-port (or ARBRIDGE_METRICS_PORT): expected a port number, found "${raw}"` };
  const server = createMetricsServer(registry, ctx.logger);
  let taken: number;
  try {
    taken = await listen(server, port.data, opts.metricsHost);
  } catch (error) {
    return { problem: `metrics: cannot listen on ${opts.metricsHost}:${port.data}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    metrics,
    url: `http://${opts.metricsHost.includes(':') ? `[${opts.metricsHost}]` : opts.metricsHost}:${taken}/metrics`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
