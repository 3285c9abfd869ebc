/** The fake Odoo: a loopback server speaking Odoo's real JSON-RPC / JSON-2, over generated data. */
export { startFakeOdoo, type FakeOdoo, type StartFakeOdooOptions } from './fake-odoo-server';
export { generateCompany, type CompanyStats, type FakeOdooCompany, type GenerateCompanyOptions, type PaymentProfile } from './demo-company';
export {
  FakeOdooMutations,
  type AddCreditNoteOptions,
  type AddedMove,
  type AddInvoiceOptions,
  type RegisteredPayment,
  type RegisterPaymentOptions,
} from './mutations';
export type { DelayOptions, FailureMatch, HttpFailureOptions, OdooErrorFailureOptions } from './failure-injection';
export type { FakeOdooRequest } from './request-log';
export type { OdooVersion } from './odoo-version';
export { formatOdooDatetime } from './odoo-datetime';
export type { FakeModelName } from './fake-rows';
export { auditLedger } from './ledger-audit';
export type { FakeDatabase } from './fake-database';
