import type { SqlExecutor, SqlRow } from '../executor/sql-executor';
import { varcharParam } from '../executor/sql-executor';
import type { SageSchema } from '../schema-detection';
import { sageDossierEntryRowSchema, sageInterventionRowSchema } from '../types';
import { sageDate, sageInt, sageText } from '../wire-values';
import { chunks, placeholders, type InList, type RelatedChanges } from './sage-stream';

/**
 * What Sage's recouvrement module says about one entry: the collection case (dossier) it is in, a
 * dispute when that case has a litige (N_Litige ≠ 0), and the latest promise date of the case's
 * interventions. A case whose row cannot be read leaves `problem`: the entry is quarantined rather
 * than dunned while it may be disputed.
 */
export interface SageRecouvrement {
  dispute: { reason: string; since: string | null } | null;
  promiseUntil: string | null;
  problem: string | null;
}

/** The recouvrement facts of the entries of one page (IN lists of EC_No, pageLookups), by EC_No; empty when the company has no such tables. */
export async function readRecouvrement(executor: SqlExecutor, schema: SageSchema, entries: readonly InList[]): Promise<Map<number, SageRecouvrement>> {
  const out = new Map<number, SageRecouvrement>();
  if (!schema.hasRecouvrement || entries.length === 0) return out;
  const dossiers = new Map<string, number[]>();
  const label = schema.hasLitigeLabels ? 'p.L_Intitule' : 'CAST(NULL AS varchar(35)) AS L_Intitule';
  const litige = schema.hasLitigeLabels ? 'LEFT JOIN dbo.P_LITIGE p ON p.cbIndice = d.N_Litige ' : '';
  for (const { list, params } of entries) {
    const rows = await executor.query(
      `SELECT l.EC_No, RTRIM(l.DR_Num) AS DR_Num, d.N_Litige, ${label}, d.DR_Resume, d.DR_DateDebut ` +
        `FROM dbo.F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENT d ON d.DR_Num = l.DR_Num ${litige}` +
        `WHERE l.EC_No IN (${list})`,
      params,
    );
    for (const raw of rows) {
      const parsed = sageDossierEntryRowSchema.safeParse(raw);
      const ecNo = sageInt((raw as SqlRow).ec_no);
      if (ecNo === null) continue;
      if (!parsed.success) {
        out.set(ecNo, { dispute: null, promiseUntil: null, problem: `its collection case (F_DRECOUVREMENT) cannot be read: ${parsed.error.issues[0]?.message ?? 'bad row'}` });
        continue;
      }
      const row = parsed.data;
      const litigeCode = sageInt(row.n_litige) ?? 0;
      const dossier = sageText(row.dr_num) ?? '';
      // A case without a litige is a collection case, not a dispute. A case's end date (DR_DateFin)
      // is not read as "dispute over": its meaning is unconfirmed, and dunning a disputed item is the worse error.
      const dispute =
        litigeCode === 0
          ? null
          : { reason: sageText(row.l_intitule) ?? sageText(row.dr_resume) ?? `litige ${litigeCode} (case ${dossier})`, since: safeDate(row.dr_datedebut) };
      out.set(ecNo, { dispute, promiseUntil: null, problem: null });
      dossiers.set(dossier, [...(dossiers.get(dossier) ?? []), ecNo]);
    }
  }
  if (!schema.hasPromises || dossiers.size === 0) return out;
  for (const part of chunks([...dossiers.keys()])) {
    const rows = await executor.query(
      'SELECT iv.cbMarq, RTRIM(iv.DR_Num) AS DR_Num, iv.IV_Date, iv.IV_DatePromesse FROM dbo.F_DRECOUVREMENTIV iv ' +
        `WHERE iv.DR_Num IN (${placeholders(part.length)}) ORDER BY iv.DR_Num, iv.IV_Date, iv.cbMarq`,
      part.map(varcharParam),
    );
    // In date order: the latest intervention that records a promise (no sentinel date) wins.
    for (const raw of rows) {
      const parsed = sageInterventionRowSchema.safeParse(raw);
      if (!parsed.success) continue;
      const until = safeDate(parsed.data.iv_datepromesse);
      if (until === null) continue;
      for (const ecNo of dossiers.get(sageText(parsed.data.dr_num) ?? '') ?? []) {
        const known = out.get(ecNo);
        if (known) out.set(ecNo, { ...known, promiseUntil: until });
      }
    }
  }
  return out;
}

function safeDate(value: unknown): string | null {
  try {
    return sageDate(value);
  } catch {
    return null;
  }
}

/**
 * A dispute or promise recorded in the recouvrement tables does not touch the entry's cbModification,
 * so the receivables stream watches those tables too and re-reads the entries whose case changed.
 */
export function recouvrementChanges(schema: SageSchema): RelatedChanges | undefined {
  if (!schema.hasRecouvrement) return undefined;
  const sources = [
    'SELECT l.EC_No FROM dbo.F_DRECOUVREMENTEC l WHERE l.cbModification >= ?',
    'SELECT l.EC_No FROM dbo.F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENT d ON d.DR_Num = l.DR_Num WHERE d.cbModification >= ?',
    ...(schema.hasPromises ? ['SELECT l.EC_No FROM dbo.F_DRECOUVREMENTEC l JOIN dbo.F_DRECOUVREMENTIV iv ON iv.DR_Num = l.DR_Num WHERE iv.cbModification >= ?'] : []),
  ];
  const maxima = [
    'SELECT MAX(l.cbModification) AS m FROM dbo.F_DRECOUVREMENTEC l',
    'SELECT MAX(d.cbModification) AS m FROM dbo.F_DRECOUVREMENT d',
    ...(schema.hasPromises ? ['SELECT MAX(iv.cbModification) AS m FROM dbo.F_DRECOUVREMENTIV iv'] : []),
  ];
  return {
    tables: schema.hasPromises ? 'F_DRECOUVREMENT, F_DRECOUVREMENTEC, F_DRECOUVREMENTIV' : 'F_DRECOUVREMENT, F_DRECOUVREMENTEC',
    maxModificationSql: `SELECT MAX(u.m) AS m FROM (${maxima.join(' UNION ALL ')}) u`,
    sinceCount: sources.length,
    changedKeysSql: (pageSize) => `SELECT u.EC_No AS k FROM (${sources.join(' UNION ')}) u WHERE u.EC_No > ? ORDER BY u.EC_No OFFSET 0 ROWS FETCH NEXT ${pageSize} ROWS ONLY`,
    byKeys: (count) => `e.EC_No IN (${placeholders(count)})`,
  };
}
