import { z } from 'zod';
import { slugSchema } from '../../core/model/record-key';

/** What a sync, evaluate or dispatch job carries: which tenant, which ERP it talks to, which window. */
export const tenantJobDataSchema = z.object({
  /** The tenant the job works for; workers find its settings in their own config. */
  tenantId: slugSchema,
  /** The ERP group the job counts against in the rate limiter (bull's groupKey): e.g. `odoo`. */
  erp: z.string().min(1),
  /**
   * The schedule window (its fire time, ISO) the job belongs to. Absent on a repeatable job's data,
   * which bull copies unchanged on every tick: the window then comes from the tick's own fire time.
   */
  window: z.iso.datetime().optional(),
});
export type TenantJobData = z.infer<typeof tenantJobDataSchema>;
