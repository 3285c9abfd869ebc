import sql from 'mssql';
import { Parser } from 'node-sql-parser';
import { silentLogger } from '../../../core/logging/logger';
import { Secret } from '../../../core/secret';
import { FakeClock } from '../../../core/time/clock';
import { ConfigError } from '../../../core/errors';
import type { MappedRow } from '../../contract';
import { sage100ConfigSchema, type Sage100MssqlConfig } from '../config';
import { Sage100Connection } from '../connection';
import { MssqlExecutor, type MssqlPoolLike } from './mssql-executor';
import { loadOdbc } from './odbc-executor';

// The mssql path checked at the seam: the SQL text and typed parameters tedious would receive, and the
// rows SQL Server would answer (its own casing, Date objects for datetimes) mapped like ODBC's.

interface Sent {
  text: string;
  inputs: Array<{ name: string; type: unknown; value: unknown }>;
}

const columns = [
  ['F_COMPTET', ['CBMARQ', 'CBMODIFICATION', 'CT_NUM', 'CT_DATECREATE'], 'datetime'],
  ['F_CONTACTT', ['CT_NUM'], null],
  ['F_REGLEMENTT', ['CT_NUM'], null],
  ['F_ECRITUREC', ['CBMARQ', 'CBMODIFICATION', 'EC_ECHEANCE', 'EC_MONTANTREGLE', 'CBHASH'], 'datetime'],
  ['F_JOURNAUX', ['JO_NUM'], null],
  ['F_DOCENTETE', ['DO_PIECE', 'DO_NETAPAYER'], null],
  ['F_DOCREGL', ['DR_NO'], null],
  ['F_CREGLEMENT', ['RG_NO'], null],
  ['F_REGLECH', ['RG_NO'], null],
  ['P_DEVISE', ['D_CODEISO'], null],
  ['F_DRECOUVREMENT', ['N_LITIGE'], null],
  ['F_DRECOUVREMENTEC', ['EC_NO'], null],
  ['F_DRECOUVREMENTIV', ['IV_DATEPROMESSE'], null],
  ['P_LITIGE', ['L_INTITULE'], null],
] as const;

function fakeSqlServer(): { sent: Sent[]; connect: (config: sql.config) => Promise<MssqlPoolLike>; configs: sql.config[] } {
  const sent: Sent[] = [];
  const configs: sql.config[] = [];
  const answer = (text: string, inputs: Sent['inputs']): Array<Record<string, unknown>> => {
    if (text.includes('INFORMATION_SCHEMA.COLUMNS')) {
      return columns.flatMap(([table, cols, dateType]) =>
        cols.map((c) => ({
          table_name: table,
          column_name: c,
          data_type: c === 'CBMODIFICATION' ? 'smalldatetime' : c === 'EC_ECHEANCE' || c === 'CT_DATECREATE' ? (dateType ?? 'smalldatetime') : 'varchar',
          max_length: c === 'DO_PIECE' ? 13 : null,
        })),
      );
    }
    if (text.includes('FROM dbo.P_DEVISE')) return [{ cbIndice: 2, D_CodeISO: 'USD' }];
    if (text.startsWith('SELECT MAX(')) return [{ m: new Date(2026, 2, 30, 9, 0, 0) }];
    if (text.includes('GROUP BY e.cbMarq / 5000')) return [{ bucket: 0, n: 1, marqs: '41', lettered: '0', sides: '0', amounts: '1210.500000', settled: '0.000000' }];
    if (text.includes('FROM dbo.F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENT d') && text.includes('l.EC_No IN (')) {
      return [{ EC_No: 812, DR_Num: 'DR0001', N_Litige: 1, L_Intitule: 'Marchandise non conforme', DR_Resume: '', DR_DateDebut: new Date(2026, 0, 12) }];
    }
    if (text.includes('FROM dbo.F_DRECOUVREMENTIV iv WHERE iv.DR_Num IN')) return [{ cbMarq: 3, DR_Num: 'DR0001', IV_Date: new Date(2026, 2, 5), IV_DatePromesse: new Date(2026, 3, 15) }];
    if (text.includes('FROM dbo.F_ECRITUREC e') && inputs[0]?.value === 0 && text.includes('e.cbMarq > @p1')) {
      return [
        {
          cbMarq: 41, cbModification: new Date(2026, 2, 30, 9, 0, 0), EC_No: 812, JO_Num: 'VTE', JO_Type: 1, JM_Date: new Date(2026, 0, 1),
          EC_Jour: 10, EC_Date: new Date(2026, 0, 10), EC_Echeance: new Date(1900, 0, 1), EC_Piece: 'VT0001', EC_RefPiece: 'FA00001 ',
          EC_Intitule: 'Facture', CT_Num: 'C001', EC_Sens: 0, EC_Montant: '1210.500000', N_Devise: 2, EC_Devise: '1300.000000',
          EC_MontantRegle: '0.000000', EC_Lettre: 0, EC_Lettrage: '', EC_Rappel: 0, EC_DateRelance: new Date(1753, 0, 1),
          DO_Type: 7, DO_Provenance: 0, DR_Count: 2,
        },
      ];
    }
    return [];
  };
  return {
    sent,
    configs,
    connect: async (config) => {
      configs.push(config);
      return {
        request() {
          const inputs: Sent['inputs'] = [];
          return {
            input(name: string, type: unknown, value: unknown) {
              inputs.push({ name, type, value });
              return this;
            },
            async query(text: string) {
              sent.push({ text, inputs });
              return { recordset: answer(text, inputs) };
            },
          };
        },
        close: async () => undefined,
      };
    },
  };
}

const config = sage100ConfigSchema.parse({
  server: 'sage-sql.local',
  database: 'BIJOU',
  user: 'arbridge_ro',
  password: new Secret('s3cret-Pa55', 'env:TEST_SAGE_PASSWORD'),
  pageSize: 200,
}) as Sage100MssqlConfig;
const context = { tenantId: 't', sourceId: 'sage', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T16:00:00Z'), logger: silentLogger() };

async function pullAll(connection: Sage100Connection, stream: 'customers' | 'receivables' | 'payments' | 'allocations'): Promise<MappedRow[]> {
  const rows: MappedRow[] = [];
  for await (const page of connection.pull(stream, null)) rows.push(...page.rows);
  return rows;
}

describe('the mssql executor at the seam', () => {
  it('sends the connector SQL with @p parameters typed for Sage columns, and maps SQL Server rows like ODBC ones', async () => {
    const server = fakeSqlServer();
    const connection = new Sage100Connection(config, context, new MssqlExecutor(config, server.connect));
    const receivables = await pullAll(connection, 'receivables');
    for (const stream of ['customers', 'payments', 'allocations'] as const) await pullAll(connection, stream);
    await connection.close();

    expect(server.configs[0]?.options).toMatchObject({ useUTC: false, readOnlyIntent: true });
    const first = server.sent.find((s) => s.text.includes('FROM dbo.F_ECRITUREC e') && s.text.includes('e.cbMarq > @p1'));
    expect(first?.inputs).toEqual([{ name: 'p1', type: sql.Int, value: 0 }]);
    const change = server.sent.find((s) => s.text.includes('FROM dbo.F_ECRITUREC e') && s.text.includes('e.cbModification > @p1'));
    // The watermark 2026-03-30 09:00 minus the 5-minute overlap, as a typed datetime with wall-clock fields.
    expect(change?.inputs.map((i) => [i.name, i.value instanceof Date ? i.value.toString().slice(0, 24) : i.value])).toEqual([
      ['p1', 'Mon Mar 30 2026 08:55:00'],
      ['p2', 'Mon Mar 30 2026 08:55:00'],
      ['p3', 0],
    ]);
    // The entries come with their sales document joined; the schedule is read for a document of several lines only, by piece.
    expect(first?.text).toContain('LEFT JOIN dbo.F_DOCENTETE d7 ON d7.DO_Domaine = 0 AND d7.DO_Type = 7 AND d7.DO_Piece = RTRIM(e.EC_RefPiece)');
    const schedules = server.sent.filter((s) => s.text.startsWith('SELECT RTRIM(r.DO_Piece)'));
    expect(schedules.map((s) => s.inputs.map((i) => [i.name, i.value]))).toEqual([[['p1', 'FA00001']]]);
    expect(schedules[0]?.inputs[0]?.type).toMatchObject({ type: sql.VarChar });
    // The page's collection cases are read over its cbMarq span (one entry here: 41 to 41), not key by key.
    const cases = server.sent.find((s) => s.text.includes('FROM dbo.F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENT d'));
    expect(cases?.text).toContain('l.EC_No IN (SELECT e.EC_No FROM dbo.F_ECRITUREC e WHERE e.cbMarq >= @p1 AND e.cbMarq <= @p2)');
    expect(cases?.inputs).toEqual([{ name: 'p1', type: sql.Int, value: 41 }, { name: 'p2', type: sql.Int, value: 41 }]);
    const interventions = server.sent.find((s) => s.text.includes('FROM dbo.F_DRECOUVREMENTIV iv WHERE iv.DR_Num IN'));
    expect(interventions?.inputs.map((i) => [i.name, i.value])).toEqual([['p1', 'DR0001']]);
    // varchar, not nvarchar: an nvarchar parameter makes SQL Server convert the indexed varchar column.
    expect(interventions?.inputs[0]?.type).toMatchObject({ type: sql.VarChar });

    expect(receivables).toEqual([
      {
        ok: true,
        record: expect.objectContaining({
          externalId: '812', customerExternalId: 'C001', number: 'FA00001', currency: 'USD', amount: 130000, amountCompany: 121050,
          issueDate: '2026-01-10', dueDate: '2026-01-10', lastDunnedOn: null, sourceUpdatedAt: '2026-03-30T07:00:00.000Z',
          dispute: { disputed: true, reason: 'Marchandise non conforme', since: '2026-01-12' }, promiseToPay: { amount: 121050, until: '2026-04-15' },
        }),
      },
    ]);
  });

  it('sends only text that SQL Server parses: every query passes the Transact-SQL grammar, none uses TOP or LIMIT', async () => {
    const server = fakeSqlServer();
    const connection = new Sage100Connection(config, context, new MssqlExecutor(config, server.connect));
    for (const stream of ['customers', 'receivables', 'payments', 'allocations'] as const) await pullAll(connection, stream);
    // A later run: the related (recouvrement) scan, and a sweep that finds bucket 0 changed and re-reads it.
    const later = { maxMarq: 41, watermark: '2026-03-30 09:00:00', relatedWatermark: '2026-03-30 09:00:00', sweep: { at: '2026-03-01T00:00:00.000Z', buckets: { '0': 'before' } } };
    for await (const page of connection.pull('receivables', later)) void page;
    for await (const keys of connection.liveKeys('allocations')) void keys;
    await connection.testConnection();
    await connection.close();
    const texts = [...new Set(server.sent.map((s) => s.text))];
    for (const kind of ['F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENT d', 'FROM dbo.F_DRECOUVREMENTIV iv', 'SELECT u.EC_No AS k', 'GROUP BY e.cbMarq / 5000', 'e.cbMarq > @p1 AND e.cbMarq < @p2', 'x.RG_No, x.DR_No FROM']) {
      expect(texts.some((t) => t.includes(kind))).toBe(true);
    }
    expect(texts.length).toBeGreaterThanOrEqual(18);
    const parser = new Parser();
    for (const text of texts) {
      expect(() => parser.astify(text, { database: 'transactsql' })).not.toThrow();
      expect(text).not.toMatch(/\b(TOP|LIMIT|CONVERT|DATEADD|ISNULL|NOLOCK)\b/i);
      expect(text).not.toMatch(/\b(INSERT|UPDATE|DELETE|MERGE|EXEC)\b/i);
    }
  });

  it('never puts the password in what it logs or throws, and names what failed', async () => {
    const failing = new MssqlExecutor(config, async () => {
      throw Object.assign(new Error("Login failed for user 'arbridge_ro'."), { code: 'ELOGIN' });
    });
    await expect(failing.query('SELECT 1 AS n')).rejects.toMatchObject({ code: 'auth', message: expect.not.stringContaining('s3cret') });
  });
});

describe('the ODBC executor without node-odbc', () => {
  it('says what to install', () => {
    const load = () => {
      throw new Error("Cannot find module 'odbc'");
    };
    expect(() => loadOdbc(load)).toThrow(ConfigError);
    expect(() => loadOdbc(load)).toThrow(/install unixodbc-dev and reinstall: npm install odbc/);
  });
});
