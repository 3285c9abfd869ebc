import { ConfigError } from '../../core/errors';
import type { SqlExecutor } from './executor/sql-executor';
import { sageInt, sageText } from './wire-values';

/** The tables the connector reads, by the name Sage gives them. */
export const sageTables = ['F_COMPTET', 'F_CONTACTT', 'F_REGLEMENTT', 'F_COLLABORATEUR', 'F_ECRITUREC', 'F_JOURNAUX', 'F_DOCENTETE', 'F_DOCREGL', 'F_CREGLEMENT', 'F_REGLECH', 'P_DEVISE', 'P_REGLEMENT', 'P_CRISQUE', 'F_DRECOUVREMENT', 'F_DRECOUVREMENTEC', 'F_DRECOUVREMENTIV', 'P_LITIGE'] as const;
const requiredTables = ['F_COMPTET', 'F_ECRITUREC', 'F_JOURNAUX', 'F_CREGLEMENT', 'F_REGLECH', 'F_DOCREGL', 'P_DEVISE'] as const;

/**
 * One query, the same text on SQL Server and PostgreSQL: INFORMATION_SCHEMA is in both, identifiers are
 * compared upper-cased (PostgreSQL folds unquoted names to lower case), and a user-defined type such as
 * smalldatetime shows in DOMAIN_NAME where it is one.
 */
export const detectionSql =
  'SELECT UPPER(c.TABLE_NAME) AS table_name, UPPER(c.COLUMN_NAME) AS column_name, ' +
  'LOWER(COALESCE(c.DOMAIN_NAME, c.DATA_TYPE)) AS data_type, c.CHARACTER_MAXIMUM_LENGTH AS max_length ' +
  'FROM INFORMATION_SCHEMA.COLUMNS c ' +
  "WHERE UPPER(c.TABLE_SCHEMA) = 'DBO' AND UPPER(c.TABLE_NAME) IN (" +
  sageTables.map((t) => `'${t}'`).join(', ') +
  ') ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION';

/** What one Sage database offers: decides the columns every query selects. */
export interface SageSchema {
  /** The product generation, in Sage's own names, as far as the columns tell. */
  label: string;
  /** SQL type of cbModification: smalldatetime (minute precision) up to 100c V3 at least. */
  cbModificationType: string;
  /** SQL type of business dates (EC_Echeance): smalldatetime up to 100c V2, datetime from V3. */
  businessDateType: string;
  /** Length of F_DOCENTETE.DO_Piece: 9 up to 100c V2, 13 from V3. */
  doPieceLength: number | null;
  hasDoNetAPayer: boolean;
  hasCbCreation: boolean;
  hasCbHash: boolean;
  /** F_ECRITUREC.EC_MontantRegle, the amount already paid on an entry. */
  hasEcMontantRegle: boolean;
  /** F_COMPTET.CT_LangueISO2 (schema 18+). */
  hasLangueIso2: boolean;
  /** The recouvrement module's cases and their entries are there (F_DRECOUVREMENT, F_DRECOUVREMENTEC): disputes. */
  hasRecouvrement: boolean;
  /** Its interventions carry promise dates (F_DRECOUVREMENTIV.IV_DatePromesse): promises to pay. */
  hasPromises: boolean;
  /** Its litige labels (P_LITIGE); without them a dispute's reason is the case's own summary. */
  hasLitigeLabels: boolean;
  /** The commercial side (F_DOCENTETE) is there. */
  hasCommercial: boolean;
  tables: ReadonlySet<string>;
}

/** Reads the catalogue once per connection and tells which Sage this is. */
export async function detectSchema(executor: SqlExecutor, where: string): Promise<SageSchema> {
  const rows = await executor.query(detectionSql);
  const columns = new Map<string, { type: string; length: number | null }>();
  const tables = new Set<string>();
  for (const row of rows) {
    const table = sageText(row.table_name) ?? '';
    tables.add(table);
    columns.set(`${table}.${sageText(row.column_name) ?? ''}`, { type: sageText(row.data_type) ?? '', length: sageInt(row.max_length) });
  }
  const missing = requiredTables.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new ConfigError('not_sage', `${where} is not a Sage 100 company database: no ${missing.join(', ')} in schema dbo (or the login may not read them)`);
  }
  const has = (column: string) => columns.has(column);
  const schema = {
    cbModificationType: columns.get('F_ECRITUREC.CBMODIFICATION')?.type ?? 'none',
    businessDateType: columns.get('F_ECRITUREC.EC_ECHEANCE')?.type ?? 'unknown',
    doPieceLength: columns.get('F_DOCENTETE.DO_PIECE')?.length ?? null,
    hasDoNetAPayer: has('F_DOCENTETE.DO_NETAPAYER'),
    hasCbCreation: has('F_ECRITUREC.CBCREATION'),
    hasCbHash: has('F_ECRITUREC.CBHASH'),
    hasEcMontantRegle: has('F_ECRITUREC.EC_MONTANTREGLE'),
    hasLangueIso2: has('F_COMPTET.CT_LANGUEISO2'),
    hasRecouvrement: has('F_DRECOUVREMENT.N_LITIGE') && has('F_DRECOUVREMENTEC.EC_NO'),
    hasPromises: has('F_DRECOUVREMENT.N_LITIGE') && has('F_DRECOUVREMENTEC.EC_NO') && has('F_DRECOUVREMENTIV.IV_DATEPROMESSE'),
    hasLitigeLabels: has('P_LITIGE.L_INTITULE'),
    hasCommercial: tables.has('F_DOCENTETE'),
    tables,
  };
  if (schema.cbModificationType === 'none') {
    throw new ConfigError('no_cbmodification', `${where}: F_ECRITUREC has no cbModification column: incremental sync needs it (a Sage file exposed through an old ODBC driver?)`);
  }
  return { ...schema, label: versionLabel(schema, columns.get('F_COMPTET.CT_DATECREATE')?.type) };
}

/** Sage's generations by the columns each one added (reference §1, §2). */
function versionLabel(s: Omit<SageSchema, 'label'>, ctDateCreateType: string | undefined): string {
  if (s.hasDoNetAPayer || s.hasCbCreation) return 'Sage 100 later than 100c V3 (DO_NetAPayer/cbCreation present)';
  if ((s.doPieceLength ?? 0) >= 13 || s.businessDateType === 'datetime') return 'Sage 100c V3 (schema 21: datetime dates, DO_Piece 13)';
  if (s.hasCbHash) return 'Sage 100c V2/V3 (hash chain present, DO_Piece 9)';
  if (ctDateCreateType === 'datetime') return 'Sage 100c to 100c V2 (schema 19-20)';
  if (s.hasLangueIso2) return 'Sage 100 i7 V8 (schema 18)';
  return 'Sage 100 i7 or older (schema 16-17.70)';
}
