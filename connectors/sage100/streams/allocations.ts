import type { SqlRow } from '../executor/sql-executor';
import { mapAllocation, type AllocationMapping } from '../mappers/allocation';
import { sageInt } from '../wire-values';
import { pageClause, type SageStream } from './sage-stream';

/** Allocations: F_REGLECH lines of customer settlements, with the schedule line's entry and the settlement's date. */
export function allocationsStream(mapping: AllocationMapping): SageStream {
  const from =
    'FROM dbo.F_REGLECH x ' +
    'JOIN dbo.F_CREGLEMENT g ON g.RG_No = x.RG_No AND g.RG_Type = 0 ' +
    'LEFT JOIN dbo.F_DOCREGL d ON d.DR_No = x.DR_No ' +
    'WHERE x.RC_Montant IS NOT NULL';
  return {
    table: 'F_REGLECH',
    alias: 'x',
    from,
    select: (where, orderBy, pageSize) =>
      'SELECT x.cbMarq, x.cbModification, x.RG_No, x.DR_No, RTRIM(x.DO_Piece) AS DO_Piece, CAST(x.RC_Montant AS varchar(40)) AS RC_Montant, d.EC_No, g.RG_Date ' +
      `${from} AND ${where} ORDER BY ${orderBy} ${pageClause(pageSize)}`,
    mapPage: async (rows: SqlRow[]) => rows.map((row) => mapAllocation(row, mapping)),
    key: { columns: 'x.RG_No, x.DR_No', of: (row) => (sageInt(row.rg_no) === null || sageInt(row.dr_no) === null ? null : `${sageInt(row.rg_no)}-${sageInt(row.dr_no)}`) },
  };
}
