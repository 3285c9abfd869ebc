import { Client } from 'pg';
import { silentLogger } from '../../core/logging/logger';
import { FakeClock } from '../../core/time/clock';
import { sage100Connector, type Sage100Cursor } from '../../connectors/sage100';
import type { MappedRow } from '../../connectors/contract';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { sageSchemaDdl } from './sage-schema';

// Entries tied to their sales documents through ODBC: schedules of several lines give installments, a
// piece both ordered (type 6) and posted (type 7) is read as posted, one only ordered is read as it is,
// a document without schedule still names the entry's document. Read once by the insert scan and again
// by the change scan, each entry joined to its document in the entries' query, the schedule read by
// piece for documents of several lines.
describe('Sage 100 entries with their sales documents, through ODBC', () => {
  let sage: ScratchDatabase;
  let client: Client;
  const clock = new FakeClock('2026-03-31T16:00:00Z');

  beforeAll(async () => {
    sage = await createScratchDatabase('arbridge_sage_docs');
    client = new Client({ connectionString: sage.url });
    await client.connect();
    await client.query(sageSchemaDdl);
    await client.query("INSERT INTO dbo.F_JOURNAUX (JO_Num, JO_Intitule, JO_Type) VALUES ('VTE', 'Ventes', 1)");
    await client.query("INSERT INTO dbo.F_COMPTET (CT_Num, CT_Intitule, CT_Type, cbModification) VALUES ('C001', 'Client', 0, '2026-02-01 10:00')");
    // EC_No 1..10, cbMarq in the same order, each modified a day after the previous one.
    const refs = ['FA1', 'FA1', 'FA1', 'AV2', 'FA3', 'AV6', '', '', '', ''];
    for (const [i, ref] of refs.entries()) {
      await client.query(
        `INSERT INTO dbo.F_ECRITUREC (EC_No, JO_Num, JM_Date, EC_Jour, EC_Date, EC_Piece, EC_RefPiece, CG_Num, CT_Num, EC_Echeance, EC_Sens, EC_Montant,
           N_Devise, EC_Devise, EC_Lettre, EC_Lettrage, EC_MontantRegle, EC_Rappel, EC_DateRelance, cbModification)
         VALUES ($1::int, 'VTE', '2026-01-01', 15, '2026-01-15', 'VT' || $1::text, $2, '41100000', 'C001', $3, 0, 100, 0, 0, 0, '', 0, 0, '1900-01-01', $4)`,
        [i + 1, ref, `2026-0${4 + (i % 3)}-30`, `2026-02-${String(i + 1).padStart(2, '0')} 10:00`],
      );
    }
    await client.query(
      "INSERT INTO dbo.F_DOCENTETE (DO_Domaine, DO_Type, DO_Piece, DO_Provenance, DO_Tiers) VALUES (0, 7, 'FA1', 0, 'C001'), (0, 6, 'AV2', 0, 'C001'), (0, 7, 'AV2', 2, 'C001'), (0, 7, 'FA3', 0, 'C001'), (0, 6, 'AV6', 2, 'C001')",
    );
    await client.query(
      `INSERT INTO dbo.F_DOCREGL (DR_No, DO_Domaine, DO_Type, DO_Piece, DR_Date, EC_No) VALUES
         (1, 0, 7, 'FA1', '2026-04-30', 1), (2, 0, 7, 'FA1', '2026-05-30', 2), (3, 0, 7, 'FA1', '2026-06-30', 3),
         (4, 0, 6, 'AV2', '2026-04-30', 0), (5, 0, 7, 'AV2', '2026-04-30', 0), (6, 0, 7, 'AV2', '2026-05-30', 4)`,
    );
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    await sage?.drop();
  });

  async function pull(cursor: Sage100Cursor | null): Promise<{ rows: Map<string, Record<string, unknown>>; cursor: Sage100Cursor | null }> {
    const instance = sage100Connector.create(
      sage100Connector.configSchema.parse({ driver: 'odbc', connectionString: sage.odbcConnectionString, user: 'postgres', pageSize: 4, retryBaseDelayMs: 1 }),
      { tenantId: 't', sourceId: 'sage', timeZone: 'Europe/Paris', currency: 'EUR', clock, logger: silentLogger() },
    );
    const rows = new Map<string, Record<string, unknown>>();
    let last = cursor;
    try {
      for await (const page of instance.pull('receivables', cursor)) {
        for (const row of page.rows as MappedRow[]) {
          if (!row.ok) throw new Error(row.reason);
          rows.set(row.record.externalId as string, row.record);
        }
        last = page.cursor;
      }
    } finally {
      await instance.close();
    }
    return { rows, cursor: last };
  }

  const expected = {
    '2': { number: 'FA1', kind: 'invoice', documentExternalId: 'doc:FA1', installment: { index: 2, count: 3 } },
    '4': { number: 'AV2', kind: 'credit_note', documentExternalId: 'doc:AV2', installment: { index: 2, count: 2 } },
    '5': { number: 'FA3', kind: 'invoice', documentExternalId: 'doc:FA3', installment: null },
    // Only ordered (type 6), not posted: still the entry's document, a credit note by its provenance.
    '6': { number: 'AV6', kind: 'credit_note', documentExternalId: 'doc:AV6', installment: null },
  };

  it('reads installments, the posted document of a piece and a document without schedule, over dense pages then a sparse one', async () => {
    const first = await pull(null);
    expect(first.rows.size).toBe(10);
    for (const [ecNo, fields] of Object.entries(expected)) expect(first.rows.get(ecNo)).toMatchObject(fields);
    expect(first.rows.get('7')).toMatchObject({ number: 'VT7', kind: 'invoice', documentExternalId: 'piece:VTE/VT7', installment: null });

    // Entries 2 and 4 change; the change scan reads them with entry 10 (the watermark's minute): cbMarq 2, 4 and 10.
    await client.query("UPDATE dbo.F_ECRITUREC SET EC_Rappel = 1, cbModification = '2026-03-31 12:00' WHERE EC_No IN (2, 4)");
    clock.advance(3_600_000);
    const changed = await pull(first.cursor);
    expect([...changed.rows.keys()].sort()).toEqual(['10', '2', '4']);
    expect(changed.rows.get('2')).toMatchObject({ ...expected['2'], erpDunningLevel: 1 });
    expect(changed.rows.get('4')).toMatchObject({ ...expected['4'], erpDunningLevel: 1 });
  }, 60_000);
});
