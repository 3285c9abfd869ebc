import { applyFirmDefaults, firmPathOf, mergeSettings } from './firm-defaults';

describe('applyFirmDefaults', () => {
  it('merges mappings key by key; the tenant wins; lists and values are replaced', () => {
    const defaults = { timeZone: 'Europe/Paris', schedule: { sync: '0 6 * * *' }, tags: ['a', 'b'] };
    const tenant = { id: 'acme', schedule: {}, tags: ['c'], timeZone: 'UTC' };
    expect(applyFirmDefaults(defaults, tenant)).toEqual({ id: 'acme', timeZone: 'UTC', schedule: { sync: '0 6 * * *' }, tags: ['c'] });
  });

  it('merges sourceDefaults[type] under the connection of each source of that type', () => {
    const defaults = { sourceDefaults: { odoo: { pageSize: 500, options: { retries: 3, timeoutMs: 1000 } } } };
    const tenant = {
      sources: [
        { id: 'a', type: 'odoo', connection: { url: 'https://a.example', options: { timeoutMs: 5000 } } },
        { id: 'b', type: 'sage100', connection: { dsn: 'B' } },
        { id: 'c', type: 'odoo' },
      ],
    };
    expect(applyFirmDefaults(defaults, tenant)).toEqual({
      sources: [
        { id: 'a', type: 'odoo', connection: { url: 'https://a.example', pageSize: 500, options: { retries: 3, timeoutMs: 5000 } } },
        { id: 'b', type: 'sage100', connection: { dsn: 'B' } },
        { id: 'c', type: 'odoo', connection: { pageSize: 500, options: { retries: 3, timeoutMs: 1000 } } },
      ],
    });
  });

  it('leaves the tenant as written when there are no defaults or it is not a mapping', () => {
    expect(applyFirmDefaults(undefined, { id: 'acme' })).toEqual({ id: 'acme' });
    expect(applyFirmDefaults({ timeZone: 'UTC' }, ['not', 'a', 'tenant'])).toEqual(['not', 'a', 'tenant']);
    expect(mergeSettings({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

describe('firmPathOf', () => {
  it('says where firm.yaml sets a tenant setting', () => {
    expect(firmPathOf(['schedule', 'sync'], [])).toEqual(['defaults', 'schedule', 'sync']);
    expect(firmPathOf(['sources', 1, 'connection', 'pageSize'], ['sage100', 'odoo'])).toEqual(['defaults', 'sourceDefaults', 'odoo', 'pageSize']);
    expect(firmPathOf(['sources', 0, 'id'], ['odoo'])).toBeNull();
    expect(firmPathOf(['id'], [])).toBeNull();
  });
});
