import { z } from 'zod';

/**
 * ISO 4217 minor-unit exponents that differ from the usual 2. Anything else that is a valid
 * three-letter code has 2 decimals. Source: ISO 4217 list one (minor unit column).
 */
const exponentOverrides: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** An ISO 4217 alphabetic code, upper case. */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR');
export type CurrencyCode = z.infer<typeof currencyCodeSchema>;

/** Number of decimals of the currency's minor unit (EUR 2, JPY 0, TND 3). */
export function currencyExponent(currency: CurrencyCode): number {
  return exponentOverrides[currency] ?? 2;
}
