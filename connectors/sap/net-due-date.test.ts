import { netDueDate } from './net-due-date';
import { abapToMcStyle, mcStyleToAbap } from './soap/sap-naming';
import { sapAmount, sapDate, tableRows } from './wire-values';
import { classifyReturn, readReturn } from './return-messages';

const base = { baselineDate: '2026-01-10', documentDate: '2026-01-05', debitCredit: 'S' as const, invoiceReference: null, netDays: 0, discountDays2: 0, discountDays1: 0 };

describe('the net due date, as SAP computes it', () => {
  it('adds the net term, else the second discount term, else the first, to the baseline date', () => {
    expect(netDueDate({ ...base, netDays: 30, discountDays2: 45, discountDays1: 14 })).toBe('2026-02-09');
    expect(netDueDate({ ...base, discountDays2: 45, discountDays1: 14 })).toBe('2026-02-24');
    expect(netDueDate({ ...base, discountDays1: 14 })).toBe('2026-01-24');
  });
  it('falls back to the document date when the baseline is initial, and makes a credit without invoice reference due at once', () => {
    expect(netDueDate({ ...base, baselineDate: null, netDays: 30 })).toBe('2026-02-04');
    expect(netDueDate({ ...base, debitCredit: 'H', netDays: 30 })).toBe('2026-01-10');
    expect(netDueDate({ ...base, debitCredit: 'H', invoiceReference: '1800000001', netDays: 30 })).toBe('2026-02-09');
  });
});

describe('SAP wire values', () => {
  it('reads empty tables, one-row tables, initial dates and amounts exactly', () => {
    expect(tableRows('')).toEqual([]);
    expect(tableRows(null)).toEqual([]);
    expect(tableRows({ item: { DOC_NO: '1' } })).toEqual([{ DOC_NO: '1' }]);
    expect(sapDate('0000-00-00')).toBeNull();
    expect(sapDate('00000000')).toBeNull();
    expect(sapDate('20260131')).toBe('2026-01-31');
    expect(() => sapDate('2026-02-30')).toThrow('not a date');
    expect(sapAmount('1190.10', 'EUR')).toBe(119010);
    expect(sapAmount('12.00-', 'EUR')).toBe(-1200);
    expect(sapAmount('1000', 'JPY')).toBe(1000);
  });
  it('converts names to and from mc-style as SOAMANAGER writes them', () => {
    expect(abapToMcStyle('BAPI_AR_ACC_GETBALANCEDITEMS')).toBe('BapiArAccGetbalanceditems');
    expect(abapToMcStyle('CLR_DOC_NO')).toBe('ClrDocNo');
    for (const name of ['CLR_DOC_NO', 'DSCT_DAYS1', 'E_MAIL', 'NAME_2', 'MESSAGE_V1', 'LOG_MSG_NO', 'BAPI_AR_ACC_GETOPENITEMS']) {
      expect(mcStyleToAbap(abapToMcStyle(name))).toBe(name);
    }
  });
  it('classifies RETURN messages: nothing found is no error, an authority check is auth, the rest keeps SAP’s text', () => {
    expect(classifyReturn('BAPI_AR_ACC_GETOPENITEMS', readReturn({ TYPE: 'I', CODE: 'FN517', MESSAGE: 'No items' }))).toBeNull();
    expect(classifyReturn('BAPI_CUSTOMER_GETLIST', readReturn({ TYPE: 'E', ID: 'F2', NUMBER: '543', MESSAGE: 'No authorization' }))?.code).toBe('auth');
    const error = classifyReturn('BAPI_AR_ACC_GETOPENITEMS', readReturn({ TYPE: 'E', CODE: 'FN512', MESSAGE: 'Error reading document' }));
    expect(error).toMatchObject({ code: 'permanent', message: 'SAP BAPI_AR_ACC_GETOPENITEMS: E FN512: Error reading document' });
  });
});
