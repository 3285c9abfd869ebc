import type { MappedRow } from '../../contract';
import { toMinorUnits } from '../../../core/money/money';
import { sageReglementRowSchema } from '../types';
import { naiveToInstant, sageDate, sageInt, sageText } from '../wire-values';
import { unknownModification } from './customer';
import { accepted, describeShapeError, guarded, rejected } from './mapped-row';
import type { SageCurrencies } from './sage-currencies';

/** What a payment row needs beyond itself. */
export interface PaymentMapping {
  companyId: string | null;
  currencies: SageCurrencies;
  serverTimeZone: string;
}

/** F_CREGLEMENT (RG_Type 0: a customer settlement) → payment. A settlement with an unpaid date (RG_Impaye) bounced. */
export function mapPayment(raw: unknown, mapping: PaymentMapping): MappedRow {
  const parsed = sageReglementRowSchema.safeParse(raw);
  const rawNo = (raw as { rg_no?: unknown } | null)?.rg_no;
  const id = rawNo === undefined || rawNo === null ? null : String(rawNo);
  if (!parsed.success) return rejected(raw, id, describeShapeError(`F_CREGLEMENT RG_No ${id ?? '?'}`, raw, parsed.error));
  const r = parsed.data;
  const externalId = String(r.rg_no);
  const where = `F_CREGLEMENT RG_No ${externalId}`;
  return guarded(raw, externalId, where, () => {
    const customer = sageText(r.ct_numpayeur);
    if (customer === null) return rejected(raw, externalId, `${where} has no payer (CT_NumPayeur is empty)`);
    const receivedOn = sageDate(r.rg_date);
    if (receivedOn === null) return rejected(raw, externalId, `${where} has no date (RG_Date is empty)`);
    const companyCurrency = mapping.currencies.company;
    const nDevise = sageInt(r.n_devise);
    const currency = mapping.currencies.of(nDevise);
    const amountCompany = toMinorUnits(r.rg_montant, companyCurrency);
    const amount = mapping.currencies.isForeign(nDevise) ? toMinorUnits(r.rg_montantdev ?? '0', currency) : amountCompany;
    const modified = r.cbmodification?.trim() || null;
    return accepted({
      externalId,
      sourceUpdatedAt: modified ? naiveToInstant(modified, mapping.serverTimeZone) : unknownModification,
      customerExternalId: customer,
      reference: sageText(r.rg_reference) ?? sageText(r.rg_piece) ?? sageText(r.rg_libelle),
      receivedOn,
      currency,
      amount: Math.abs(amount),
      companyCurrency,
      amountCompany: Math.abs(amountCompany),
      status: sageDate(r.rg_impaye) === null ? 'posted' : 'cancelled',
      method: sageText(r.r_intitule),
      companyId: mapping.companyId,
    });
  });
}
