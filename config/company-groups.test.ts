import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigValidationError, loadConfig } from './load-config';

// firm.yaml's `groups` and the `reporting` settings: loaded, inherited, and refused with file:line:col.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arbridge-groups-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const tenant = (id: string, extra = '', currency = 'EUR') => `id: ${id}
name: ${id} SA
timeZone: Europe/Paris
currency: ${currency}
sources:
  - { id: erp, type: odoo, connection: { url: "https://${id}.example" } }
${extra}`;

function problems(): string[] {
  try {
    loadConfig(dir, { relativeTo: dir });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.message.split('\n').slice(1);
  }
  throw new Error('expected the configuration to be refused');
}

describe('groups of companies in firm.yaml', () => {
  it('loads a group with its members, reporting currency and rates (a YAML number kept as the decimal written)', () => {
    write({
      'firm.yaml': 'groups:\n  north:\n    name: North Group\n    members: [alpha, beta]\n    currency: EUR\n    rates: { USD: 0.9215 }\n    ratesSource: ECB reference, 2026-11-20\n',
      'tenants/alpha.yaml': tenant('alpha'),
      'tenants/beta.yaml': tenant('beta', '', 'USD'),
    });
    expect(loadConfig(dir).firm.groups).toEqual({ north: { name: 'North Group', members: ['alpha', 'beta'], currency: 'EUR', rates: { USD: '0.9215' }, ratesSource: 'ECB reference, 2026-11-20' } });
  });

  it('names the line of a member that is no tenant, with the tenant it most likely means', () => {
    write({
      'firm.yaml': 'groups:\n  north:\n    name: North Group\n    members:\n      - alpha\n      - bta\n    currency: EUR\n',
      'tenants/alpha.yaml': tenant('alpha'),
      'tenants/beta.yaml': tenant('beta'),
    });
    expect(problems()).toEqual(['firm.yaml:6:9: groups.north.members[1]: no tenant "bta" in tenants/; did you mean "beta"? (tenants: alpha, beta)']);
  });

  it('refuses a member whose currency has no rate into the group’s', () => {
    write({
      'firm.yaml': 'groups:\n  north:\n    name: North Group\n    members: [alpha, beta, gamma]\n    currency: EUR\n',
      'tenants/alpha.yaml': tenant('alpha'),
      'tenants/beta.yaml': tenant('beta', '', 'USD'),
      'tenants/gamma.yaml': tenant('gamma', '', 'USD'),
    });
    expect(problems()).toEqual(['firm.yaml:5:15: groups.north.currency: no rate for USD, the currency of beta, gamma: add USD: <units of EUR per USD> under rates']);
  });

  it('answers a misspelt key of a group with the key meant', () => {
    write({
      'firm.yaml': 'groups:\n  north:\n    name: North Group\n    members: [alpha]\n    currency: EUR\n    rate: { USD: "0.92" }\n',
      'tenants/alpha.yaml': tenant('alpha'),
    });
    expect(problems()).toEqual(['firm.yaml:6:5: groups.north.rate: unknown key; did you mean "rates"? (allowed here: name, members, currency, rates, ratesSource)']);
  });
});

describe('reporting.dsoMethod', () => {
  it('is total by default, countback from firm.yaml, and a tenant’s own setting wins', () => {
    write({
      'firm.yaml': 'defaults:\n  reporting: { dsoMethod: countback }\n',
      'tenants/alpha.yaml': tenant('alpha'),
      'tenants/beta.yaml': tenant('beta', 'reporting:\n  dsoMethod: total\n'),
    });
    expect(loadConfig(dir).tenants.map((t) => [t.id, t.reporting.dsoMethod])).toEqual([
      ['alpha', 'countback'],
      ['beta', 'total'],
    ]);
    rmSync(join(dir, 'firm.yaml'));
    expect(loadConfig(dir).tenants.map((t) => t.reporting.dsoMethod)).toEqual(['total', 'total']);
  });

  it('answers a misspelt method with file:line:col and the method meant', () => {
    write({ 'tenants/alpha.yaml': tenant('alpha', 'reporting:\n  dsoMethod: countbak\n') });
    expect(problems()).toEqual(['tenants/alpha.yaml:8:14: reporting.dsoMethod: expected one of "total", "countback", found "countbak"; did you mean "countback"?']);
  });
});
