import type { MappedRow } from '../../contract';
import { intParam, type SqlParam, type SqlRow } from '../executor/sql-executor';
import { sageInt } from '../wire-values';

/** What differs from stream to stream; the two-scan incremental loop around it is shared. */
export interface SageStream {
  /** The table whose cbMarq/cbModification drive the cursor, for messages (F_ECRITUREC). */
  table: string;
  /** The alias of that table in `select`'s FROM clause. */
  alias: string;
  /** The full query text for a WHERE condition (with ? placeholders) and an ORDER BY list. */
  select(where: string, orderBy: string, pageSize: number): string;
  /** The stream's filter without the cursor, for MAX(cbModification) and counts. */
  from: string;
  /** Maps one page, reading what it joins in batch queries (never one per row). */
  mapPage(rows: SqlRow[]): Promise<MappedRow[]>;
  /** The columns that make a record's externalId (for the live-key listing), and how. */
  key: { columns: string; of(row: SqlRow): string | null };
  /** Extra aggregates of the sweep's bucket signature, beyond the row count and the cbMarq sum. */
  sweepChecksums?: string;
  /** The sweep's FROM when its checksums need more tables than `from` joins; `from` otherwise. */
  sweepFrom?: string;
  /** Other tables whose changes change this stream's records without bumping its cbModification. */
  related?: RelatedChanges;
}

/** The rows of other tables that feed a stream's records, watched on their own cbModification. */
export interface RelatedChanges {
  /** The tables, for messages. */
  tables: string;
  /** `SELECT MAX(...) AS m` over those tables. */
  maxModificationSql: string;
  /** How many `?` datetime parameters (the same "since") changedKeysSql takes before its key parameter. */
  sinceCount: number;
  /** Keys of the stream's records whose related rows changed at or after "since", after a key, ascending (an int column named k). */
  changedKeysSql(pageSize: number): string;
  /** The stream's WHERE condition selecting its rows by those keys. */
  byKeys(count: number): string;
}

/** The keyset page of a query: same text on SQL Server 2012+ and PostgreSQL (no TOP, no LIMIT). */
export function pageClause(pageSize: number): string {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`bad page size ${pageSize}`);
  return `OFFSET 0 ROWS FETCH NEXT ${pageSize} ROWS ONLY`;
}

/**
 * Splits keys for IN lists: SQL Server takes at most 2,100 parameters per request. 2,000 keeps a
 * default page (1,000 rows) to one lookup query per table.
 */
export function chunks<T>(items: readonly T[], size = 2_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "?, ?, ?" for an IN list. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** The SQL of an IN list and its parameters. */
export interface InList {
  /** What goes between the parentheses of `IN (...)`: placeholders, or a subquery. */
  list: string;
  /** The parameters of `list`'s placeholders, in order. */
  params: SqlParam[];
}

/**
 * The IN lists that select what a page's entries (F_ECRITUREC rows) refer to through `column`, an
 * expression over the entry as `e` (`e.EC_No`), whose values for the page are `keys`.
 * When the page fills at least half of its cbMarq span (the insert scan, the sweep, a first load), one
 * subquery over that span replaces the keys: two parameters instead of a thousand, measured about 5 times
 * cheaper through psqlODBC; the span may hold entries the page left out, whose extra lookups are unused.
 * A sparse page (the change scan) lists its keys, in chunks.
 */
export function pageLookups<T>(rows: readonly SqlRow[], column: string, keys: readonly T[], param: (key: T) => SqlParam): InList[] {
  if (keys.length === 0) return [];
  let from = Infinity;
  let to = -Infinity;
  for (const row of rows) {
    const marq = sageInt(row.cbmarq);
    if (marq === null) {
      from = Infinity;
      break;
    }
    if (marq < from) from = marq;
    if (marq > to) to = marq;
  }
  if (from !== Infinity && to - from + 1 <= 2 * rows.length) {
    return [{ list: `SELECT ${column} FROM dbo.F_ECRITUREC e WHERE e.cbMarq >= ? AND e.cbMarq <= ?`, params: [intParam(from), intParam(to)] }];
  }
  return chunks(keys).map((part) => ({ list: placeholders(part.length), params: part.map(param) }));
}
