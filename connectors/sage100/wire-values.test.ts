import { minusMinutes, naiveToInstant, sageDate, sageDatetime, sageDecimal, sageText } from './wire-values';
import { toNamedPlaceholders } from './executor/placeholders';

describe('reading Sage values', () => {
  it('reads both null-date sentinels as empty, and real dates as local dates', () => {
    expect(sageDate('1900-01-01 00:00:00')).toBeNull();
    expect(sageDate('1753-01-01 00:00:00.000')).toBeNull();
    expect(sageDate('2026-01-04 00:00:00')).toBe('2026-01-04');
    expect(sageDatetime('2026-01-04 10:01')).toBe('2026-01-04 10:01:00');
    expect(() => sageDate('04/01/2026')).toThrow(/not a date/);
  });

  it('turns server-local wall-clock times into instants, across daylight-saving changes', () => {
    expect(naiveToInstant('2026-01-04 10:00:00', 'Europe/Paris')).toBe('2026-01-04T09:00:00.000Z');
    expect(naiveToInstant('2026-03-30 09:00:00', 'Europe/Paris')).toBe('2026-03-30T07:00:00.000Z');
    expect(naiveToInstant('2026-10-25 12:00:00', 'Europe/Paris')).toBe('2026-10-25T11:00:00.000Z');
    expect(minusMinutes('2026-01-01 00:02:00', 5)).toBe('2025-12-31 23:57:00');
  });

  it('trims padding, treats empty text as none, and refuses amounts that arrived as floats', () => {
    expect(sageText('C002    ')).toBe('C002');
    expect(sageText('   ')).toBeNull();
    expect(sageDecimal(' 999.990000', 'EC_Montant')).toBe('999.990000');
    expect(() => sageDecimal(999.99, 'EC_Montant')).toThrow(/must cast amounts to varchar/);
  });

  it('rewrites ? to @p1.. for tedious, leaving quoted text alone', () => {
    expect(toNamedPlaceholders("SELECT '?' AS q, [a?] FROM t WHERE a = ? AND b IN (?, ?)")).toEqual({
      text: "SELECT '?' AS q, [a?] FROM t WHERE a = @p1 AND b IN (@p2, @p3)",
      count: 3,
    });
  });
});
