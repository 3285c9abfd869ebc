import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../core/logging/logger';
import { Secret } from '../../../core/secret';
import { FakeClock } from '../../../core/time/clock';
import { sage100ConfigSchema } from '../config';
import { Sage100Connection } from '../connection';
import type { SqlExecutor } from '../executor/sql-executor';

/** A fake agent on loopback, keeping AGENT.md's contract: bearer token, idempotent by action id. */
function startFakeAgent(token: string, options: { lockedTimes?: number } = {}) {
  const applied = new Map<string, string>();
  const requests: Array<{ method: string; url: string; auth: string | undefined; body: unknown }> = [];
  let locked = options.lockedTimes ?? 0;
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
  const server: Server = createServer(async (req, res) => {
    const text = await read(req);
    const body = text ? JSON.parse(text) : null;
    requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
    const reply = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'bad token' });
    if (req.method === 'GET' && req.url === '/v1/health') return reply(200, { agentVersion: '1.0.0', sageVersion: '100c V10.05', company: 'BIJOU' });
    const m = /^\/v1\/write-backs\/([^/]+)$/.exec(req.url ?? '');
    if (req.method !== 'PUT' || !m) return reply(404, { error: 'no such route' });
    const id = decodeURIComponent(m[1] as string);
    const { actionId: _a, ...content } = body as Record<string, unknown>;
    const fingerprint = JSON.stringify(content);
    const seen = applied.get(id);
    if (seen !== undefined) return seen === fingerprint ? reply(200, { actionId: id, status: 'already_applied', reference: `H-${id}` }) : reply(409, { error: 'action id reused' });
    if (locked > 0) {
      locked -= 1;
      return reply(423, { error: 'F_ECRITUREC 812 is being edited in Sage' });
    }
    applied.set(id, fingerprint);
    return reply(200, { actionId: id, status: 'applied', reference: `H-${id}` });
  });
  return new Promise<{ url: string; applied: typeof applied; requests: typeof requests; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, applied, requests, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const context = { tenantId: 't', sourceId: 'sage', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T16:00:00Z'), logger: silentLogger() };
const noSql: SqlExecutor = {
  driver: 'odbc',
  query: async () => {
    throw new Error('the write path must not touch SQL');
  },
  close: async () => undefined,
};

function connection(url: string | null, token = 'agent-token-123') {
  const config = sage100ConfigSchema.parse({
    dsn: 'BIJOU',
    retryBaseDelayMs: 1,
    writeBack: url === null ? { mode: 'none' } : { mode: 'agent', url, token: new Secret(token, 'env:TEST_AGENT_TOKEN') },
  });
  return new Sage100Connection(config, context, noSql);
}

describe('write-back through the Sage agent', () => {
  it('sends a reminder level once, whatever the retries, and never through SQL', async () => {
    const agent = await startFakeAgent('agent-token-123', { lockedTimes: 1 });
    try {
      const sage = connection(agent.url);
      const request = { actionId: 'act-1', kind: 'set_dunning_level', payload: { entryNo: 812, level: 2, date: '2026-03-31' } };
      await expect(sage.push(request)).resolves.toEqual({ providerReference: 'H-act-1' });
      // A replay (a dispatch retried after a crash) is a no-op on the agent's side.
      await expect(sage.push(request)).resolves.toEqual({ providerReference: 'H-act-1' });
      expect(agent.applied.size).toBe(1);
      expect(agent.requests[0]).toMatchObject({
        method: 'PUT',
        url: '/v1/write-backs/act-1',
        auth: 'Bearer agent-token-123',
        body: { actionId: 'act-1', company: 'BIJOU', kind: 'set_dunning_level', entryNo: 812, level: 2, date: '2026-03-31' },
      });
      expect(agent.requests.filter((r) => r.method === 'PUT')).toHaveLength(3); // locked once (423, retried), applied, replayed
    } finally {
      await agent.close();
    }
  });

  it('refuses a payload the agent would not accept, before sending it', async () => {
    const agent = await startFakeAgent('agent-token-123');
    try {
      await expect(connection(agent.url).push({ actionId: 'act-2', kind: 'set_dispute', payload: { entryNo: 'x', disputed: true } })).rejects.toMatchObject({
        code: 'data',
        message: expect.stringContaining('entryNo'),
      });
      await expect(connection(agent.url).push({ actionId: 'act-3', kind: 'delete_invoice', payload: {} })).rejects.toMatchObject({ code: 'data' });
      expect(agent.requests).toHaveLength(0);
    } finally {
      await agent.close();
    }
  });

  it('reports a refused token as an auth error without the token, and a reused action id as permanent', async () => {
    const agent = await startFakeAgent('the-right-token');
    try {
      const wrong = connection(agent.url, 'wrong-token-xyz');
      const error = await wrong.push({ actionId: 'act-4', kind: 'set_dunning_block', payload: { customer: 'C001', blocked: true } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'auth' });
      expect(String((error as Error).message)).not.toContain('wrong-token-xyz');
      const right = connection(agent.url, 'the-right-token');
      await right.push({ actionId: 'act-5', kind: 'set_dunning_block', payload: { customer: 'C001', blocked: true } });
      await expect(right.push({ actionId: 'act-5', kind: 'set_dunning_block', payload: { customer: 'C001', blocked: false } })).rejects.toMatchObject({ code: 'permanent', reason: 'action_id_reused' });
    } finally {
      await agent.close();
    }
  });

  it('refuses to write when no agent is configured, and says why SQL is not the way', async () => {
    await expect(connection(null).push({ actionId: 'act-6', kind: 'set_dunning_block', payload: { customer: 'C001', blocked: true } })).rejects.toMatchObject({
      code: 'config',
      message: expect.stringMatching(/no write-back agent.*never writes to Sage 100 tables with SQL/),
    });
  });
});
