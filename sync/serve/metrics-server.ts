import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../../core/logging/logger';

/**
 * A listener that serves `registry` as Prometheus text on GET /metrics and nothing else: the scrape
 * target of an `arbridge worker` or `arbridge run` process, which has no operator surface of its own.
 */
export function createMetricsServer(registry: Registry, logger: Logger): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('only GET /metrics is served here\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        logger.error('metrics: scrape failed', { error: error instanceof Error ? error.message : String(error) });
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error (see the process log)\n');
      },
    );
  });
  // Scrapes never keep a finished process alive: `run --once` and a stopped worker exit on their own.
  server.unref();
  return server;
}
