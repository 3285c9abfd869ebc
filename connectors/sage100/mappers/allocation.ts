import type { MappedRow } from '../../contract';
import { toMinorUnits } from '../../../core/money/money';
import type { CurrencyCode } from '../../../core/money/currency';
import { sageReglechRowSchema } from '../types';
import { naiveToInstant, sageDate, sageInt } from '../wire-values';
import { unknownModification } from './customer';
import { accepted, describeShapeError, guarded, rejected } from './mapped-row';

/** What an allocation row needs beyond itself. */
export interface AllocationMapping {
  companyCurrency: CurrencyCode;
  serverTimeZone: string;
}

/**
 * F_REGLECH (RC_Montant of settlement RG_No applied to schedule line DR_No) → allocation. The receivable
 * is the accounting entry the schedule line is linked to (F_DOCREGL.EC_No).
 */
export function mapAllocation(raw: unknown, mapping: AllocationMapping): MappedRow {
  const parsed = sageReglechRowSchema.safeParse(raw);
  const r0 = raw as { rg_no?: unknown; dr_no?: unknown } | null;
  const id = r0?.rg_no != null && r0.dr_no != null ? `${String(r0.rg_no)}-${String(r0.dr_no)}` : null;
  if (!parsed.success) return rejected(raw, id, describeShapeError(`F_REGLECH ${id ?? '?'}`, raw, parsed.error));
  const x = parsed.data;
  const externalId = `${x.rg_no}-${x.dr_no}`;
  const where = `F_REGLECH RG_No ${x.rg_no} → DR_No ${x.dr_no}`;
  return guarded(raw, externalId, where, () => {
    const ecNo = sageInt(x.ec_no);
    if (ecNo === null || ecNo === 0) {
      return rejected(raw, externalId, `${where}: the schedule line is not linked to an accounting entry (F_DOCREGL.EC_No is 0), so the receivable it settles is unknown`);
    }
    const allocatedOn = sageDate(x.rg_date);
    if (allocatedOn === null) return rejected(raw, externalId, `${where}: the settlement has no date (RG_Date is empty)`);
    const amount = toMinorUnits(x.rc_montant, mapping.companyCurrency);
    if (amount <= 0) return rejected(raw, externalId, `${where}: RC_Montant is ${x.rc_montant}, expected a positive amount`);
    const modified = x.cbmodification?.trim() || null;
    return accepted({
      externalId,
      sourceUpdatedAt: modified ? naiveToInstant(modified, mapping.serverTimeZone) : unknownModification,
      receivableExternalId: String(ecNo),
      appliedFrom: 'payment',
      appliedFromExternalId: String(x.rg_no),
      allocatedOn,
      companyCurrency: mapping.companyCurrency,
      amountCompany: amount,
    });
  });
}
