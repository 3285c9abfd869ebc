import { z } from 'zod';
import type { MappedRow } from '../../contract';
import type { SapCustomerDetail } from '../types';
import { sapText } from '../wire-values';

const emailSchema = z.string().email();

/** The model's customer key: a customer's company-code data (KNB1) is what is dunned, so the key carries the company code. */
export function customerExternalId(companyCode: string, customer: string): string {
  return `${companyCode}/${customer}`;
}

/**
 * BAPI_CUSTOMER_GETDETAIL2's exports to a customer candidate. SAP's customer BAPIs carry no change
 * date, so sourceUpdatedAt is fixed: the store writes a customer only when its data changed.
 */
export function mapCustomer(companyCode: string, customer: string, detail: SapCustomerDetail): MappedRow {
  const address = detail.CUSTOMERADDRESS ?? {};
  const general = detail.CUSTOMERGENERALDETAIL ?? {};
  const company = detail.CUSTOMERCOMPANYDETAIL ?? {};
  const externalId = customerExternalId(companyCode, customer);
  const name = [sapText(address.NAME), sapText(address.NAME_2)].filter((x) => x !== null).join(' ');
  if (name === '') return { ok: false, externalId, reason: `SAP customer ${customer} in company code ${companyCode}: CUSTOMERADDRESS.NAME is empty`, raw: detail };
  const email = sapText(address.E_MAIL);
  const terms = sapText(company.PMNTTRMS);
  const language = sapText(address.LANGU_ISO);
  return {
    ok: true,
    record: {
      externalId,
      sourceUpdatedAt: '1970-01-01T00:00:00.000Z',
      name,
      // A malformed address in SAP is not a reason to lose the customer: it is left out.
      emails: email !== null && emailSchema.safeParse(email).success ? [email] : [],
      phone: sapText(address.TELEPHONE),
      language: language === null ? null : language.toLowerCase(),
      vatId: sapText(general.VAT_REG_NO),
      paymentTerms: terms === null ? null : { code: terms, name: terms },
      creditLimit: null,
      tags: [],
      segment: null,
      salesRep: sapText(company.ACCNT_CLERK),
      erpRiskCode: null,
      dunningBlocked: sapText(company.DUNN_BLOCK) !== null,
      companyId: companyCode,
      active: sapText(company.DELETION_FLAG) === null && sapText(company.POSTING_BLOCK) === null && sapText(general.POSTING_BLOCK) === null,
    },
  };
}
