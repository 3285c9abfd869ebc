import { sage100ConfigSchema } from './config';

describe('Sage 100 connection config', () => {
  beforeAll(() => (process.env.TEST_SAGE_CFG_PASSWORD = 'pw'));
  afterAll(() => delete process.env.TEST_SAGE_CFG_PASSWORD);

  it('reads a DSN source as ODBC and a server source as mssql, with defaults', () => {
    expect(sage100ConfigSchema.parse({ dsn: 'GARAGE', user: 'ro', password: 'env:TEST_SAGE_CFG_PASSWORD' })).toMatchObject({ driver: 'odbc', pageSize: 1000, overlapMinutes: 5, writeBack: { mode: 'none' } });
    expect(sage100ConfigSchema.parse({ server: 'sql', database: 'BIJOU', user: 'ro', password: 'env:TEST_SAGE_CFG_PASSWORD' })).toMatchObject({ driver: 'mssql', port: 1433, encrypt: true });
  });

  it('refuses direct SQL writes with the reason, whatever else the block says', () => {
    const result = sage100ConfigSchema.safeParse({ dsn: 'GARAGE', writeBack: { mode: 'sql', iKnowWhatIAmDoing: true } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toMatch(/direct SQL writes are refused: .*triggers.*agent/);
  });

  it('keeps passwords out of connection strings and literals out of config', () => {
    const inString = sage100ConfigSchema.safeParse({ connectionString: 'Driver={ODBC Driver 18 for SQL Server};Server=x;PWD=hunter2' });
    expect(inString.error?.issues[0]?.message).toMatch(/put the password in `password`/);
    const literal = sage100ConfigSchema.safeParse({ server: 'sql', database: 'B', user: 'ro', password: 'hunter2' });
    expect(literal.error?.issues[0]?.message).toMatch(/secrets are never written in config/);
  });

  it('wants exactly one of dsn and connectionString', () => {
    expect(sage100ConfigSchema.safeParse({ driver: 'odbc' }).error?.issues[0]?.message).toBe('give exactly one of dsn or connectionString');
  });
});

describe('the shipped Sage example', () => {
  it('has a connection block this schema accepts', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const file = parse(readFileSync(`${__dirname}/../../config/examples/firm/tenants/garage-dupuis.yaml`, 'utf8')) as {
      sources: Array<{ type: string; connection: Record<string, unknown> }>;
    };
    const source = file.sources[0];
    expect(source?.type).toBe('sage100');
    process.env.TEST_SAGE_EXAMPLE_PASSWORD = 'pw';
    try {
      // The file: secret is swapped for an env: one; everything else is checked as written.
      const parsed = sage100ConfigSchema.safeParse({ ...source?.connection, password: 'env:TEST_SAGE_EXAMPLE_PASSWORD' });
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toMatchObject({ driver: 'odbc', dsn: 'GARAGE_DUPUIS', companyId: 'GARAGE_DUPUIS' });
    } finally {
      delete process.env.TEST_SAGE_EXAMPLE_PASSWORD;
    }
  });
});
