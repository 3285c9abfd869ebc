import type { SqlExecutor, SqlRow } from '../executor/sql-executor';
import { varcharParam } from '../executor/sql-executor';
import { mapCustomer, type CustomerMapping } from '../mappers/customer';
import type { SageSchema } from '../schema-detection';
import { sageInt, sageText } from '../wire-values';
import { chunks, pageClause, placeholders, type SageStream } from './sage-stream';

/** Customers: F_COMPTET clients (CT_Type 0) with risk label and rep; contacts and terms read per page. */
export function customersStream(executor: SqlExecutor, schema: SageSchema, mapping: Omit<CustomerMapping, 'contactEmails' | 'terms'>): SageStream {
  const from =
    'FROM dbo.F_COMPTET t ' +
    'LEFT JOIN dbo.P_CRISQUE r ON r.cbIndice = t.N_Risque ' +
    'LEFT JOIN dbo.F_COLLABORATEUR co ON co.CO_No = t.CO_No AND t.CO_No <> 0 ' +
    'WHERE t.CT_Type = 0';
  const langue = schema.hasLangueIso2 ? 't.CT_LangueISO2 AS CT_Langue, ' : '';
  return {
    table: 'F_COMPTET',
    alias: 't',
    from,
    select: (where, orderBy, pageSize) =>
      'SELECT t.cbMarq, t.cbModification, RTRIM(t.CT_Num) AS CT_Num, t.CT_Intitule, t.CT_EMail, t.CT_Telephone, t.CT_Identifiant, ' +
      `CAST(t.CT_Encours AS varchar(40)) AS CT_Encours, t.N_Risque, r.R_Intitule, t.CT_NotRappel, t.CT_Sommeil, ${langue}co.CO_Nom, co.CO_Prenom ` +
      `${from} AND ${where} ORDER BY ${orderBy} ${pageClause(pageSize)}`,
    async mapPage(rows: SqlRow[]) {
      const keys = [...new Set(rows.map((r) => sageText(r.ct_num)).filter((k): k is string => k !== null))];
      const contactEmails = new Map<string, string[]>();
      const terms = new Map<string, { code: string; name: string }>();
      for (const part of chunks(keys)) {
        const params = part.map(varcharParam);
        if (schema.tables.has('F_CONTACTT')) {
          const contacts = await executor.query(
            `SELECT RTRIM(c.CT_Num) AS CT_Num, c.CT_EMail FROM dbo.F_CONTACTT c WHERE c.CT_Num IN (${placeholders(part.length)}) ORDER BY c.CT_Num, c.CT_No`,
            params,
          );
          for (const c of contacts) {
            const key = sageText(c.ct_num);
            const email = sageText(c.ct_email);
            if (key !== null && email !== null) contactEmails.set(key, [...(contactEmails.get(key) ?? []), email]);
          }
        }
        if (schema.tables.has('F_REGLEMENTT')) {
          const lines = await executor.query(
            'SELECT RTRIM(rt.CT_Num) AS CT_Num, rt.N_Reglement, rt.RT_Condition, rt.RT_NbJour, p.R_Intitule ' +
              'FROM dbo.F_REGLEMENTT rt LEFT JOIN dbo.P_REGLEMENT p ON p.cbIndice = rt.N_Reglement ' +
              `WHERE rt.CT_Num IN (${placeholders(part.length)}) ORDER BY rt.CT_Num, rt.cbMarq`,
            params,
          );
          for (const l of lines) {
            const key = sageText(l.ct_num);
            if (key === null || terms.has(key)) continue; // the first line is the main term
            const days = sageInt(l.rt_nbjour) ?? 0;
            const mode = sageText(l.r_intitule) ?? `mode ${sageInt(l.n_reglement) ?? 0}`;
            // RT_Condition's enum is unconfirmed (reference §2.5): it stays in the code, not in words.
            terms.set(key, { code: `${sageInt(l.n_reglement) ?? 0}/${sageInt(l.rt_condition) ?? 0}/${days}`, name: `${mode}, ${days} days` });
          }
        }
      }
      return rows.map((row) => mapCustomer(row, { ...mapping, contactEmails, terms }));
    },
    key: { columns: 'RTRIM(t.CT_Num) AS CT_Num', of: (row) => sageText(row.ct_num) },
  };
}
