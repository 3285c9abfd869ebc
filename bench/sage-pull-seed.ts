import { Client } from 'pg';
import { sageSchemaDdl } from '../test/sage100/sage-schema';

/**
 * Fills a Sage-shaped PostgreSQL database with `rows` F_ECRITUREC lines on 1,000 client accounts, in SQL
 * (generate_series: deterministic, no JS data on the way): 95% sales lines, 5% situation lines that the
 * connector leaves out, a fifth of them lettered, sentinel dates on every tenth.
 */
export async function seedSageLedger(url: string, rows: number): Promise<{ streamRows: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sageSchemaDdl);
    await client.query("INSERT INTO dbo.P_DEVISE (cbIndice, D_Intitule, D_CodeISO) VALUES (1, 'Euro', 'EUR')");
    await client.query("INSERT INTO dbo.F_JOURNAUX (JO_Num, JO_Intitule, JO_Type) VALUES ('VTE', 'Ventes', 1), ('SIT', 'Situation', 4)");
    await client.query(
      "INSERT INTO dbo.F_COMPTET (CT_Num, CT_Intitule, CT_Type, CT_Encours, N_Risque, CT_NotRappel, CT_Sommeil, CO_No, N_Devise, cbModification) " +
        "SELECT 'C' || lpad(g::text, 5, '0'), 'Client ' || g, 0, 0, 0, 0, 0, 0, 0, '2026-01-01 08:00' FROM generate_series(0, 999) g",
    );
    await client.query(
      `INSERT INTO dbo.F_ECRITUREC (EC_No, JO_Num, JM_Date, EC_Jour, EC_Date, EC_Piece, EC_RefPiece, EC_Intitule, CG_Num, CT_Num, EC_Echeance,
         EC_Sens, EC_Montant, N_Devise, EC_Devise, EC_Lettre, EC_Lettrage, EC_MontantRegle, EC_Rappel, EC_DateRelance, EC_ANType, cbModification)
       SELECT g, CASE WHEN g % 20 = 0 THEN 'SIT' ELSE 'VTE' END, date '2025-01-01' + (g % 12) * interval '1 month', 1 + g % 28,
         date '2025-01-01' + (g % 12) * interval '1 month' + (g % 28) * interval '1 day', 'VT' || g, 'FA' || lpad(g::text, 8, '0'), 'Facture',
         '41100000', 'C' || lpad((g % 1000)::text, 5, '0'),
         CASE WHEN g % 10 = 0 THEN timestamp '1900-01-01' ELSE date '2025-02-01' + (g % 12) * interval '1 month' END,
         CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END, ((g::bigint * 7919) % 500000) / 100.0 + 10, 0, 0,
         CASE WHEN g % 5 = 0 THEN 1 ELSE 0 END, CASE WHEN g % 5 = 0 THEN 'AA' ELSE '' END, 0, g % 3, timestamp '1753-01-01', 0,
         timestamp '2026-01-01 08:00' + (g % 5000) * interval '1 minute'
       FROM generate_series(1, $1::int) g`,
      [rows],
    );
    await client.query('ANALYZE');
    const r = await client.query("SELECT COUNT(*)::int AS n FROM dbo.F_ECRITUREC WHERE JO_Num <> 'SIT'");
    return { streamRows: r.rows[0].n as number };
  } finally {
    await client.end();
  }
}
