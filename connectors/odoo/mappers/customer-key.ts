/**
 * The externalId of a customer. With `companyIds` configured, each company pass reads the
 * company-dependent fields (credit limit, terms, trust) for that company, so a partner becomes one
 * customer per company ("3:14"); otherwise it is the partner id ("14"). Receivables and payments
 * point at their customer with the same key.
 */
export function customerExternalId(partnerId: number, perCompany: number | null): string {
  return perCompany === null ? String(partnerId) : `${perCompany}:${partnerId}`;
}
