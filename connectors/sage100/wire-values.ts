import { DataError } from '../../core/errors';
import { zoneOffsetMs } from '../../core/time/zoned-time';

/**
 * Reading Sage's column values (reference §5): text is space-padded and empty means '', dates carry
 * sentinels (1900-01-01, 1753-01-01) instead of NULL, datetimes are naive server-local wall-clock text.
 */

/** Trimmed text, or null when empty (Sage writes '' for "none"). */
export function sageText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A Sage integer code (smallint/int); node-odbc may hand big ints over as text. */
export function sageInt(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) ? n : null;
}

const datetimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Whether text is exactly "YYYY-MM-DD HH:MM:SS", checked by character (cheaper than the pattern, per column per row). */
function isNormalDatetime(text: string): boolean {
  if (text.length !== 19) return false;
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    const expected = i === 4 || i === 7 ? 45 : i === 10 ? 32 : i === 13 || i === 16 ? 58 : -1;
    if (expected >= 0 ? c !== expected : c < 48 || c > 57) return false;
  }
  return true;
}

/** Naive datetime text normalized to "YYYY-MM-DD HH:MM:SS", or null for NULL and the sentinels (< 1901). */
export function sageDatetime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // psqlODBC and the mssql executor already send this form: returned as is, without a copy.
  if (typeof value === 'string' && isNormalDatetime(value)) return value < '1901' ? null : value;
  const m = datetimePattern.exec(String(value).trim());
  if (!m) throw new DataError('bad_date', `"${String(value)}" is not a date`);
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  if (Number(y) < 1901) return null;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** The local date of a Sage date column, or null for NULL and the sentinels. */
export function sageDate(value: unknown): string | null {
  return sageDatetime(value)?.slice(0, 10) ?? null;
}

/** A naive server-local datetime ("2026-01-04 10:00:00" in Europe/Paris) → the UTC instant (ISO). */
export function naiveToInstant(naive: string, timeZone: string): string {
  // cbModification has minute precision: a page repeats few distinct values, so conversions are cached,
  // per zone (no key to build per row).
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = { instants: new Map(), hours: new Map() };
    zones.set(timeZone, zone);
  }
  const known = zone.instants.get(naive);
  if (known !== undefined) return known;
  if (zone.instants.size >= 10_000) zone.instants.clear();
  const instant = convertInHour(naive, timeZone, zone.hours);
  zone.instants.set(naive, instant);
  return instant;
}

/** Per zone: instants by naive text, and hours whose offset holds for the whole hour (see convertInHour). */
const zones = new Map<string, { instants: Map<string, string>; hours: Map<string, number | null> }>();

/**
 * Converts through the hour: an hour whose two ends are 3,599 s apart and share one offset holds no
 * daylight-saving change, so any time in it is its start's instant plus the minutes and seconds; two
 * Intl conversions per hour instead of one per distinct minute. An hour that holds a change is
 * converted value by value.
 */
function convertInHour(naive: string, timeZone: string, hours: Map<string, number | null>): string {
  const hour = naive.slice(0, 13);
  const wall = Date.parse(naive.replace(' ', 'T') + 'Z');
  // Anything but a valid "YYYY-MM-DD HH:..." goes the long way, which names the bad text.
  if (hour.length !== 13 || naive.charAt(13) !== ':' || Number.isNaN(wall)) return convertNaive(naive, timeZone);
  let start = hours.get(hour);
  if (start === undefined) {
    if (hours.size >= 10_000) hours.clear();
    const first = Date.parse(convertNaive(`${hour}:00:00`, timeZone));
    const last = Date.parse(convertNaive(`${hour}:59:59`, timeZone));
    start = last - first === 3_599_000 && zoneOffsetMs(first, timeZone) === zoneOffsetMs(last, timeZone) ? first : null;
    hours.set(hour, start);
  }
  if (start === null) return convertNaive(naive, timeZone);
  const hourWall = Date.parse(`${hour.replace(' ', 'T')}:00:00Z`);
  return new Date(start + (wall - hourWall)).toISOString();
}

function convertNaive(naive: string, timeZone: string): string {
  const wall = Date.parse(naive.replace(' ', 'T') + 'Z');
  if (Number.isNaN(wall)) throw new DataError('bad_date', `"${naive}" is not a datetime`);
  // Two passes settle the offset across a daylight-saving change.
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess).toISOString();
}

/** Naive datetime text minus some minutes, in the same format (the overlap before a watermark). */
export function minusMinutes(naive: string, minutes: number): string {
  const ms = Date.parse(naive.replace(' ', 'T') + 'Z') - minutes * 60_000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A local date plus days, for JM_Date + EC_Jour - 1 (the entry date). */
export function addDaysToDate(date: string, days: number): string {
  // Within the first 28 days of a month (EC_Jour from JM_Date, nearly always) the date is spelled directly.
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48) + days;
  if (date.length === 10 && Number.isInteger(day) && day >= 1 && day <= 28) return date.slice(0, 8) + (day < 10 ? `0${day}` : String(day));
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A decimal as Sage's SQL sends it once cast to varchar ("1210.500000"); numbers are refused (float loss). */
export function sageDecimal(value: unknown, column: string): string {
  if (typeof value !== 'string') {
    throw new DataError('bad_amount', `${column} arrived as ${typeof value}, not as text: the query must cast amounts to varchar`);
  }
  return value.trim();
}
