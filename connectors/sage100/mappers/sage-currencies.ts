import type { CurrencyCode } from '../../../core/money/currency';
import { DataError } from '../../../core/errors';

/**
 * P_DEVISE by cbIndice, and the company currency that N_Devise 0 ("Aucune") stands for. Loaded once
 * per connection: Sage numbers its currencies per database.
 */
export class SageCurrencies {
  constructor(
    readonly company: CurrencyCode,
    private readonly byIndex: ReadonlyMap<number, CurrencyCode>,
  ) {}

  /** The ISO code of an N_Devise value; 0 or NULL is the company currency. */
  of(nDevise: number | null): CurrencyCode {
    if (nDevise === null || nDevise === 0) return this.company;
    const code = this.byIndex.get(nDevise);
    if (code === undefined) throw new DataError('unknown_currency', `N_Devise ${nDevise} has no ISO code in P_DEVISE (D_CodeISO)`);
    return code;
  }

  /** Whether an N_Devise value means a foreign currency (its amounts sit in the *Devise/*Dev columns). */
  isForeign(nDevise: number | null): boolean {
    return nDevise !== null && nDevise !== 0 && this.of(nDevise) !== this.company;
  }
}
