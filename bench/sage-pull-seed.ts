import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { sageSchemaDdl } from '../test/sage100/sage-schema';

/** The company's fixed rows: currency, a sales and a situation journal, 1,000 client accounts. */
const referenceRows = [
  "INSERT INTO dbo.P_DEVISE (cbIndice, D_Intitule, D_CodeISO) VALUES (1, 'Euro', 'EUR')",
  "INSERT INTO dbo.F_JOURNAUX (JO_Num, JO_Intitule, JO_Type) VALUES ('VTE', 'Ventes', 1), ('SIT', 'Situation', 4)",
  "INSERT INTO dbo.F_COMPTET (CT_Num, CT_Intitule, CT_Type, CT_Encours, N_Risque, CT_NotRappel, CT_Sommeil, CO_No, N_Devise, cbModification) " +
    "SELECT 'C' || lpad(g::text, 5, '0'), 'Client ' || g, 0, 0, 0, 0, 0, 0, 0, '2026-01-01 08:00' FROM generate_series(0, 999) g",
];

/**
 * `rows` F_ECRITUREC lines ($1), generated in SQL (deterministic, no JS data on the way): 95% sales lines,
 * 5% situation lines that the connector leaves out, a fifth of them lettered, sentinel dates on every tenth.
 */
const ledgerRows = `INSERT INTO dbo.F_ECRITUREC (EC_No, JO_Num, JM_Date, EC_Jour, EC_Date, EC_Piece, EC_RefPiece, EC_Intitule, CG_Num, CT_Num, EC_Echeance,
     EC_Sens, EC_Montant, N_Devise, EC_Devise, EC_Lettre, EC_Lettrage, EC_MontantRegle, EC_Rappel, EC_DateRelance, EC_ANType, cbModification)
   SELECT g, CASE WHEN g % 20 = 0 THEN 'SIT' ELSE 'VTE' END, date '2025-01-01' + (g % 12) * interval '1 month', 1 + g % 28,
     date '2025-01-01' + (g % 12) * interval '1 month' + (g % 28) * interval '1 day', 'VT' || g, 'FA' || lpad(g::text, 7, '0'), 'Facture',
     '41100000', 'C' || lpad((g % 1000)::text, 5, '0'),
     CASE WHEN g % 10 = 0 THEN timestamp '1900-01-01' ELSE date '2025-02-01' + (g % 12) * interval '1 month' END,
     CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END, ((g::bigint * 7919) % 500000) / 100.0 + 10, 0, 0,
     CASE WHEN g % 5 = 0 THEN 1 ELSE 0 END, CASE WHEN g % 5 = 0 THEN 'AA' ELSE '' END, 0, g % 3, timestamp '1753-01-01', 0,
     timestamp '2026-01-01 08:00' + (g % 5000) * interval '1 minute'
   FROM generate_series(1, $1::int) g`;

/**
 * The sales side of the ledger's sales lines: one posted invoice (DO_Type 7; a credit note, provenance 1,
 * for credit lines) per piece named in EC_RefPiece, with its schedule line tied to the entry, so the
 * connector's page lookups find what they look for, as in a company that invoices from Sage Gestion
 * commerciale.
 */
const salesDocuments = [
  `INSERT INTO dbo.F_DOCENTETE (DO_Domaine, DO_Type, DO_Piece, DO_Provenance, DO_Tiers, DO_Date, cbModification)
   SELECT 0, 7, EC_RefPiece, CASE WHEN EC_Sens = 1 THEN 1 ELSE 0 END, CT_Num, EC_Date, cbModification FROM dbo.F_ECRITUREC WHERE JO_Num = 'VTE'`,
  `INSERT INTO dbo.F_DOCREGL (DR_No, DO_Domaine, DO_Type, DO_Piece, DR_TypeRegl, DR_Date, DR_Montant, DR_Regle, EC_No, cbModification)
   SELECT EC_No, 0, 7, EC_RefPiece, 1, EC_Echeance, EC_Montant, EC_Lettre, EC_No, cbModification FROM dbo.F_ECRITUREC WHERE JO_Num = 'VTE'`,
];

/** What the seeded data depends on: a database seeded from other SQL is not reused. */
const seedFingerprint = createHash('sha256')
  .update([sageSchemaDdl, ...referenceRows, ledgerRows, ...salesDocuments].join('\n'))
  .digest('hex')
  .slice(0, 16);

/**
 * The stand-in server is costed as one on SSD, as a Sage 100 SQL Server is today: with PostgreSQL's
 * default random_page_cost (4, spinning disks), a page's ~1,000 document lookups by piece were planned as a
 * sequential scan of every document (39 ms a page at 190,000), an artefact of the stand-in's cost model
 * rather than of the connector's SQL. Applied at each run (sessions opened after it see it).
 */
const ssdCosts = (database: string): string => `ALTER DATABASE ${database} SET random_page_cost = 1.1`;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The number of rows the receivables stream reads from a ledger of `rows` lines (situation lines left out). */
async function streamRows(client: Client): Promise<number> {
  const r = await client.query("SELECT COUNT(*)::int AS n FROM dbo.F_ECRITUREC WHERE JO_Num <> 'SIT'");
  return r.rows[0].n as number;
}

/**
 * A Sage-shaped PostgreSQL database holding a ledger of `rows` lines, named after its size
 * (`arbridge_bench_sage_<rows>`) and kept between runs: it is reused when the seed marker written as the
 * seeding's last step names the same SQL and size, and re-created otherwise (a run that died while
 * seeding leaves no marker). BENCH_SAGE_PULL_RESEED=1 re-creates it anyway.
 */
export async function seededSageLedger(adminUrl: string, rows: number, log: (line: string) => void): Promise<{ name: string; url: string; streamRows: number }> {
  const name = `arbridge_bench_sage_${rows}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const exists = await withClient(adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (exists) await withClient(adminUrl, (c) => c.query(ssdCosts(name)));
  if (exists && process.env.BENCH_SAGE_PULL_RESEED !== '1') {
    const reused = await withClient(url.toString(), async (c) => {
      const marker = await c.query("SELECT to_regclass('dbo.bench_seed') IS NOT NULL AS present");
      if (!marker.rows[0].present) return null;
      const seed = await c.query('SELECT fingerprint, ledger_rows FROM dbo.bench_seed');
      return seed.rows[0]?.fingerprint === seedFingerprint && seed.rows[0]?.ledger_rows === rows ? await streamRows(c) : null;
    });
    if (reused !== null) {
      log(`sage-pull: reusing ${name} (${rows.toLocaleString('en-US')} F_ECRITUREC rows, seed ${seedFingerprint})`);
      return { name, url: url.toString(), streamRows: reused };
    }
  }
  const began = Date.now();
  log(`sage-pull: seeding ${rows.toLocaleString('en-US')} F_ECRITUREC rows in ${name}...`);
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    await c.query(ssdCosts(name));
  });
  const count = await withClient(url.toString(), async (c) => {
    await c.query(sageSchemaDdl);
    for (const sql of referenceRows) await c.query(sql);
    await c.query(ledgerRows, [rows]);
    for (const sql of salesDocuments) await c.query(sql);
    await c.query('ANALYZE');
    await c.query('CREATE TABLE dbo.bench_seed (fingerprint text NOT NULL, ledger_rows int NOT NULL)');
    await c.query('INSERT INTO dbo.bench_seed VALUES ($1, $2)', [seedFingerprint, rows]);
    return streamRows(c);
  });
  log(`sage-pull: seeded in ${Math.round((Date.now() - began) / 1000)} s`);
  return { name, url: url.toString(), streamRows: count };
}
