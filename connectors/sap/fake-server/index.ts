export { startFakeSap, fakeSapUser, fakeSapPassword, soamanagerPath, type FakeSap, type InjectedFailure, type SapCallRecord } from './fake-sap-server';
export { FakeLedger, type LedgerItem, type LedgerCustomer, type LedgerOptions } from './fake-ledger';
export { renderWsdl, type WsdlShape } from './sap-wsdl';
export { functionSignatures } from './function-signatures';
export { startFakeS4, s4ItemsPath, s4PartnersPath, s4JournalEntryChangePath, type FakeS4, type S4InjectedFailure } from './fake-s4-server';
export { startFakeB1, fakeB1Company, fakeB1User, fakeB1Password, type FakeB1, type FakeB1Options, type B1Request } from './fake-b1-server';
