import { generateCompany } from './demo-company';
import { startFakeOdoo, type FakeOdoo } from './fake-odoo-server';
import type { OdooVersion } from './odoo-version';
import { jsonRpc, objectCaller, odooError, post } from './test-client';

const company = () => generateCompany({ seed: 7, asOf: '2026-01-15', customers: 12, invoices: 60 });

describe.each([16, 17, 18, 19] as OdooVersion[])('JSON-RPC on Odoo %i', (version) => {
  let odoo: FakeOdoo;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version, company: company() });
  });
  afterAll(() => odoo.close());

  it('answers common.version with the version info', async () => {
    const { status, envelope } = await jsonRpc(odoo.url, 'common', 'version', [], 42);
    expect(status).toBe(200);
    expect(envelope).toEqual({
      jsonrpc: '2.0',
      id: 42,
      result: { server_version: `${version}.0`, server_version_info: [version, 0, 0, 'final', 0, ''], server_serie: `${version}.0`, protocol_version: 1 },
    });
  });

  it('authenticates with the API key, and answers false (not an error) to a wrong one', async () => {
    const ok = await jsonRpc(odoo.url, 'common', 'authenticate', [odoo.db, odoo.login, odoo.apiKey, {}]);
    expect(ok.envelope['result']).toBe(odoo.uid);
    const bad = await jsonRpc(odoo.url, 'common', 'authenticate', [odoo.db, odoo.login, 'wrong', {}]);
    expect(bad.envelope).toEqual({ jsonrpc: '2.0', id: 1, result: false });
    const login = await jsonRpc(odoo.url, 'common', 'login', [odoo.db, odoo.login, odoo.apiKey]);
    expect(login.envelope['result']).toBe(odoo.uid);
  });

  it('wraps AccessDenied for a wrong key in HTTP 200 with the version error code and key order', async () => {
    const { status, envelope } = await jsonRpc(odoo.url, 'object', 'execute_kw', [odoo.db, odoo.uid, 'not-the-key', 'res.partner', 'search', [[]]]);
    expect(status).toBe(200);
    const error = envelope['error'] as { code: number; message: string; data: Record<string, unknown> };
    expect(error.code).toBe(version >= 19 ? 0 : 200);
    expect(error.message).toBe('Odoo Server Error');
    expect(error.data['name']).toBe('odoo.exceptions.AccessDenied');
    expect(error.data['message']).toBe('Access Denied');
    expect(error.data['arguments']).toEqual(['Access Denied']);
    expect(error.data['context']).toEqual({});
    expect(typeof error.data['debug']).toBe('string');
    expect(Object.keys(error.data)).toEqual(version >= 19 ? ['name', 'message', 'arguments', 'context', 'debug'] : ['name', 'debug', 'message', 'arguments', 'context']);
  });

  it('runs search_read through execute_kw', async () => {
    const call = objectCaller(odoo);
    const rows = await call<Record<string, unknown>[]>('res.currency', 'search_read', [[['name', '=', 'EUR']]], { fields: ['name', 'decimal_places'] });
    expect(rows).toEqual([{ id: 1, name: 'EUR', decimal_places: 2 }]);
  });

  it('names the unknown method the way the version does', async () => {
    const error = await odooError(objectCaller(odoo)('account.move', 'frobnicate'));
    expect(error.data['name']).toBe('builtins.AttributeError');
    expect(error.data['message']).toBe(version >= 19 ? "The method 'account.move.frobnicate' does not exist" : "The method 'frobnicate' does not exist on the model 'account.move'");
  });

  it('refuses private methods with AccessError', async () => {
    const error = await odooError(objectCaller(odoo)('account.move', '_compute_amount'));
    expect(error.data['name']).toBe('odoo.exceptions.AccessError');
  });

  it('answers malformed JSON with a plain-text 400', async () => {
    const response = await post(`${odoo.url}/jsonrpc`, '{"jsonrpc": "2.0", "params": ');
    expect(response.status).toBe(400);
    expect(response.text).toBe('Invalid JSON data');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const notObject = await post(`${odoo.url}/jsonrpc`, '[1, 2]');
    expect(notObject.status).toBe(400);
    expect(notObject.text).toBe('Invalid JSON-RPC data');
  });

  it('answers an unknown route with a code 404 envelope', async () => {
    const response = await post(`${odoo.url}/no/such/route`, { jsonrpc: '2.0', method: 'call', params: {} });
    expect(response.status).toBe(404);
    const error = (response.json as { error: { code: number; message: string; data: { name: string } } }).error;
    expect(error.code).toBe(404);
    expect(error.message).toBe('404: Not Found');
    expect(error.data.name).toBe('werkzeug.exceptions.NotFound');
  });

  it('serves /web/webclient/version_info on every version', async () => {
    const response = await post(`${odoo.url}/web/webclient/version_info`, { jsonrpc: '2.0', method: 'call', id: 3, params: {} });
    expect(response.status).toBe(200);
    expect((response.json as { result: { server_serie: string } }).result.server_serie).toBe(`${version}.0`);
  });

  it(version >= 19 ? 'serves GET /web/version' : 'has no GET /web/version before 19', async () => {
    const response = await fetch(`${odoo.url}/web/version`);
    if (version >= 19) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
    } else {
      expect(response.status).toBe(404);
    }
  });

  if (version < 19) {
    it('has no JSON-2 route', async () => {
      const response = await post(`${odoo.url}/json/2/res.partner/search_read`, { domain: [] }, { Authorization: `bearer ${odoo.apiKey}` });
      expect(response.status).toBe(404);
      expect((response.json as { error: { code: number } }).error.code).toBe(404);
    });
  }
});

describe('JSON-RPC details', () => {
  it('answers 404 on /jsonrpc when the 19 rpc module is uninstalled', async () => {
    const odoo = await startFakeOdoo({ version: 19, company: company(), rpcModuleInstalled: false });
    try {
      const { status, envelope } = await jsonRpc(odoo.url, 'common', 'version', []);
      expect(status).toBe(404);
      expect((envelope['error'] as { code: number }).code).toBe(404);
    } finally {
      await odoo.close();
    }
  });

  it('can answer unknown routes in HTTP 200 like the JsonRPCDispatcher', async () => {
    const odoo = await startFakeOdoo({ version: 17, company: company(), notFoundStyle: 'jsonrpc-200' });
    try {
      const response = await post(`${odoo.url}/json/2/res.partner/search`, {});
      expect(response.status).toBe(200);
      expect((response.json as { error: { code: number } }).error.code).toBe(404);
    } finally {
      await odoo.close();
    }
  });

  it('refuses a request that is not JSON, and a wrong database', async () => {
    const odoo = await startFakeOdoo({ version: 16, company: company() });
    try {
      const response = await fetch(`${odoo.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
      expect(response.status).toBe(400);
      const { envelope } = await jsonRpc(odoo.url, 'common', 'authenticate', ['other_db', odoo.login, odoo.apiKey, {}]);
      expect((envelope['error'] as { data: { name: string } }).data.name).toBe('psycopg2.OperationalError');
      const { envelope: short } = await jsonRpc(odoo.url, 'common', 'authenticate', [odoo.db, odoo.login, odoo.apiKey]);
      expect((short['error'] as { data: { name: string } }).data.name).toBe('builtins.TypeError');
    } finally {
      await odoo.close();
    }
  });

  it('accepts execute (positional) as well as execute_kw, and generator options for the company', async () => {
    const odoo = await startFakeOdoo({ version: 17, company: { seed: 2, asOf: '2026-01-15', customers: 5, invoices: 20 } });
    try {
      const { envelope } = await jsonRpc(odoo.url, 'object', 'execute', [odoo.db, odoo.uid, odoo.apiKey, 'res.currency', 'search', [['name', '=', 'USD']]]);
      expect(envelope['result']).toEqual([2]);
    } finally {
      await odoo.close();
    }
  });
});
