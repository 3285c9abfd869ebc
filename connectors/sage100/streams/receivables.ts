import type { SqlExecutor, SqlRow } from '../executor/sql-executor';
import { intParam, varcharParam } from '../executor/sql-executor';
import { mapReceivable, type ReceivableMapping, type SageDocument } from '../mappers/receivable';
import type { SageSchema } from '../schema-detection';
import { sageDate, sageInt, sageText } from '../wire-values';
import { readRecouvrement, recouvrementChanges } from './recouvrement';
import { chunks, pageClause, pageLookups, placeholders, type SageStream } from './sage-stream';

/**
 * Receivables: lines of client accounts in F_ECRITUREC, lettered or not (a line that gets lettered must
 * come back as paid), outside situation journals (JO_Type 4) and treasury journals (JO_Type 2, whose
 * lines are the settlements read by the payments stream). The entry's code is compared trimmed: PostgreSQL
 * keeps the padding SQL Server ignores; the tiers' own code (the master key) is left bare so its index serves.
 */
const receivablesJoins =
  'FROM dbo.F_ECRITUREC e ' +
  'JOIN dbo.F_COMPTET t ON t.CT_Num = RTRIM(e.CT_Num) AND t.CT_Type = 0 ' +
  'JOIN dbo.F_JOURNAUX j ON j.JO_Num = e.JO_Num AND j.JO_Type <> 4 AND j.JO_Type <> 2 ';
const receivablesFilter = 'WHERE e.EC_Montant IS NOT NULL';
export const receivablesFrom = receivablesJoins + receivablesFilter;

/**
 * The sales document each entry names in EC_RefPiece, joined in the entries' own query: the posted
 * invoice (type 7), else the unposted one (type 6), with how many schedule lines it has. Sage keeps
 * (DO_Domaine, DO_Type, DO_Piece) unique (index IDO_TPIECE), so the joins add no rows and the keyset
 * pages stay whole. Read this way rather than by a lookup query per page: over 190,000 entries read one
 * page after another through psqlODBC, the lookups added 1.9 to 2.1 s of client CPU and 3.5 to 4 s of
 * wall time to the entries' 3.5 to 5 s of CPU; the joins no measurable CPU and 0.3 to 1 s of wall time.
 */
const documentColumns =
  ', COALESCE(d7.DO_Type, d6.DO_Type) AS DO_Type, COALESCE(d7.DO_Provenance, d6.DO_Provenance) AS DO_Provenance, ' +
  // COUNT is bigint on PostgreSQL, which node-odbc hands over as a BigInt.
  'CAST((SELECT COUNT(*) FROM dbo.F_DOCREGL r WHERE r.DO_Domaine = 0 AND r.DO_Type = COALESCE(d7.DO_Type, d6.DO_Type) AND r.DO_Piece = COALESCE(d7.DO_Piece, d6.DO_Piece)) AS int) AS DR_Count';
const documentJoins =
  'LEFT JOIN dbo.F_DOCENTETE d7 ON d7.DO_Domaine = 0 AND d7.DO_Type = 7 AND d7.DO_Piece = RTRIM(e.EC_RefPiece) ' +
  'LEFT JOIN dbo.F_DOCENTETE d6 ON d7.DO_Piece IS NULL AND d6.DO_Domaine = 0 AND d6.DO_Type = 6 AND d6.DO_Piece = RTRIM(e.EC_RefPiece) ';

export function receivablesStream(executor: SqlExecutor, schema: SageSchema, mapping: Omit<ReceivableMapping, 'documents' | 'recouvrement'>): SageStream {
  const related = recouvrementChanges(schema);
  const regle = schema.hasEcMontantRegle ? 'CAST(e.EC_MontantRegle AS varchar(40))' : 'CAST(0 AS varchar(40))';
  const documents = schema.hasCommercial ? { columns: documentColumns, joins: documentJoins } : { columns: '', joins: '' };
  return {
    table: 'F_ECRITUREC',
    alias: 'e',
    from: receivablesFrom,
    select: (where, orderBy, pageSize) =>
      'SELECT e.cbMarq, e.cbModification, e.EC_No, e.JO_Num, j.JO_Type, e.JM_Date, e.EC_Jour, e.EC_Date, e.EC_Echeance, ' +
      'e.EC_Piece, e.EC_RefPiece, e.EC_Intitule, RTRIM(e.CT_Num) AS CT_Num, e.EC_Sens, CAST(e.EC_Montant AS varchar(40)) AS EC_Montant, ' +
      `e.N_Devise, CAST(e.EC_Devise AS varchar(40)) AS EC_Devise, ${regle} AS EC_MontantRegle, e.EC_Lettre, e.EC_Lettrage, e.EC_Rappel, e.EC_DateRelance${documents.columns} ` +
      `${receivablesJoins}${documents.joins}${receivablesFilter} AND ${where} ORDER BY ${orderBy} ${pageClause(pageSize)}`,
    async mapPage(rows: SqlRow[]) {
      const ecNos = [...new Set(rows.map((r) => sageInt(r.ec_no)).filter((n): n is number => n !== null))];
      // The two lookups go out together: each takes a connection when the source has one free.
      const [documents, recouvrement] = await Promise.all([
        schema.hasCommercial ? pageDocuments(executor, rows) : new Map<string, SageDocument>(),
        readRecouvrement(executor, schema, pageLookups(rows, 'e.EC_No', ecNos, intParam)),
      ]);
      const pageMapping: ReceivableMapping = { ...mapping, documents, recouvrement };
      return rows.map((row) => mapReceivable(row, pageMapping));
    },
    key: { columns: 'e.EC_No', of: (row) => (sageInt(row.ec_no) === null ? null : String(sageInt(row.ec_no))) },
    // Lettering and settlement amounts: Sage may letter an entry without bumping its cbModification.
    sweepChecksums:
      'CAST(SUM(CAST(e.cbMarq AS bigint) * e.EC_Lettre) AS varchar(40)) AS lettered, CAST(SUM(CAST(e.cbMarq AS bigint) * e.EC_Sens) AS varchar(40)) AS sides, ' +
      `CAST(SUM(e.EC_Montant) AS varchar(40)) AS amounts${schema.hasEcMontantRegle ? ', CAST(SUM(e.EC_MontantRegle) AS varchar(40)) AS settled' : ''}` +
      (schema.hasRecouvrement ? ', CAST(SUM(CAST(l.cbMarq AS bigint)) AS varchar(40)) AS cases' : ''),
    ...(related ? { related } : {}),
    // An entry taken out of a collection case leaves no row for the related scan to see: the sweep signs
    // each bucket's case links too (F_DRECOUVREMENTEC is unique on EC_No, so the join adds no rows).
    ...(schema.hasRecouvrement
      ? { sweepFrom: `${receivablesJoins}LEFT JOIN dbo.F_DRECOUVREMENTEC l ON l.EC_No = e.EC_No ${receivablesFilter}` }
      : {}),
  };
}

/**
 * The sales documents of the page's entries, from the columns the entries query joined (documentColumns).
 * Schedule lines are read only for documents with several (installments), by piece: one line makes no
 * installment, and most invoices have one, so most pages send no query here.
 */
async function pageDocuments(executor: SqlExecutor, rows: SqlRow[]): Promise<Map<string, SageDocument>> {
  type ScheduleLine = SageDocument['schedule'][number];
  const documents = new Map<string, SageDocument>();
  // The documents of several schedule lines, by piece: the type the entry was joined to, and the lines to fill.
  const installments = new Map<string, { type: number; schedule: ScheduleLine[] }>();
  for (const row of rows) {
    const piece = sageText(row.ec_refpiece);
    const type = sageInt(row.do_type);
    if (piece === null || type === null || documents.has(piece)) continue;
    const provenance = sageInt(row.do_provenance);
    const schedule: ScheduleLine[] = [];
    documents.set(piece, { piece, creditNote: provenance === 1 || provenance === 2, schedule });
    if ((sageInt(row.dr_count) ?? 0) > 1) installments.set(piece, { type, schedule });
  }
  for (const part of chunks([...installments.keys()])) {
    const lines = await executor.query(
      'SELECT RTRIM(r.DO_Piece) AS DO_Piece, r.DO_Type, r.DR_Date, r.EC_No FROM dbo.F_DOCREGL r ' +
        `WHERE r.DO_Domaine = 0 AND r.DO_Type IN (6, 7) AND r.DO_Piece IN (${placeholders(part.length)}) ORDER BY r.DO_Piece, r.DO_Type, r.DR_Date, r.DR_No`,
      part.map(varcharParam),
    );
    for (const l of lines) {
      const piece = sageText(l.do_piece);
      const document = piece === null ? undefined : installments.get(piece);
      // The lines of the document the entry was joined to: a piece seen as 6 and 7 is read as posted.
      if (document && sageInt(l.do_type) === document.type) document.schedule.push({ dueDate: sageDate(l.dr_date), ecNo: sageInt(l.ec_no) ?? 0 });
    }
  }
  return documents;
}
