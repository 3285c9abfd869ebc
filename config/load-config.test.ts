import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors';
import { Secret, secretRefSchema } from '../core/secret';
import { ConfigValidationError, loadConfig, loadTenantFile, type LoadConfigOptions } from './load-config';

/** A connection schema shaped like a real connector's: strict, with a URL and a secret. */
const odooConnection = z
  .object({
    url: z.url({ message: 'expected a URL such as https://acme.odoo.com' }),
    database: z.string().min(1),
    apiKey: secretRefSchema,
    pageSize: z.number().int().positive().default(200),
  })
  .strict();
const connectors = [{ id: 'odoo', configSchema: odooConnection }, { id: 'sage100', configSchema: z.object({}).loose() }];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arbridge-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes files (relative path → text) under the temp config dir. */
function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The lines a user reads when the config is refused (file names relative to the config dir). */
function problemLines(options: LoadConfigOptions = {}): string[] {
  try {
    loadConfig(dir, { relativeTo: dir, ...options });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    const [header, ...lines] = error.message.split('\n');
    expect(header).toBe(`invalid configuration (${lines.length === 1 ? '1 problem' : `${lines.length} problems`}):`);
    return lines;
  }
  throw new Error('expected the configuration to be refused');
}

const acme = `id: acme
name: Acme SA
timeZone: Europe/Paris
currency: EUR
sources:
  - id: odoo-main
    type: odoo
    connection:
      url: https://acme.odoo.com
      database: acme
      apiKey: env:ACME_ODOO_KEY
`;

describe('loadConfig: a valid directory', () => {
  it('loads every tenant, inheriting firm defaults that a tenant may override', () => {
    write({
      'firm.yaml': `name: Cabinet Martin
defaults:
  timeZone: Europe/Paris
  currency: EUR
  stalenessLimitHours: 12
  schedule:
    sync: "0 6 * * *"
  sourceDefaults:
    odoo:
      pageSize: 500
      database: shared
`,
      'tenants/acme.yaml': `id: acme
name: Acme SA
sources:
  - id: odoo-main
    type: odoo
    connection:
      url: https://acme.odoo.com
      database: acme
`,
      'tenants/globex.yml': `id: globex
name: Globex Inc.
timeZone: America/New_York
currency: USD
stalenessLimitHours: 4
sources:
  - id: erp
    type: sage100
    connection:
      dsn: GLOBEX
`,
    });

    const { firm, tenants, files } = loadConfig(dir);

    expect(firm).toEqual({
      name: 'Cabinet Martin',
      defaults: { timeZone: 'Europe/Paris', currency: 'EUR', stalenessLimitHours: 12, schedule: { sync: '0 6 * * *' }, sourceDefaults: { odoo: { pageSize: 500, database: 'shared' } } },
    });
    expect(tenants.map((tenant) => tenant.id)).toEqual(['acme', 'globex']);
    const [acmeTenant, globex] = tenants;
    // Inherited whole, and merged under the connection of a source of that type; the tenant's own value wins.
    expect(acmeTenant).toMatchObject({ timeZone: 'Europe/Paris', currency: 'EUR', stalenessLimitHours: 12, schedule: { sync: '0 6 * * *' } });
    expect(acmeTenant?.sources[0]?.connection).toEqual({ url: 'https://acme.odoo.com', database: 'acme', pageSize: 500 });
    expect(acmeTenant?.sources[0]?.enabled).toBe(true);
    // Overridden; odoo's source defaults do not reach a sage100 source.
    expect(globex).toMatchObject({ timeZone: 'America/New_York', currency: 'USD', stalenessLimitHours: 4, schedule: { sync: '0 6 * * *' } });
    expect(globex?.sources[0]?.connection).toEqual({ dsn: 'GLOBEX' });
    expect(files).toEqual({ acme: join(dir, 'tenants/acme.yaml'), globex: join(dir, 'tenants/globex.yml') });
  });

  it('works without firm.yaml, with the schema defaults', () => {
    write({ 'tenants/acme.yaml': acme });
    const { firm, tenants } = loadConfig(dir);
    expect(firm).toEqual({ defaults: {} });
    expect(tenants[0]).toMatchObject({ id: 'acme', schedule: { sync: '0 */2 * * *' }, stalenessLimitHours: 26 });
  });

  it('loads the shipped examples', () => {
    const demo = loadConfig(join(__dirname, 'examples/demo'));
    expect(demo.tenants).toHaveLength(1);
    expect(demo.tenants[0]).toMatchObject({ id: 'demo', timeZone: 'Europe/Paris', currency: 'EUR' });
    expect(demo.tenants[0]?.sources[0]).toMatchObject({ type: 'odoo', connection: { apiKey: 'env:ODOO_API_KEY' } });
    const firm = loadConfig(join(__dirname, 'examples/firm'));
    expect(firm.tenants.map((tenant) => tenant.id)).toEqual(['boulangerie-martin', 'garage-dupuis', 'lyon-export']);
    expect(firm.tenants.map((tenant) => tenant.currency)).toEqual(['EUR', 'EUR', 'USD']);
  });
});

describe('loadConfig: single tenant file', () => {
  it('loads a tenant file given on its own, without a directory layout or name rule', () => {
    write({ 'arbridge.yaml': acme });
    expect(loadTenantFile(join(dir, 'arbridge.yaml')).id).toBe('acme');
    expect(loadConfig(join(dir, 'arbridge.yaml')).tenants.map((tenant) => tenant.id)).toEqual(['acme']);
  });

  it('applies a firm file given alongside', () => {
    write({ 'firm.yaml': 'defaults:\n  stalenessLimitHours: 3\n', 'acme.yaml': acme });
    expect(loadTenantFile(join(dir, 'acme.yaml'), { firmFile: join(dir, 'firm.yaml') }).stalenessLimitHours).toBe(3);
  });
});

describe('loadConfig: each problem names file, line, column, path and fix', () => {
  it('a wrong type: expected and found', () => {
    write({ 'tenants/acme.yaml': `${acme}stalenessLimitHours: 26h\n` });
    expect(problemLines()).toEqual(['tenants/acme.yaml:12:22: stalenessLimitHours: expected a number, found "26h"']);
  });

  it('a missing field: where it belongs and what it should be', () => {
    write({ 'tenants/acme.yaml': acme.replace('name: Acme SA\n', '') });
    expect(problemLines()).toEqual(['tenants/acme.yaml:1:1: name: missing (expected text)']);
  });

  it('an unknown key: the closest known key, at the key itself', () => {
    write({ 'tenants/acme.yaml': acme.replace('timeZone:', 'timezone:').replace('    connection:', '    conection:') });
    expect(problemLines()).toEqual([
      'tenants/acme.yaml:3:1: timezone: unknown key; did you mean "timeZone"? (allowed here: id, name, timeZone, currency, sources, schedule, stalenessLimitHours, collections, dispatch, reporting)',
      'tenants/acme.yaml:8:5: sources[0].conection: unknown key; did you mean "connection"? (allowed here: id, type, connection, enabled)',
    ]);
  });

  it('a database URL: belongs in the environment, not in tenant config', () => {
    write({ 'tenants/acme.yaml': `${acme}databaseUrl: postgres://localhost/arbridge\n` });
    expect(problemLines()).toEqual([
      'tenants/acme.yaml:12:1: databaseUrl: unknown key: the database is not configured per tenant; the store reads DATABASE_URL from the environment, remove this line',
    ]);
  });

  it('a bad time zone and currency, with a suggestion', () => {
    write({ 'tenants/acme.yaml': acme.replace('Europe/Paris', 'Europe/Pari').replace('EUR', 'eur') });
    expect(problemLines()).toEqual([
      'tenants/acme.yaml:3:11: timeZone: expected an IANA time zone such as Europe/Paris, found "Europe/Pari"; did you mean "Europe/Paris"?',
      'tenants/acme.yaml:4:11: currency: expected an ISO 4217 currency code such as EUR, found "eur"; did you mean "EUR"?',
    ]);
  });

  it('a time zone written as a city: the zone that names it', () => {
    write({ 'tenants/acme.yaml': acme.replace('Europe/Paris', 'Paris') });
    expect(problemLines()).toEqual([
      'tenants/acme.yaml:3:11: timeZone: expected an IANA time zone such as Europe/Paris, found "Paris"; did you mean "Europe/Paris"?',
    ]);
  });

  it('a duplicate source id, along with every other problem of the tenant', () => {
    write({
      'tenants/acme.yaml': `${acme}  - id: odoo-main
    type: sage100
    connection: {}
    enabled: yes
schedule:
  sync: every hour
`,
    });
    expect(problemLines()).toEqual([
      'tenants/acme.yaml:12:9: sources[1].id: source id "odoo-main" is already used by sources[0]; give each source its own id',
      'tenants/acme.yaml:15:14: sources[1].enabled: expected true or false, found "yes"',
      'tenants/acme.yaml:17:9: schedule.sync: expected a cron expression of 5 fields such as "0 */2 * * *", found "every hour"',
    ]);
  });

  it('a duplicate tenant id across files, and a file named after another id', () => {
    write({ 'tenants/acme.yaml': acme, 'tenants/acme-copy.yaml': acme });
    expect(problemLines()).toEqual([
      'tenants/acme-copy.yaml:1:5: id: "acme" does not match the file name acme-copy.yaml: rename the file to acme.yaml or set id: acme-copy',
      'tenants/acme-copy.yaml:1:5: id: tenant id "acme" is already used by tenants/acme.yaml; each tenant needs its own id',
    ]);
  });

  it('a YAML syntax error: line and column, and the usual fix', () => {
    write({ 'tenants/acme.yaml': acme.replace('  - id: odoo-main\n', '  - id: odoo-main\n\t') });
    expect(problemLines()).toEqual(['tenants/acme.yaml:7:1: YAML syntax: a tab is used for indentation; indent with spaces']);
    write({ 'tenants/acme.yaml': acme.replace('name: Acme SA', 'name: Acme SA\nname: Acme') });
    expect(problemLines()).toEqual(['tenants/acme.yaml:3:1: YAML syntax: "name" is set twice in the same mapping; keep one']);
  });

  it('problems of all files at once, firm.yaml first, and an error callers can classify', () => {
    write({
      'firm.yaml': 'defaults:\n  currency: EURO\n',
      'tenants/acme.yaml': acme.replace('EUR', 'EURO'),
      'tenants/broken.yaml': 'id: broken\nname: "unterminated\n',
      'tenants/empty.yaml': '',
    });
    let caught: unknown;
    try {
      loadConfig(dir, { relativeTo: dir });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigValidationError;
    expect(error.code).toBe('config');
    expect(error.reason).toBe('invalid_config');
    expect(error.problems.map((problem) => problem.file)).toEqual(['firm.yaml', 'tenants/acme.yaml', 'tenants/broken.yaml', 'tenants/empty.yaml']);
    expect(error.problems[0]).toEqual({ file: 'firm.yaml', line: 2, column: 13, path: 'defaults.currency', message: 'expected an ISO 4217 currency code such as EUR, found "EURO"' });
    expect(error.message.split('\n').slice(3)).toEqual([
      'tenants/broken.yaml:3:1: YAML syntax: a value opened with " is never closed; add the closing " where the value ends',
      'tenants/empty.yaml:1:1: the file is empty: expected a tenant with id, name, timeZone, currency and sources',
    ]);
  });

  it('a bad inherited default is reported once, in firm.yaml, not once per tenant', () => {
    write({
      'firm.yaml': 'defaults:\n  timeZone: Europe/Pari\n  currency: EUR\n',
      'tenants/acme.yaml': acme.replace('timeZone: Europe/Paris\n', ''),
      'tenants/globex.yaml': acme.replace('id: acme', 'id: globex').replace('timeZone: Europe/Paris\n', ''),
    });
    expect(problemLines()).toEqual([
      'firm.yaml:2:13: defaults.timeZone: expected an IANA time zone such as Europe/Paris, found "Europe/Pari"; did you mean "Europe/Paris"?',
    ]);
  });

  it('no tenant files: says where they go', () => {
    write({ 'firm.yaml': 'defaults: {}\n', 'acme.yaml': acme });
    expect(problemLines()).toEqual(['tenants: no tenants directory: expected one file per client company, tenants/<id>.yaml; move acme.yaml into tenants/']);
  });
});

describe('loadConfig: source connections checked by the connector', () => {
  it('places validateSource issues under sources[i].connection, at the right line', () => {
    write({ 'tenants/acme.yaml': acme.replace('https://acme.odoo.com', 'acme') });
    const lines = problemLines({
      validateSource: (source) => {
        const parsed = odooConnection.safeParse(source.connection);
        return parsed.success ? null : parsed.error;
      },
    });
    expect(lines).toEqual([
      'tenants/acme.yaml:9:12: sources[0].connection.url: expected a URL such as https://acme.odoo.com, found "acme"',
      'tenants/acme.yaml:11:15: sources[0].connection.apiKey: environment variable ACME_ODOO_KEY is not set (the config says env:ACME_ODOO_KEY)',
    ]);
  });

  it('accepts plain issue lists from the hook, and tells it which source it checks', () => {
    write({ 'tenants/acme.yaml': acme });
    const seen: unknown[] = [];
    const lines = problemLines({
      validateSource: (source, context) => {
        seen.push({ id: source.id, ...context });
        return [{ code: 'custom', path: ['database'], message: 'database "acme" does not exist on this server' }];
      },
    });
    expect(seen).toEqual([{ id: 'odoo-main', tenantId: 'acme', file: join(dir, 'tenants/acme.yaml'), index: 0 }]);
    expect(lines).toEqual(['tenants/acme.yaml:10:17: sources[0].connection.database: database "acme" does not exist on this server']);
  });

  it('with the connectors list: unknown types and misspelt connection keys get suggestions (and no "missing" echo)', () => {
    process.env.ACME_ODOO_KEY = 'k-123456789';
    try {
      write({ 'tenants/acme.yaml': acme.replace('type: odoo', 'type: odo') + '  - id: second\n    type: odoo\n    connection:\n      url: https://acme.odoo.com\n      database: acme\n      apikey: env:ACME_ODOO_KEY\n' });
      expect(problemLines({ connectors })).toEqual([
        'tenants/acme.yaml:7:11: sources[0].type: expected one of "odoo", "sage100", found "odo"; did you mean "odoo"?',
        'tenants/acme.yaml:17:7: sources[1].connection.apikey: unknown key; did you mean "apiKey"? (allowed here: url, database, apiKey, pageSize)',
      ]);
    } finally {
      delete process.env.ACME_ODOO_KEY;
    }
  });

  it('a connection setting inherited from firm.yaml is reported in firm.yaml', () => {
    process.env.ACME_ODOO_KEY = 'k-123456789';
    try {
      write({ 'firm.yaml': 'defaults:\n  sourceDefaults:\n    odoo:\n      pageSize: "500"\n', 'tenants/acme.yaml': acme });
      expect(problemLines({ connectors })).toEqual(['firm.yaml:4:17: defaults.sourceDefaults.odoo.pageSize: expected a number, found "500"']);
    } finally {
      delete process.env.ACME_ODOO_KEY;
    }
  });

  it('skips the connection of a disabled source', () => {
    write({ 'tenants/acme.yaml': `${acme}    enabled: false\n` });
    expect(loadConfig(dir, { connectors }).tenants[0]?.sources[0]?.enabled).toBe(false);
  });
});

describe('loadConfig: secrets', () => {
  it('refuses a literal secret and never prints its value', () => {
    const literal = 'sk-live-9f8e7d6c5b4a';
    write({ 'tenants/acme.yaml': acme.replace('env:ACME_ODOO_KEY', literal) });
    let caught: unknown;
    try {
      loadConfig(dir, { relativeTo: dir, connectors });
    } catch (error) {
      caught = error;
    }
    const error = caught as ConfigValidationError;
    expect(error.message.split('\n').slice(1)).toEqual([
      'tenants/acme.yaml:11:15: sources[0].connection.apiKey: secrets are never written in config: use env:NAME (an environment variable) or file:path (a file holding the value)',
    ]);
    expect(error.message).not.toContain(literal);
    expect(JSON.stringify(error.problems)).not.toContain(literal);
  });

  it('shows a secret-named value as (hidden) when it has the wrong type', () => {
    write({ 'tenants/acme.yaml': acme.replace('env:ACME_ODOO_KEY', '918273645') });
    const lines = problemLines({ connectors });
    expect(lines).toEqual(['tenants/acme.yaml:11:15: sources[0].connection.apiKey: expected text, found (hidden)']);
    expect(lines.join('\n')).not.toContain('918273645');
  });

  it('keeps a literal secret out of the text even when a YAML error quotes its line', () => {
    write({ 'tenants/acme.yaml': acme.replace('env:ACME_ODOO_KEY', '"hunter2-secret-value') });
    const lines = problemLines({ connectors });
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines[0]).toMatch(/^tenants\/acme\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('resolves env: and file: secrets, file: paths relative to the tenant file', () => {
    process.env.ARBRIDGE_TEST_ODOO_KEY = 'env-secret-value-42';
    try {
      write({
        'tenants/acme.yaml': acme.replace('env:ACME_ODOO_KEY', 'env:ARBRIDGE_TEST_ODOO_KEY'),
        'tenants/globex.yaml': acme.replace('id: acme', 'id: globex').replace('env:ACME_ODOO_KEY', 'file:secrets/globex.key'),
        'tenants/secrets/globex.key': 'file-secret-value-43\n',
      });
      const resolved: Record<string, string> = {};
      const { tenants } = loadConfig(dir, {
        connectors,
        validateSource: (source, { tenantId }) => {
          const parsed = odooConnection.safeParse(source.connection);
          if (parsed.success) resolved[tenantId] = (parsed.data.apiKey as Secret).reveal();
          return parsed.success ? null : parsed.error;
        },
      });
      expect(tenants.map((tenant) => tenant.id)).toEqual(['acme', 'globex']);
      expect(resolved).toEqual({ acme: 'env-secret-value-42', globex: 'file-secret-value-43' });
    } finally {
      delete process.env.ARBRIDGE_TEST_ODOO_KEY;
    }
  });

  it('names a missing secret file without its content', () => {
    write({ 'tenants/acme.yaml': acme.replace('env:ACME_ODOO_KEY', 'file:secrets/nope.key') });
    expect(problemLines({ connectors })).toEqual(['tenants/acme.yaml:11:15: sources[0].connection.apiKey: cannot read secret file secrets/nope.key (ENOENT)']);
  });
});
