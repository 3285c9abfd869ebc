import { existsSync } from 'node:fs';
import { secretRefSchema, type Secret } from '../../core/secret';
import { openStore } from '../../core/store/open-store';
import type { DsoMethod } from '../../core/kpi/dso-method';
import type { ReportTenant } from '../report/portfolio-report';
import { selectGroup } from '../report/report-group';
import { consolidationDsoMethod, reportTenantFrom, unconfiguredReportTenant } from '../report/report-tenant';
import { openSource } from '../pipeline/sync-tenant';
import { openJobQueues, type JobQueues } from '../queue/job-queues';
import { createOperatorMetrics } from '../serve/operator-metrics';
import { createOperatorServer, listen } from '../serve/operator-server';
import { queueDepthReader } from '../serve/queue-depth';
import { redisProbe, storeProbe, type Probe } from '../serve/readiness';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadWholeConfig } from './cli-config';
import { queueOptionsFrom } from './queue-options';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge serve`. */
export interface ServeOptions {
  /** TCP port; 0 takes any free one (printed). */
  port: string;
  /** Interface to listen on. */
  host: string;
  /** Where the API token is: env:NAME or file:path. */
  token: string;
  /** Zone of "today" when there is no config directory. */
  timeZone: string;
  /** DSO method of the KPIs served, for every tenant; each tenant's `reporting.dsoMethod` when absent. */
  dsoMethod?: DsoMethod;
}

/**
 * `arbridge serve`: health, readiness, Prometheus metrics, the JSON API and the HTML reports, until
 * SIGINT/SIGTERM. Readiness covers the store, Redis when REDIS_URL is set, and each enabled ERP source;
 * with REDIS_URL (and ARBRIDGE_QUEUE_PREFIX) /metrics also counts the deployment's queued jobs.
 */
export async function runServe(global: GlobalOptions, ctx: CliContext, opts: ServeOptions): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    print(ctx.err, `--port: expected a port number, found "${opts.port}"`);
    return exitCodes.badConfig;
  }
  const config = existsSync(global.config) ? loadWholeConfig(global, ctx) : undefined;
  if (config === null) return exitCodes.badConfig;
  const loaded = config?.tenants ?? [];
  let token: Secret | null = null;
  const tokenRef = secretRefSchema.safeParse(opts.token);
  if (tokenRef.success) token = tokenRef.data;
  else print(ctx.err, `serve: the API and report pages are off: ${tokenRef.error.issues[0]?.message ?? 'no token'}`);

  const store = await openStore(storeOptionsFrom(global, ctx.env));
  const configured: ReportTenant[] = loaded.map((tenant) => reportTenantFrom(tenant, opts.dsoMethod));
  const tenants = async (): Promise<ReportTenant[]> =>
    configured.length > 0 ? configured : (await store.listTenantIds()).map((id) => unconfiguredReportTenant(id, opts.dsoMethod));
  const probes: Probe[] = [storeProbe(store)];
  const redisUrl = ctx.env.REDIS_URL?.trim();
  if (redisUrl) probes.push(redisProbe(redisUrl));
  for (const tenant of loaded) {
    for (const source of tenant.sources.filter((s) => s.enabled)) {
      probes.push({
        name: `erp ${tenant.id}/${source.id}`,
        run: async () => {
          const { instance } = openSource(source, tenant, ctx);
          try {
            const result = await instance.testConnection();
            if (!result.ok) throw new Error(result.details.join('; ') || 'connection test failed');
          } finally {
            await instance.close();
          }
        },
      });
    }
  }
  // Read-only: serve never adds, takes or moves a job; it counts them at each scrape.
  const queueOptions = queueOptionsFrom(ctx.env, ctx.logger);
  const queues: JobQueues | null = queueOptions ? openJobQueues(queueOptions) : null;
  const metrics = createOperatorMetrics({
    store,
    tenantIds: async () => (await tenants()).map((t) => t.id),
    ...(queues ? { queueCounts: queueDepthReader(queues, ctx.logger) } : {}),
  });
  const server = createOperatorServer({
    store,
    tenants,
    ...(config ? { group: (id: string) => selectGroup(config.firm, config.tenants, id, opts.dsoMethod) } : {}),
    token,
    probes,
    metrics,
    clock: ctx.clock,
    timeZone: loaded[0]?.timeZone ?? opts.timeZone,
    report: { dsoMethod: opts.dsoMethod ?? consolidationDsoMethod(configured, config?.firm.defaults.reporting?.dsoMethod ?? 'total'), dsoWindowMonths: 3, forecastWeeks: 13, collectionWindowDays: 30 },
    logger: ctx.logger,
  });
  try {
    const taken = await listen(server, port, opts.host);
    print(ctx.out, `arbridge serve: listening on http://${opts.host}:${taken} (/healthz, /readyz, /metrics, /api/tenants, /reports/all.html)`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return exitCodes.ok;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await queues?.close();
    await store.close();
  }
}
