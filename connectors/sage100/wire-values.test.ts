import { addDaysToDate, minusMinutes, naiveToInstant, sageDate, sageDatetime, sageDecimal, sageText } from './wire-values';
import { toNamedPlaceholders } from './executor/placeholders';

describe('reading Sage values', () => {
  it('reads both null-date sentinels as empty, and real dates as local dates', () => {
    expect(sageDate('1900-01-01 00:00:00')).toBeNull();
    expect(sageDate('1753-01-01 00:00:00.000')).toBeNull();
    expect(sageDate('2026-01-04 00:00:00')).toBe('2026-01-04');
    expect(sageDatetime('2026-01-04 10:01')).toBe('2026-01-04 10:01:00');
    expect(() => sageDate('04/01/2026')).toThrow(/not a date/);
    // JM_Date + EC_Jour - 1: within the month, and past its end (EC_Jour is never more than 31).
    expect(addDaysToDate('2026-01-01', 8)).toBe('2026-01-09');
    expect(addDaysToDate('2026-01-01', 30)).toBe('2026-01-31');
    expect(addDaysToDate('2026-02-01', 28)).toBe('2026-03-01');
    expect(addDaysToDate('2028-02-01', 28)).toBe('2028-02-29');
  });

  it('turns server-local wall-clock times into instants, across daylight-saving changes', () => {
    expect(naiveToInstant('2026-01-04 10:00:00', 'Europe/Paris')).toBe('2026-01-04T09:00:00.000Z');
    expect(naiveToInstant('2026-03-30 09:00:00', 'Europe/Paris')).toBe('2026-03-30T07:00:00.000Z');
    expect(naiveToInstant('2026-10-25 12:00:00', 'Europe/Paris')).toBe('2026-10-25T11:00:00.000Z');
    expect(minusMinutes('2026-01-01 00:02:00', 5)).toBe('2025-12-31 23:57:00');
  });

  it('converts every minute of the daylight-saving days right, hour by hour', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const wallClock = (instant: string, timeZone: string) => {
      let format = formats.get(timeZone);
      if (!format) {
        format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
        formats.set(timeZone, format);
      }
      return format.format(new Date(instant)).replace(',', '');
    };
    // The wall-clock times each zone skips in 2026 (Lord Howe moves by half an hour).
    const skipped: Record<string, [string, string]> = {
      'Europe/Paris': ['2026-03-29 02:00:00', '2026-03-29 03:00:00'],
      'America/New_York': ['2026-03-08 02:00:00', '2026-03-08 03:00:00'],
      'Australia/Lord_Howe': ['2026-10-04 02:00:00', '2026-10-04 02:30:00'],
    };
    for (const [timeZone, [from, to]] of Object.entries(skipped)) {
      let checked = 0;
      for (const day of ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01']) {
        for (let minute = 0; minute < 24 * 60; minute += 7) {
          const naive = `${day} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:30`;
          if (naive >= from && naive < to) continue;
          // Every time that exists reads back as written (a repeated one as either of its instants).
          expect(wallClock(naiveToInstant(naive, timeZone), timeZone)).toBe(naive);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(1_200);
    }
    // The skipped hour (Paris, 02:00 to 03:00 on 29 March) and the repeated one (02:00 to 03:00 on 25 October): the later offset.
    expect(naiveToInstant('2026-03-29 02:30:00', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    expect(naiveToInstant('2026-03-29 03:00:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(naiveToInstant('2026-10-25 02:30:00', 'Europe/Paris')).toBe('2026-10-25T01:30:00.000Z');
    expect(naiveToInstant('2026-10-25 03:00:00', 'Europe/Paris')).toBe('2026-10-25T02:00:00.000Z');
    expect(naiveToInstant('2026-10-25 01:59:00', 'Europe/Paris')).toBe('2026-10-24T23:59:00.000Z');
    expect(() => naiveToInstant('2026-10-25 01:75:00', 'Europe/Paris')).toThrow('"2026-10-25 01:75:00" is not a datetime');
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
