/**
 * Odoo's datetime wire format: naive UTC "YYYY-MM-DD HH:MM:SS". The database keeps milliseconds (Odoo
 * keeps microseconds) but the ORM drops them when it formats a value, so a row written at 10:00:00.600
 * reads back as "10:00:00" while `write_date > '10:00:00'` still matches it.
 */

/** Formats epoch milliseconds as Odoo does on the wire, truncating (not rounding) to the second. */
export function formatOdooDatetime(ms: number): string {
  const day = Math.floor(ms / msPerDay);
  let date = dayStrings.get(day);
  if (date === undefined) {
    date = new Date(day * msPerDay).toISOString().slice(0, 10);
    dayStrings.set(day, date);
  }
  const second = Math.floor((ms - day * msPerDay) / 1000);
  const hh = Math.floor(second / 3600);
  const mm = Math.floor(second / 60) % 60;
  const ss = second % 60;
  return `${date} ${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}:${ss < 10 ? '0' : ''}${ss}`;
}

const msPerDay = 86_400_000;
// Serving 200,000 rows formats 400,000 datetimes: the date part is shared per day.
const dayStrings = new Map<number, string>();

const datetimePattern = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * Parses a datetime operand of a domain ("2025-01-31 23:50:00", or a bare date) into epoch ms, or null
 * when it is not a date at all. A bare date means midnight, except that Odoo reads it as the end of the
 * day for `>` and `<=` so that "<= 2025-01-31" includes the whole day.
 */
export function parseOdooDatetime(text: string, endOfDay = false): number | null {
  const match = datetimePattern.exec(text.trim());
  if (!match) return null;
  const [, date, hh, mm, ss, frac] = match;
  let clock = `${hh ?? '00'}:${mm ?? '00'}:${ss ?? '00'}`;
  if (hh === undefined && endOfDay) clock = '23:59:59';
  const ms = Date.parse(`${date}T${clock}Z`);
  if (Number.isNaN(ms)) return null;
  return ms + (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
}

/** Epoch ms of a local date at a UTC time of day ("2025-01-02", 9, 0, 1, 250). */
export function instantOf(date: string, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  return Date.parse(`${date}T00:00:00Z`) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

/** The UTC calendar date of epoch ms, as Odoo's `Date` fields store it. */
export function dateOfInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
