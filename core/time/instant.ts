import { z } from 'zod';

/** An instant as an ISO 8601 UTC string ("2026-01-04T08:13:27.000Z"). */
export const instantSchema = z.iso.datetime({ offset: false });
export type Instant = z.infer<typeof instantSchema>;
