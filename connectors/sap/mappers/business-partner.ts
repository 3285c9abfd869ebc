import { z } from 'zod';
import type { MappedRow } from '../../contract';
import { odataDate, odataResults, odataText } from '../odata/odata-values';
import type { SapBusinessPartner, SapCustomerCompany } from '../types';
import { alphaInput, dayInstant } from '../wire-values';
import { customerExternalId } from './customer';

const emailSchema = z.string().email();

/** The company-code data of `bp` in `companyCode`, null when the customer is not defined there. */
export function customerCompanyOf(bp: SapBusinessPartner, companyCode: string): SapCustomerCompany | null {
  return (odataResults(bp.to_Customer?.to_CustomerCompany) as SapCustomerCompany[]).find((c) => odataText(c.CompanyCode) === companyCode) ?? null;
}

/**
 * A business partner in its customer role, in one company code, to a customer candidate: the name
 * and language from A_BusinessPartner, the VAT id and blocks from A_Customer, payment terms, clerk
 * and deletion from A_CustomerCompany, the dunning block from A_CustomerDunning (any dunning area).
 */
export function mapBusinessPartner(companyCode: string, bp: SapBusinessPartner, company: SapCustomerCompany): MappedRow {
  const customer = alphaInput(odataText(bp.Customer) ?? odataText(bp.to_Customer?.Customer) ?? '');
  const externalId = customerExternalId(companyCode, customer);
  const name = odataText(bp.BusinessPartnerFullName) ?? odataText(bp.to_Customer?.CustomerName);
  if (name === null) return { ok: false, externalId, reason: `SAP business partner ${odataText(bp.BusinessPartner) ?? '?'} (customer ${customer}): no name`, raw: bp };
  let changed: string | null;
  try {
    changed = odataDate(bp.LastChangeDate) ?? odataDate(bp.CreationDate);
  } catch (error) {
    return { ok: false, externalId, reason: `SAP business partner ${odataText(bp.BusinessPartner) ?? '?'}: ${(error as Error).message}`, raw: bp };
  }
  const addresses = odataResults(bp.to_BusinessPartnerAddress);
  const emails = addresses
    .flatMap((a) => odataResults((a as { to_EmailAddress?: unknown }).to_EmailAddress))
    .sort((a, b) => Number(b.IsDefaultEmailAddress === true) - Number(a.IsDefaultEmailAddress === true))
    .map((e) => odataText(e.EmailAddress))
    // A malformed address in SAP is not a reason to lose the customer: it is left out.
    .filter((e): e is string => e !== null && emailSchema.safeParse(e).success);
  const terms = odataText(company.PaymentTerms);
  const language = odataText(bp.CorrespondenceLanguage);
  const dunning = odataResults(company.to_CustomerDunning);
  return {
    ok: true,
    record: {
      externalId,
      sourceUpdatedAt: changed === null ? '1970-01-01T00:00:00.000Z' : dayInstant(changed),
      name,
      emails: [...new Set(emails)],
      phone: null,
      language: language === null ? null : language.toLowerCase(),
      vatId: odataText(bp.to_Customer?.VATRegistration),
      paymentTerms: terms === null ? null : { code: terms, name: terms },
      creditLimit: null,
      tags: [],
      segment: null,
      salesRep: odataText(company.AccountingClerk),
      erpRiskCode: null,
      dunningBlocked: dunning.some((d) => odataText(d.DunningBlock) !== null),
      companyId: companyCode,
      active: company.DeletionIndicator !== true && bp.to_Customer?.DeletionIndicator !== true && bp.to_Customer?.PostingIsBlocked !== true,
    },
  };
}
