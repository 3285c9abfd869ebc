import type { SqlExecutor, SqlRow } from '../executor/sql-executor';
import { intParam, varcharParam } from '../executor/sql-executor';
import { mapReceivable, type ReceivableMapping, type SageDocument } from '../mappers/receivable';
import type { SageSchema } from '../schema-detection';
import { sageDate, sageInt, sageText } from '../wire-values';
import { readRecouvrement, recouvrementChanges } from './recouvrement';
import { pageClause, pageLookups, type SageStream } from './sage-stream';

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

export function receivablesStream(executor: SqlExecutor, schema: SageSchema, mapping: Omit<ReceivableMapping, 'documents' | 'recouvrement'>): SageStream {
  const related = recouvrementChanges(schema);
  const regle = schema.hasEcMontantRegle ? 'CAST(e.EC_MontantRegle AS varchar(40))' : 'CAST(0 AS varchar(40))';
  return {
    table: 'F_ECRITUREC',
    alias: 'e',
    from: receivablesFrom,
    select: (where, orderBy, pageSize) =>
      'SELECT e.cbMarq, e.cbModification, e.EC_No, e.JO_Num, j.JO_Type, e.JM_Date, e.EC_Jour, e.EC_Date, e.EC_Echeance, ' +
      'e.EC_Piece, e.EC_RefPiece, e.EC_Intitule, RTRIM(e.CT_Num) AS CT_Num, e.EC_Sens, CAST(e.EC_Montant AS varchar(40)) AS EC_Montant, ' +
      `e.N_Devise, CAST(e.EC_Devise AS varchar(40)) AS EC_Devise, ${regle} AS EC_MontantRegle, e.EC_Lettre, e.EC_Lettrage, e.EC_Rappel, e.EC_DateRelance ` +
      `${receivablesFrom} AND ${where} ORDER BY ${orderBy} ${pageClause(pageSize)}`,
    async mapPage(rows: SqlRow[]) {
      const ecNos = [...new Set(rows.map((r) => sageInt(r.ec_no)).filter((n): n is number => n !== null))];
      // The two lookups go out together: each takes a connection when the source has one free.
      const [documents, recouvrement] = await Promise.all([
        schema.hasCommercial ? readDocuments(executor, rows) : new Map<string, SageDocument>(),
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
 * The sales documents (invoice types 6/7) the page's entries name in EC_RefPiece, with their schedules:
 * one query per page (headers joined with their schedule lines; Sage keeps (DO_Domaine, DO_Type, DO_Piece)
 * unique, so a header comes once per schedule line, or once with NULLs when it has none).
 */
async function readDocuments(executor: SqlExecutor, rows: SqlRow[]): Promise<Map<string, SageDocument>> {
  const pieces = [...new Set(rows.map((r) => sageText(r.ec_refpiece)).filter((p): p is string => p !== null))];
  const documents = new Map<string, { creditNote: boolean; type: number; schedule: Array<{ dueDate: string | null; ecNo: number }> }>();
  for (const { list, params } of pageLookups(rows, 'RTRIM(e.EC_RefPiece)', pieces, varcharParam)) {
    const lines = await executor.query(
      'SELECT RTRIM(d.DO_Piece) AS DO_Piece, d.DO_Type, d.DO_Provenance, r.DR_No, r.DR_Date, r.EC_No FROM dbo.F_DOCENTETE d ' +
        'LEFT JOIN dbo.F_DOCREGL r ON r.DO_Domaine = d.DO_Domaine AND r.DO_Type = d.DO_Type AND r.DO_Piece = d.DO_Piece ' +
        `WHERE d.DO_Domaine = 0 AND d.DO_Type IN (6, 7) AND d.DO_Piece IN (${list}) ORDER BY d.DO_Piece, d.DO_Type, r.DR_Date, r.DR_No`,
      params,
    );
    for (const l of lines) {
      const piece = sageText(l.do_piece);
      if (piece === null) continue;
      const type = sageInt(l.do_type) ?? 0;
      // A piece number seen as 6 and 7 is the same invoice before and after posting: keep the posted one.
      let doc = documents.get(piece);
      if (doc && doc.type > type) continue;
      if (!doc || doc.type < type) {
        const provenance = sageInt(l.do_provenance);
        doc = { creditNote: provenance === 1 || provenance === 2, type, schedule: [] };
        documents.set(piece, doc);
      }
      if (sageInt(l.dr_no) !== null) doc.schedule.push({ dueDate: sageDate(l.dr_date), ecNo: sageInt(l.ec_no) ?? 0 });
    }
  }
  return new Map([...documents].map(([piece, d]) => [piece, { piece, creditNote: d.creditNote, schedule: d.schedule }]));
}
