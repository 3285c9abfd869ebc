import { readCubeItem } from './cube-item';

const row = {
  CompanyCode: '1010', FiscalYear: '2026', AccountingDocument: '1800000042', AccountingDocumentItem: '1', Customer: '17100001',
  DebitCreditCode: 'H', AccountingDocumentType: 'DG', PostingDate: '/Date(1772323200000)/', DocumentDate: '/Date(1772323200000)/',
  NetDueDate: '/Date(1774915200000)/', ClearingDate: null, ClearingAccountingDocument: '', IsCleared: false,
  CompanyCodeCurrency: 'EUR', AmountInCompanyCodeCurrency: '-250.50', TransactionCurrency: 'USD', AmountInTransactionCurrency: '-270.54',
  DunningLevel: '2', DunningBlockingReason: 'R', LastDunningDate: '/Date(1772928000000)/', InvoiceReference: '',
};

describe('a journal-entry item cube row', () => {
  it('keys the item as the SOAP flavour does, takes SAP’s net due date, and keeps amounts unsigned beside the debit/credit code', () => {
    const read = readCubeItem(row);
    expect(read).toMatchObject({
      ok: true,
      item: {
        key: '1010/2026/1800000042/001', customer: '0017100001', debitCredit: 'H', netDueDate: '2026-03-31', amount: 27054, amountLocal: 25050,
        dunningLevel: 2, dunningBlock: 'R', lastDunnedOn: '2026-03-08', clearDate: null, invoiceKey: null,
      },
    });
  });

  it('says what is wrong with a row SAP sent badly, and where', () => {
    expect(readCubeItem({ ...row, DebitCreditCode: 'X' })).toEqual({ ok: false, key: '1010/2026/1800000042/001', reason: 'SAP journal entry item 1010/2026/1800000042/001: DebitCreditCode "X" is neither S (debit) nor H (credit)' });
    expect(readCubeItem({ ...row, AmountInTransactionCurrency: 'n/a' })).toMatchObject({ ok: false, reason: expect.stringContaining('"n/a" is not a decimal string') });
    expect(readCubeItem({ ...row, NetDueDate: null })).toMatchObject({ ok: false, reason: expect.stringContaining('NetDueDate is empty') });
  });
});
