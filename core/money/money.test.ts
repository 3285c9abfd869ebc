import fc from 'fast-check';
import pRetry from 'p-retry';
import { formatDecimal, formatMoney, moneyFromDecimal, sumMoney, toMinorUnits } from './money';
import { currencyExponent } from './currency';
import { DataError } from '../errors';

describe('money in minor units', () => {
  it('uses each currency’s own exponent', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('TND')).toBe(3);
    expect(toMinorUnits('1210.50', 'EUR')).toBe(121050);
    expect(toMinorUnits('1210', 'JPY')).toBe(1210);
    expect(toMinorUnits('12.345', 'TND')).toBe(12345);
  });

  it('reads JSON floats exactly, without float arithmetic artefacts', () => {
    expect(toMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinorUnits(1234.5600000000002, 'EUR')).toBe(123456);
    expect(toMinorUnits(999.99, 'EUR')).toBe(99999);
    expect(toMinorUnits(-1210.5, 'EUR')).toBe(-121050);
    expect(toMinorUnits(1e-7, 'EUR')).toBe(0);
  });

  it('rounds half away from zero at the exponent', () => {
    expect(toMinorUnits('0.005', 'EUR')).toBe(1);
    expect(toMinorUnits('-0.005', 'EUR')).toBe(-1);
    expect(toMinorUnits('0.0049', 'EUR')).toBe(0);
    expect(toMinorUnits('10.5', 'JPY')).toBe(11);
  });

  it('stays exact up to the largest safe integer and refuses what is past it', () => {
    expect(toMinorUnits('9999999999999.99', 'EUR')).toBe(999_999_999_999_999);
    expect(toMinorUnits('9999999999999.995', 'EUR')).toBe(1_000_000_000_000_000);
    expect(toMinorUnits('-90071992547409.91', 'EUR')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => toMinorUnits('90071992547409.92', 'EUR')).toThrow(/too large/);
  });

  it('accepts a decimal comma and refuses what is not a number', () => {
    expect(toMinorUnits('12,30', 'EUR')).toBe(1230);
    expect(() => toMinorUnits('12 EUR', 'EUR')).toThrow(DataError);
    expect(() => toMinorUnits(Number.NaN, 'EUR')).toThrow(DataError);
  });

  it('round-trips every amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('EUR', 'JPY', 'TND'), (amount, currency) => {
        expect(toMinorUnits(formatDecimal(amount, currency), currency)).toBe(amount);
      }),
    );
  });

  it('formats for people and refuses to add two currencies', () => {
    expect(formatMoney(moneyFromDecimal('-1234567.8', 'EUR'))).toBe('-1,234,567.80 EUR');
    expect(formatMoney({ amount: 5, currency: 'JPY' })).toBe('5 JPY');
    expect(sumMoney('EUR', [{ amount: 1, currency: 'EUR' }, { amount: 2, currency: 'EUR' }]).amount).toBe(3);
    expect(() => sumMoney('EUR', [{ amount: 1, currency: 'USD' }])).toThrow(/cannot add USD/);
  });

  it('loads the ES-module-only retry library under Jest', async () => {
    let calls = 0;
    const result = await pRetry(async () => {
      calls += 1;
      if (calls < 2) throw new Error('once');
      return 'ok';
    }, { retries: 2, minTimeout: 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });
});
