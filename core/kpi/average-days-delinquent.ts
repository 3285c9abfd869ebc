/**
 * Average days delinquent: DSO − best possible DSO, the days that lateness adds. The caller says which
 * DSO it passes (total or countback): the worked example gives 33.1 with the first and 30.5 with the second.
 */
export function averageDaysDelinquent(dso: number | null, bestPossible: number | null): number | null {
  if (dso === null || bestPossible === null) return null;
  return dso - bestPossible;
}
