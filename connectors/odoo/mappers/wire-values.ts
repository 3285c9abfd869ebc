import { currencyCodeSchema, type CurrencyCode } from '../../../core/money/currency';
import type { OdooMany2one } from '../types';

/*
 * Reading values in Odoo's read format (reference §2.5): `false` stands for empty in every type,
 * many2one is [id, "display name"], datetimes are naive UTC with seconds.
 */

export function many2oneId(value: OdooMany2one): number | null {
  return value === false ? null : value[0];
}

export function many2oneName(value: OdooMany2one): string | null {
  return value === false ? null : text(value[1]);
}

/** A char field as trimmed text, null when empty or false. */
export function text(value: string | false | undefined): string | null {
  if (value === false || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** "2025-02-01 08:13:27" (naive UTC) → "2025-02-01T08:13:27.000Z". */
export function odooDatetimeToInstant(value: string): string {
  return `${value.replace(' ', 'T')}.000Z`;
}

/** The latest of several Odoo datetimes (fixed width: text order is time order). */
export function latestDatetime(...values: ReadonlyArray<string | null | undefined>): string | null {
  let latest: string | null = null;
  for (const v of values) if (v && (latest === null || v > latest)) latest = v;
  return latest;
}

/** A res.currency many2one's display name is its ISO code ("EUR"); null when it is not one. */
export function currencyCode(value: OdooMany2one): CurrencyCode | null {
  const name = many2oneName(value);
  return name !== null && currencyCodeSchema.safeParse(name).success ? name : null;
}

/** Odoo language codes to IETF tags: "fr_FR" → "fr-FR", "sr@latin" → "sr-Latn", "es_419" → "es-419". */
export function odooLangToTag(lang: string | false): string | null {
  const code = text(lang);
  if (code === null) return null;
  const [base = '', variant] = code.split('@');
  const [language = '', ...regions] = base.split('_');
  return [language, ...(variant === 'latin' ? ['Latn'] : []), ...regions].join('-');
}

/** Amounts: Odoo sends 0.0, but a `false` float means 0 as well. */
export function amount(value: number | false): number {
  return value === false ? 0 : value;
}
