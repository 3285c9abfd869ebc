import { z } from 'zod';
import type { MappedRow } from '../../contract';
import { toMinorUnits } from '../../../core/money/money';
import { sageComptetRowSchema } from '../types';
import { naiveToInstant, sageInt, sageText } from '../wire-values';
import { accepted, describeShapeError, guarded, rejected } from './mapped-row';
import type { SageCurrencies } from './sage-currencies';

/** What a customer row needs beyond itself (read in batch for the page). */
export interface CustomerMapping {
  companyId: string | null;
  currencies: SageCurrencies;
  serverTimeZone: string;
  /** Contact emails (F_CONTACTT) by CT_Num, in contact order. */
  contactEmails: ReadonlyMap<string, readonly string[]>;
  /** Payment terms (first F_REGLEMENTT line) by CT_Num. */
  terms: ReadonlyMap<string, { code: string; name: string }>;
}

const emailSchema = z.string().email();
/** When cbModification is NULL (rows written by third-party SQL), the record still needs an instant. */
export const unknownModification = '1970-01-01T00:00:00.000Z';

/** F_COMPTET (CT_Type 0) → customer candidate. */
export function mapCustomer(raw: unknown, mapping: CustomerMapping): MappedRow {
  const parsed = sageComptetRowSchema.safeParse(raw);
  const id = sageText((raw as { ct_num?: unknown } | null)?.ct_num);
  if (!parsed.success) return rejected(raw, id, describeShapeError(`F_COMPTET ${id ?? '?'}`, raw, parsed.error));
  const t = parsed.data;
  const ctNum = sageText(t.ct_num);
  if (ctNum === null) return rejected(raw, null, 'F_COMPTET row has an empty CT_Num');
  const where = `F_COMPTET ${ctNum}`;
  return guarded(raw, ctNum, where, () => {
    const name = sageText(t.ct_intitule);
    if (name === null) return rejected(raw, ctNum, `${where} has no name (CT_Intitule is empty)`);
    const emails = [sageText(t.ct_email), ...(mapping.contactEmails.get(ctNum) ?? [])]
      .flatMap((e) => (e ?? '').split(/[,;\s]+/))
      .filter((e) => e !== '' && emailSchema.safeParse(e).success);
    const limit = t.ct_encours === null ? 0 : toMinorUnits(t.ct_encours, mapping.currencies.company);
    const rep = [sageText(t.co_prenom), sageText(t.co_nom)].filter((p) => p !== null).join(' ');
    const modified = t.cbmodification === null ? null : t.cbmodification.trim();
    return accepted({
      externalId: ctNum,
      sourceUpdatedAt: modified ? naiveToInstant(modified, mapping.serverTimeZone) : unknownModification,
      name,
      emails: [...new Set(emails)],
      phone: sageText(t.ct_telephone),
      language: sageText(t.ct_langue)?.toLowerCase() ?? null,
      vatId: sageText(t.ct_identifiant),
      paymentTerms: mapping.terms.get(ctNum) ?? null,
      // CT_Encours is the AUTHORISED credit limit (0 = none), not the balance.
      creditLimit: limit === 0 ? null : { amount: limit, currency: mapping.currencies.company },
      tags: [],
      segment: null,
      salesRep: rep === '' ? null : rep,
      // N_Risque points into P_CRISQUE; its label is what people know (0 = none).
      erpRiskCode: sageInt(t.n_risque) ? (sageText(t.r_intitule) ?? String(t.n_risque)) : null,
      dunningBlocked: sageInt(t.ct_notrappel) === 1,
      companyId: mapping.companyId,
      active: sageInt(t.ct_sommeil) !== 1,
    });
  });
}
