/** Number formatting for the bench lines: thousands separators, MB = 2^20 bytes. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const mb = (bytes: number): string => int(bytes / 2 ** 20);
export const mbOfKb = (kb: number): string => int(kb / 1024);
export const fixed2 = (n: number): string => n.toFixed(2);
