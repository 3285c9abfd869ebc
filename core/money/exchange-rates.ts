import { z } from 'zod';
import { DataError } from '../errors';
import { currencyCodeSchema, currencyExponent, type CurrencyCode } from './currency';
import type { MinorUnits } from './money';

/** A rate as decimal text ("0.9215"): kept as text so that no float ever multiplies money. */
export const rateSchema = z.string().regex(/^\d+(\.\d+)?$/, 'expected a positive decimal rate such as 0.9215').refine((r) => /[1-9]/.test(r), 'a rate cannot be zero');

/**
 * A rate table into one reporting currency: `rates[X]` is how many units of `into` one unit of X is
 * worth. The report prints the table it used, so every converted figure can be checked by hand.
 */
export const exchangeRatesSchema = z
  .object({
    /** The reporting currency. */
    into: currencyCodeSchema,
    /** Units of `into` per unit of each other currency. */
    rates: z.record(currencyCodeSchema, rateSchema).default({}),
    /** Where the rates come from and their date, printed with the report (e.g. "ECB reference, 2026-11-20"). */
    source: z.string().optional(),
  })
  .strict();
export type ExchangeRates = z.infer<typeof exchangeRatesSchema>;

/** True when `currency` can be converted (it is `into`, or it has a rate). */
export function hasRate(table: ExchangeRates, currency: CurrencyCode): boolean {
  return currency === table.into || table.rates[currency] !== undefined;
}

/**
 * Converts minor units of `from` into minor units of the table's currency: exact integer arithmetic,
 * rounded once, half away from zero.
 */
export function convertMinorUnits(amount: MinorUnits, from: CurrencyCode, table: ExchangeRates): MinorUnits {
  if (from === table.into) return amount;
  const rate = table.rates[from];
  if (rate === undefined) throw new DataError('missing_rate', `no exchange rate from ${from} into ${table.into}`);
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = BigInt(whole + fraction);
  // amount × rate × 10^(exp(into) − exp(from)), as one fraction.
  const scale = fraction.length - (currencyExponent(table.into) - currencyExponent(from));
  let top = BigInt(amount) * numerator;
  let bottom = 1n;
  if (scale >= 0) bottom = 10n ** BigInt(scale);
  else top *= 10n ** BigInt(-scale);
  const negative = top < 0n;
  const magnitude = negative ? -top : top;
  const rounded = (magnitude * 2n + bottom) / (bottom * 2n);
  const result = Number(negative ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw new DataError('bad_amount', `${amount} ${from} converted overflows`);
  return result === 0 ? 0 : result;
}
