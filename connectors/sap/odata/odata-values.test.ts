import { odataAmount, odataDate, odataDateLiteral } from './odata-values';

describe('OData V2 wire values from SAP Gateway', () => {
  it('reads /Date(ms)/ as the SAP day, with or without an offset, and empty as no date', () => {
    expect(odataDate('/Date(1719705600000)/')).toBe('2024-06-30');
    expect(odataDate('/Date(1719705600000+0000)/')).toBe('2024-06-30');
    expect(odataDate(null)).toBeNull();
    expect(() => odataDate('2024-06-30')).toThrow('is not an OData date');
  });

  it('reads decimal strings exactly in the currency’s minor units, sign kept', () => {
    expect(odataAmount('-1190.10', 'EUR')).toBe(-119010);
    expect(odataAmount('0.29', 'EUR')).toBe(29);
    expect(odataAmount('1000', 'JPY')).toBe(1000);
    expect(() => odataAmount(1190.1, 'EUR')).toThrow('is not a decimal string');
  });

  it('writes a day as the V2 datetime literal', () => {
    expect(odataDateLiteral('2026-03-31')).toBe("datetime'2026-03-31T00:00:00'");
  });
});
