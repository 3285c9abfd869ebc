import type { CurrencyCode } from '../../../core/money/currency';
import { toMinorUnits } from '../../../core/money/money';
import type { LocalDate } from '../../../core/time/local-date';

/*
 * OData V2 wire values as SAP Gateway sends them (reference §3.2): dates as "/Date(ms)/" (ms since
 * the epoch, UTC midnight for Edm.DateTime holding a day), decimals as strings, null when initial.
 */

/** "/Date(1719705600000)/" (optionally with an offset "+0000") → "2024-06-30"; null/"" → null. Throws on garbage. */
export function odataDate(value: unknown): LocalDate | null {
  if (value === null || value === undefined || value === '') return null;
  const match = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(String(value));
  if (!match) throw new RangeError(`${JSON.stringify(value)} is not an OData date (/Date(ms)/)`);
  // Edm.DateTime of a DATS field is midnight UTC of that day: the UTC calendar day is the SAP date.
  return new Date(Number(match[1])).toISOString().slice(0, 10);
}

/** A literal for $filter: datetime'2026-03-31T00:00:00'. */
export function odataDateLiteral(date: LocalDate): string {
  return `datetime'${date}T00:00:00'`;
}

/** An Edm.Decimal sent as a string ("-1190.00") as exact minor units; never through a float. */
export function odataAmount(value: unknown, currency: CurrencyCode): number {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) throw new RangeError(`${JSON.stringify(value)} is not a decimal string`);
  return toMinorUnits(value.trim(), currency);
}

/** A string property, trimmed, null when empty. */
export function odataText(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A collection: V2 sends `{ results: [...] }` for expanded and top-level sets. */
export function odataResults(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  if (typeof value === 'object' && value !== null && Array.isArray((value as { results?: unknown }).results)) return (value as { results: Record<string, unknown>[] }).results;
  return [];
}
