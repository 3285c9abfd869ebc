import { toMinorUnits } from '../../core/money/money';
import type { CurrencyCode } from '../../core/money/currency';
import { parseLocalDate, type LocalDate } from '../../core/time/local-date';

/*
 * SAP's wire quirks over SOAP (reference §1.3): an empty table comes back as "" (or an empty
 * element), a one-row table as an object instead of an array, initial dates as 0000-00-00 or
 * 00000000, numeric keys zero-padded (ALPHA format), amounts unsigned with a decimal point.
 */

/** A TABLES parameter as rows: "" / null / {} → [], { item: row } → [row], { item: [..] } → [..]. */
export function tableRows(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.flatMap((v) => tableRows(v));
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ('item' in record) {
    const item = record.item;
    if (Array.isArray(item)) return item.filter(isRecord);
    return isRecord(item) ? [item] : [];
  }
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A CHAR field as trimmed text, null when initial (empty). */
export function sapText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return null; // an empty element parsed as {}
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A DATS field: "2025-05-02" or "20250502" → "2025-05-02"; initial (0000-00-00, 00000000, "") → null. Throws on garbage. */
export function sapDate(value: unknown): LocalDate | null {
  const text = sapText(value);
  if (text === null || /^0+(-0+-0+)?$/.test(text)) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return parseLocalDate(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text);
}

/** A NUMC/INT field as a number; initial → 0. Throws on garbage. */
export function sapInteger(value: unknown): number {
  const text = sapText(value);
  if (text === null) return 0;
  if (!/^-?\d+$/.test(text)) throw new RangeError(`"${text}" is not an integer`);
  return Number(text);
}

/**
 * An unsigned CURR amount in BAPI external format ("1190.00", JPY "1000") as minor units. SAP may
 * put the sign last ("12.00-") in some renderings; both are read.
 */
export function sapAmount(value: unknown, currency: CurrencyCode): number {
  const text = sapText(value) ?? '0';
  const trailingMinus = /^(\d+(?:\.\d+)?)-$/.exec(text);
  return toMinorUnits(trailingMinus ? `-${trailingMinus[1]}` : text, currency);
}

/** The internal (ALPHA) form of a CHAR10 key: numeric ids left-padded with zeros, others unchanged. */
export function alphaInput(key: string, length = 10): string {
  const trimmed = key.trim();
  return /^\d+$/.test(trimmed) ? trimmed.padStart(length, '0') : trimmed.toUpperCase();
}

/** The external form people see: leading zeros of a numeric key removed. */
export function alphaOutput(key: string): string {
  return /^\d+$/.test(key) ? key.replace(/^0+(?=\d)/, '') : key;
}

/** A local date as the midnight UTC instant the model's sourceUpdatedAt wants (day precision). */
export function dayInstant(date: LocalDate): string {
  return `${date}T00:00:00.000Z`;
}
