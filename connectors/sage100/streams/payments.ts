import type { SqlRow } from '../executor/sql-executor';
import { mapPayment, type PaymentMapping } from '../mappers/payment';
import { sageInt } from '../wire-values';
import { pageClause, type SageStream } from './sage-stream';

/** Payments: F_CREGLEMENT customer settlements (RG_Type 0), with their payment mode's label. */
export function paymentsStream(mapping: PaymentMapping): SageStream {
  const from = 'FROM dbo.F_CREGLEMENT g LEFT JOIN dbo.P_REGLEMENT p ON p.cbIndice = g.N_Reglement WHERE g.RG_Type = 0';
  return {
    table: 'F_CREGLEMENT',
    alias: 'g',
    from,
    select: (where, orderBy, pageSize) =>
      'SELECT g.cbMarq, g.cbModification, g.RG_No, RTRIM(g.CT_NumPayeur) AS CT_NumPayeur, g.RG_Date, g.RG_Reference, g.RG_Libelle, g.RG_Piece, ' +
      'CAST(g.RG_Montant AS varchar(40)) AS RG_Montant, CAST(g.RG_MontantDev AS varchar(40)) AS RG_MontantDev, g.N_Devise, p.R_Intitule, g.RG_Impaye ' +
      `${from} AND ${where} ORDER BY ${orderBy} ${pageClause(pageSize)}`,
    mapPage: async (rows: SqlRow[]) => rows.map((row) => mapPayment(row, mapping)),
    key: { columns: 'g.RG_No', of: (row) => (sageInt(row.rg_no) === null ? null : String(sageInt(row.rg_no))) },
  };
}
