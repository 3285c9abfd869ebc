import type { MinorUnits } from '../money/money';

/** Inputs of the collection effectiveness index over a period of `months` months. */
export interface CeiInput {
  /** Total AR at the start of the period. */
  beginningReceivables: MinorUnits;
  /** Credit sales over the whole period. */
  creditSales: MinorUnits;
  /** Total AR at the end of the period. */
  endingReceivables: MinorUnits;
  /** The current (not yet due) part of the ending AR. */
  endingCurrentReceivables: MinorUnits;
  /** N, the number of months in the period (1 for a monthly CEI). */
  months: number;
}

/**
 * CEI in percent: (beginning AR + sales/N − ending AR) ÷ (beginning AR + sales/N − ending current AR)
 * × 100, i.e. what was collected over what was collectible; 100 is perfect. Null when nothing was
 * collectible.
 */
export function collectionEffectivenessIndex(input: CeiInput): number | null {
  const salesPerMonth = input.creditSales / input.months;
  const collectible = input.beginningReceivables + salesPerMonth - input.endingCurrentReceivables;
  if (collectible <= 0) return null;
  return ((input.beginningReceivables + salesPerMonth - input.endingReceivables) / collectible) * 100;
}
