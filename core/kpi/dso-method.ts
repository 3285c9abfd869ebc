import { z } from 'zod';

/**
 * How DSO is computed (collections.md §4.1): `total` divides the balance by the sales of a window of
 * months; `countback` walks back through monthly sales until they cover the balance.
 */
export const dsoMethodSchema = z.enum(['total', 'countback']);
export type DsoMethod = z.infer<typeof dsoMethodSchema>;
