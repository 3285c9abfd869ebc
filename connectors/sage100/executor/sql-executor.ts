/**
 * A query parameter, typed so that each driver binds it the way Sage's columns need: varchar (never
 * nvarchar, so the varchar indexes stay usable), int, and datetimes as naive server-local wall-clock
 * text ("2026-01-04 10:00:00") bound as a typed value, never as a language-dependent string literal.
 */
export type SqlParam =
  | { type: 'int'; value: number }
  | { type: 'varchar'; value: string }
  | { type: 'datetime'; value: string };

/** A result row: column names in lower case (psqlODBC folds them, SQL Server does not), datetimes as naive text. */
export type SqlRow = Record<string, unknown>;

/**
 * The seam between the connector and a database driver. Every query is ONE SQL text, written in the
 * subset SQL Server 2012+ and PostgreSQL both run, with `?` placeholders; the executor adapts only the
 * placeholders (mssql needs @p1, @p2...) and the shape of values.
 */
export interface SqlExecutor {
  /** Which driver runs the SQL, for messages. */
  readonly driver: 'mssql' | 'odbc';
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}

export const intParam = (value: number): SqlParam => ({ type: 'int', value });
export const varcharParam = (value: string): SqlParam => ({ type: 'varchar', value });
export const datetimeParam = (value: string): SqlParam => ({ type: 'datetime', value });

/** Lower-cases the keys of a row and turns Date values into naive wall-clock text. */
export function normalizeRow(row: Record<string, unknown>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key.toLowerCase()] = value instanceof Date ? naiveText(value) : value;
  return out;
}

/** A Date built from wall-clock fields (tedious with useUTC: false) back to "YYYY-MM-DD HH:MM:SS". */
export function naiveText(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getFullYear(), 4)}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** "YYYY-MM-DD HH:MM:SS" → a Date with those wall-clock fields (what tedious sends with useUTC: false). */
export function wallClockDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!m) throw new RangeError(`not a datetime: ${text}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}
