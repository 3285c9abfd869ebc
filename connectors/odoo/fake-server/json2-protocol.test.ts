import { generateCompany } from './demo-company';
import { startFakeOdoo, type FakeOdoo } from './fake-odoo-server';
import { post } from './test-client';

describe('JSON-2 on Odoo 19', () => {
  let odoo: FakeOdoo;
  const json2 = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    post(`${odoo.url}/json/2/${path}`, body, { Authorization: `bearer ${odoo.apiKey}`, 'X-Odoo-Database': odoo.db, ...headers });

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 19, company: generateCompany({ seed: 3, asOf: '2026-01-15', customers: 15, invoices: 80, companies: 2 }) });
  });
  afterAll(() => odoo.close());

  it('answers search_read with a plain JSON list, many2one bare with load ""', async () => {
    const response = await json2('account.move/search_read', {
      domain: [['move_type', '=', 'out_invoice']],
      fields: ['name', 'partner_id', 'currency_id', 'write_date'],
      limit: 2,
      order: 'id asc',
      load: '',
    });
    expect(response.status).toBe(200);
    const rows = response.json as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(typeof rows[0]?.['partner_id']).toBe('number');
    expect(rows[0]?.['write_date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('reads with ids in the body and returns recordsets as id lists', async () => {
    const ids = (await json2('res.currency/search', { domain: [['name', 'in', ['EUR', 'USD']]], order: 'id' })).json;
    expect(ids).toEqual([1, 2]);
    const read = await json2('res.currency/read', { ids: [2, 999, 1], fields: ['name'] });
    expect(read.json).toEqual([
      { id: 2, name: 'USD' },
      { id: 1, name: 'EUR' },
    ]);
  });

  it('answers 401 with the serialized Unauthorized for a bad key, without echoing it', async () => {
    const response = await json2('res.partner/search', { domain: [] }, { Authorization: 'bearer wrong-key-123' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('bearer');
    expect(response.json).toMatchObject({ name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey', arguments: ['Invalid apikey', 401], context: {} });
    expect(Object.keys(response.json as object)).toEqual(['name', 'message', 'arguments', 'context', 'debug']);
    expect(response.text).not.toContain('wrong-key-123');
    const missing = await post(`${odoo.url}/json/2/res.partner/search`, { domain: [] });
    expect(missing.status).toBe(401);
  });

  it('maps errors to statuses: 422 bad arguments, 404 unknown model or method, 403 companies, 500 invalid field', async () => {
    expect((await json2('res.partner/search_read', { domain: [], bogus: 1 })).status).toBe(422);
    expect((await json2('res.partner/search_read', { ids: [1], domain: [] })).status).toBe(422);
    const unknownModel = await json2('no.such.model/search', { domain: [] });
    expect(unknownModel.status).toBe(404);
    expect((unknownModel.json as { name: string }).name).toBe('werkzeug.exceptions.NotFound');
    expect((await json2('res.partner/frobnicate', {})).status).toBe(404);
    const companies = await json2('account.move/search', { domain: [], context: { allowed_company_ids: [99] } });
    expect(companies.status).toBe(403);
    expect(companies.json).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Access to unauthorized or invalid companies.' });
    const mobile = await json2('res.partner/search_read', { domain: [], fields: ['mobile'], limit: 1 });
    expect(mobile.status).toBe(500);
    expect(mobile.json).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'mobile' on model 'res.partner'" });
  });

  it('answers a malformed body with 400 and an unknown database with 404', async () => {
    const malformed = await json2('res.partner/search', '{"domain": [');
    expect(malformed.status).toBe(400);
    expect((malformed.json as { name: string }).name).toBe('werkzeug.exceptions.BadRequest');
    expect((await json2('res.partner/search', { domain: [] }, { 'X-Odoo-Database': 'elsewhere' })).status).toBe(404);
  });

  it('writes with ids and vals, and answers true', async () => {
    const response = await json2('res.partner/write', { ids: [3], vals: { ref: 'NEW-REF' } });
    expect(response.status).toBe(200);
    expect(response.json).toBe(true);
    const read = await json2('res.partner/read', { ids: [3], fields: ['ref'] });
    expect(read.json).toEqual([{ id: 3, ref: 'NEW-REF' }]);
  });

  it('turns an injected Odoo error into its status', async () => {
    odoo.failNextWithOdooError({ name: 'psycopg2.errors.SerializationFailure' });
    const response = await json2('res.partner/search', { domain: [] });
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ name: 'psycopg2.errors.SerializationFailure' });
    odoo.failNextWithOdooError({ name: 'odoo.exceptions.LockError' });
    expect((await json2('res.partner/search', { domain: [] })).status).toBe(409);
    expect((await json2('res.partner/search', { domain: [] })).status).toBe(200);
  });
});
