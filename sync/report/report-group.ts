import { closestMatch } from '../../config/closest-match';
import type { FirmConfig } from '../../config/firm-config';
import type { TenantConfig } from '../../config/tenant-config';
import type { DsoMethod } from '../../core/kpi/dso-method';
import type { ExchangeRates } from '../../core/money/exchange-rates';
import type { ReportGroup, ReportTenant } from './portfolio-report';
import { consolidationDsoMethod, reportTenantFrom } from './report-tenant';

/** What a group's report reads: its members, its rates, and the DSO method of its consolidation. */
export interface GroupReportSelection {
  /** The group's id and name. */
  group: ReportGroup;
  /** Its member companies, in firm.yaml's order. */
  tenants: ReportTenant[];
  /** Its rate table into its reporting currency. */
  rates: ExchangeRates;
  /** DSO method of its consolidation: --dso-method, else the members' common one, else the firm's. */
  dsoMethod: DsoMethod;
}

/**
 * The report selection of firm.yaml's group `groupId`, or the reason there is none (an unknown id,
 * answered with the id most likely meant). `override` is --dso-method.
 */
export function selectGroup(firm: FirmConfig, tenants: readonly TenantConfig[], groupId: string, override?: DsoMethod): GroupReportSelection | { problem: string } {
  const groups = firm.groups ?? {};
  const found = groups[groupId];
  if (!found) {
    const ids = Object.keys(groups);
    const suggestion = closestMatch(groupId, ids);
    return { problem: `no group "${groupId}" in firm.yaml${suggestion ? `; did you mean "${suggestion}"?` : ''} (groups: ${ids.join(', ') || 'none; add them under groups:'})` };
  }
  // The configuration loader has checked that every member is a tenant.
  const members = found.members.map((id) => tenants.find((t) => t.id === id)).filter((t) => t !== undefined).map((t) => reportTenantFrom(t, override));
  return {
    group: { id: groupId, name: found.name },
    tenants: members,
    rates: { into: found.currency, rates: found.rates, ...(found.ratesSource ? { source: found.ratesSource } : {}) },
    dsoMethod: override ?? consolidationDsoMethod(members, firm.defaults.reporting?.dsoMethod ?? 'total'),
  };
}
