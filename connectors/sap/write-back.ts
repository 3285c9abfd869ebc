import { z } from 'zod';
import { PermanentError } from '../../core/errors';
import { localDateSchema } from '../../core/time/local-date';
import type { PushRequest } from '../contract';

/** The push kind SAP understands: set the dunning data of items (and, on Business One, a note). */
export const setDunningDataKind = 'set-dunning-data';

/**
 * What a `set-dunning-data` push carries. Set semantics (level = n, block = x), never "one more":
 * sending the same action twice leaves SAP as the first time left it.
 */
export const dunningWriteBackSchema = z
  .object({
    /** The receivables the action is about, as this connector keyed them. */
    receivableExternalIds: z.array(z.string().min(1)).min(1),
    /** Their customer, as this connector keyed it. */
    customerExternalId: z.string().min(1),
    /** Dunning level to set (MANST / DunningLevel), 0-9. */
    dunningLevel: z.number().int().min(0).max(9).optional(),
    /** Last dunned date to set (MADAT / LastDunningDate). */
    lastDunnedOn: localDateSchema.optional(),
    /** Dunning block reason to set (MANSP, one character), "" to clear it; absent leaves it. */
    dunningBlock: z.string().max(1).optional(),
    /** A short note (Business One: appended once to the document's remarks). */
    note: z.string().max(200).optional(),
  })
  .strict();
export type DunningWriteBack = z.infer<typeof dunningWriteBackSchema>;

/** Reads a push request, or refuses it (a malformed action is not retried). */
export function readDunningWriteBack(request: PushRequest): DunningWriteBack {
  if (request.kind !== setDunningDataKind) throw new PermanentError('sap_push_kind', `SAP write-back: unknown push kind "${request.kind}" (expected ${setDunningDataKind})`);
  const parsed = dunningWriteBackSchema.safeParse(request.payload);
  if (!parsed.success) throw new PermanentError('sap_push_payload', `SAP write-back ${request.actionId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** "1000/2026/1800000001/001" → its parts; null when the id is not an SAP item key. */
export function itemKeyParts(externalId: string): { companyCode: string; fiscalYear: string; document: string; item: string } | null {
  const match = /^([^/]{1,4})\/(\d{4})\/([^/]{1,10})\/(\d{1,3})$/.exec(externalId);
  return match ? { companyCode: match[1]!, fiscalYear: match[2]!, document: match[3]!, item: match[4]!.padStart(3, '0') } : null;
}
