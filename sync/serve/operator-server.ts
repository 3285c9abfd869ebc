import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/logging/logger';
import { actionStatusSchema } from '../../core/model/action';
import type { Secret } from '../../core/secret';
import type { Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import { parseLocalDate, today, type LocalDate } from '../../core/time/local-date';
import { buildPortfolioReport, type PortfolioReportOptions, type ReportTenant } from '../report/portfolio-report';
import type { GroupReportSelection } from '../report/report-group';
import { reportJson } from '../report/report-figures';
import { reportHtml } from '../report/report-html';
import { bearerMatches } from './api-token';
import type { OperatorMetrics } from './operator-metrics';
import { checkReadiness, type Probe } from './readiness';

/** What `arbridge serve` serves from. */
export interface OperatorServerOptions {
  store: Store;
  /** The tenants (from the config, or the store's list); read at each request. */
  tenants: () => Promise<ReportTenant[]>;
  /** A group of companies of firm.yaml by id, or why there is none; no group routes without it. */
  group?: (id: string) => GroupReportSelection | { problem: string };
  /** The API token; without one the API and report pages answer 503. */
  token: Secret | null;
  /** Store, Redis, ERPs: /readyz fails when one fails. */
  probes: readonly Probe[];
  metrics: OperatorMetrics;
  clock: Clock;
  /** Zone of "today" for reports without ?date=. */
  timeZone: string;
  /** Report settings besides the day. */
  report: Omit<PortfolioReportOptions, 'asOf' | 'onTenant'>;
  logger: Logger;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body, null, 2));
};

/**
 * The operator surface over node:http (a handful of GET routes needs no framework):
 *   /healthz  the process answers;  /readyz  store, Redis and each ERP answer (503 otherwise);
 *   /metrics  Prometheus text;  /api/tenants, /api/tenants/:id/{status,kpis,actions}  JSON;
 *   /api/groups/:id/kpis  a group of companies consolidated;  /reports/all.html, /reports/:id.html,
 *   /reports/groups/:id.html  the HTML report. /api and /reports need `Authorization: Bearer`.
 */
export function createOperatorServer(options: OperatorServerOptions): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (req.method !== 'GET') throw new HttpProblem(405, 'only GET is served');
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const result = await checkReadiness(options.probes);
      return json(res, result.ready ? 200 : 503, result);
    }
    if (path === '/metrics') {
      const text = await options.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      res.end(text);
      return;
    }
    if (!path.startsWith('/api/') && !path.startsWith('/reports/')) throw new HttpProblem(404, 'no such page');
    if (!options.token) throw new HttpProblem(503, 'no API token is configured (serve --token env:NAME or file:path)');
    if (!bearerMatches(req.headers.authorization, options.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      throw new HttpProblem(401, 'a valid bearer token is required');
    }
    const tenants = await options.tenants();
    const tenantOf = (id: string): ReportTenant => {
      const tenant = tenants.find((t) => t.id === id);
      if (!tenant) throw new HttpProblem(404, `no tenant "${id}"`);
      return tenant;
    };
    const asOf = (): LocalDate => {
      const date = url.searchParams.get('date');
      if (date === null) return today(options.clock, options.timeZone);
      try {
        return parseLocalDate(date);
      } catch {
        throw new HttpProblem(400, `date: expected YYYY-MM-DD, found "${date}"`);
      }
    };
    const report = (selected: ReportTenant[]) => buildPortfolioReport(options.store, selected, { ...options.report, asOf: asOf() });
    const groupReport = (id: string) => {
      const selection = options.group?.(id) ?? { problem: 'no groups are configured (firm.yaml, groups:)' };
      if ('problem' in selection) throw new HttpProblem(404, selection.problem);
      const { tenants: members, group, rates, dsoMethod } = selection;
      return buildPortfolioReport(options.store, members, { ...options.report, asOf: asOf(), group, rates, dsoMethod });
    };
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" });
      res.end(body);
    };

    if (path === '/api/tenants') return json(res, 200, { tenants: await Promise.all(tenants.map((t) => tenantStatus(options.store, t))) });
    let m = /^\/api\/tenants\/([^/]+)\/(status|kpis|actions)$/.exec(path);
    if (m) {
      const tenant = tenantOf(decodeURIComponent(m[1] as string));
      if (m[2] === 'status') return json(res, 200, await tenantStatus(options.store, tenant));
      if (m[2] === 'kpis') return json(res, 200, reportJson(await report([tenant])));
      const status = url.searchParams.get('status');
      const parsed = status === null ? null : actionStatusSchema.safeParse(status);
      if (parsed && !parsed.success) throw new HttpProblem(400, `status: expected one of ${actionStatusSchema.options.join(', ')}`);
      const actions = await options.store.listActions(tenant.id, parsed ? { statuses: [parsed.data] } : {});
      return json(res, 200, { tenantId: tenant.id, actions });
    }
    m = /^\/api\/groups\/([^/]+)\/kpis$/.exec(path);
    if (m) return json(res, 200, reportJson(await groupReport(decodeURIComponent(m[1] as string))));
    m = /^\/reports\/groups\/([^/]+)\.html$/.exec(path);
    if (m) return html(reportHtml(await groupReport(decodeURIComponent(m[1] as string))));
    m = /^\/reports\/([^/]+)\.html$/.exec(path);
    if (m) {
      const id = decodeURIComponent(m[1] as string);
      return html(reportHtml(await report(id === 'all' ? tenants : [tenantOf(id)])));
    }
    throw new HttpProblem(404, 'no such page');
  };
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpProblem) return json(res, error.status, { error: error.message });
      options.logger.error('serve: request failed', { path: req.url?.split('?')[0], error: error instanceof Error ? error.message : String(error) });
      json(res, 500, { error: 'internal error (see the server log)' });
    });
  });
}

async function tenantStatus(store: Store, tenant: ReportTenant) {
  const [states, counts, actions] = await Promise.all([store.listSyncStates(tenant.id), store.counts(tenant.id), store.actionCounts(tenant.id)]);
  return {
    tenantId: tenant.id,
    name: tenant.name,
    counts,
    streams: states.map((s) => ({ sourceId: s.sourceId, stream: s.stream, lastSuccessAt: s.lastSuccessAt, records: s.recordCount, quarantined: s.quarantinedCount })),
    actions,
  };
}

/** Listens on `port` (0: any free port) on `host`; resolves with the port taken. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
