import { z } from 'zod';
import { DataError } from '../errors';
import { currencyCodeSchema, currencyExponent, type CurrencyCode } from './currency';

/** An amount in integer minor units (cents for EUR); never a float sum. */
export const minorUnitsSchema = z.number().int().refine(Number.isSafeInteger, 'amount exceeds the safe integer range');
export type MinorUnits = z.infer<typeof minorUnitsSchema>;

/** A sum of money: integer minor units in one currency. */
export const moneySchema = z.object({ amount: minorUnitsSchema, currency: currencyCodeSchema });
export type Money = z.infer<typeof moneySchema>;

const decimalPattern = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Converts an ERP decimal (a string such as "1210.50", or a JSON number such as 1210.5) into integer
 * minor units of the currency, rounding half away from zero at the currency's exponent.
 *
 * A JSON number goes through its shortest round-trip text (ECMAScript Number#toString), so
 * 0.1 + 0.2 = 0.30000000000000004 becomes 30 cents and no binary float arithmetic ever touches the amount.
 */
export function toMinorUnits(value: string | number, currency: CurrencyCode): MinorUnits {
  const text = typeof value === 'number' ? numberToText(value) : value.trim().replace(',', '.');
  const match = decimalPattern.exec(text);
  if (!match) throw new DataError('bad_amount', `"${String(value)}" is not a decimal amount`);
  const [, sign, intPart = '0', fracPart = '', expPart] = match;
  let digits = intPart + fracPart;
  let pointFromRight = fracPart.length - (expPart ? Number(expPart) : 0);
  const exponent = currencyExponent(currency);
  // Shift so that exactly `exponent` digits sit right of the point, keeping one guard digit for rounding.
  let roundUp = false;
  if (pointFromRight > exponent) {
    const drop = pointFromRight - exponent;
    const kept = digits.length - drop;
    const guard = kept >= 0 ? digits.charAt(kept) : '0';
    roundUp = guard >= '5';
    digits = kept > 0 ? digits.slice(0, kept) : '0';
    pointFromRight = exponent;
  }
  digits += '0'.repeat(exponent - pointFromRight);
  // Up to 15 digits a Number holds the integer exactly (2^53 has 16); BigInt only past that, as it
  // costs about as much as the rest of the conversion and every amount of every row comes through here.
  const magnitude = digits.length <= 15 ? Number(digits) + (roundUp ? 1 : 0) : Number(BigInt(digits) + (roundUp ? 1n : 0n));
  const result = sign === '-' ? -magnitude : magnitude;
  if (!Number.isSafeInteger(result)) throw new DataError('bad_amount', `amount ${text} ${currency} is too large`);
  return result === 0 ? 0 : result; // never -0
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new DataError('bad_amount', `${value} is not a finite amount`);
  return value.toString();
}

/** Builds a Money from an ERP decimal. */
export function moneyFromDecimal(value: string | number, currency: CurrencyCode): Money {
  return { amount: toMinorUnits(value, currency), currency };
}

/** Formats minor units as a plain decimal string with the currency's own decimals ("1210.50"). */
export function formatDecimal(amount: MinorUnits, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  const negative = amount < 0;
  const digits = Math.abs(amount).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return (negative ? '-' : '') + whole + frac;
}

/** Formats an amount for people: "1,210.50 EUR". */
export function formatMoney(money: Money): string {
  const [whole = '0', frac] = formatDecimal(money.amount, money.currency).split('.');
  const negative = whole.startsWith('-');
  const grouped = (negative ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? '.' + frac : ''} ${money.currency}`;
}

/** Adds amounts of one currency; refuses to mix currencies. */
export function sumMoney(currency: CurrencyCode, items: Iterable<Money>): Money {
  let total = 0;
  for (const item of items) {
    if (item.currency !== currency) {
      throw new DataError('currency_mismatch', `cannot add ${item.currency} to a ${currency} total`);
    }
    total += item.amount;
  }
  if (!Number.isSafeInteger(total)) throw new DataError('bad_amount', `${currency} total overflows`);
  return { amount: total, currency };
}
