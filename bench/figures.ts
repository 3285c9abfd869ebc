/** Number formatting for the bench lines: thousands separators, MB = 2^20 bytes. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const mb = (bytes: number): string => int(bytes / 2 ** 20);
export const mbOfKb = (kb: number): string => int(kb / 1024);
export const fixed2 = (n: number): string => n.toFixed(2);

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}
