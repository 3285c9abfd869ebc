import { z } from 'zod';

/** Odoo's datetime wire format: naive UTC, seconds precision ("2025-02-01 08:13:27"). */
export const odooDatetimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected an Odoo datetime as YYYY-MM-DD HH:MM:SS');
export type OdooDatetime = z.infer<typeof odooDatetimeSchema>;

/**
 * Where a stream's pull stands. `writeDate` is a watermark on the SERVER's clock (the highest
 * write_date seen), never the client's: the next pull re-reads from it minus the overlap.
 * With `companyIds` set, each company pass keeps its own watermark in `companies` and `writeDate`
 * is the lowest of them (null while one company has none).
 */
export const odooCursorSchema = z
  .object({
    writeDate: odooDatetimeSchema.nullable(),
    companies: z.record(z.string().regex(/^\d+$/), odooDatetimeSchema.nullable()).optional(),
  })
  .strict();
export type OdooCursor = z.infer<typeof odooCursorSchema>;

/** The later of two watermarks; the fixed-width format compares as text. */
export function laterWatermark(a: OdooDatetime | null, b: OdooDatetime | null): OdooDatetime | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

/** The lower bound of the next pull: the watermark minus the overlap, in the same wire format. */
export function overlapStart(watermark: OdooDatetime, overlapMinutes: number): OdooDatetime {
  const ms = Date.parse(watermark.replace(' ', 'T') + 'Z') - overlapMinutes * 60_000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The watermark of one pass: per company when passes are per company, else the top-level one. */
export function passWatermark(cursor: OdooCursor | null, companyId: number | null): OdooDatetime | null {
  if (cursor === null) return null;
  if (companyId === null) return cursor.writeDate;
  return cursor.companies?.[String(companyId)] ?? null;
}

/** The cursor after a pass moved to `watermark`. */
export function advanceCursor(
  cursor: OdooCursor | null,
  companyId: number | null,
  watermark: OdooDatetime | null,
  allCompanyIds: readonly number[] | undefined,
): OdooCursor {
  if (companyId === null || allCompanyIds === undefined) return { writeDate: watermark };
  const companies: Record<string, OdooDatetime | null> = {};
  for (const id of allCompanyIds) companies[String(id)] = cursor?.companies?.[String(id)] ?? null;
  companies[String(companyId)] = watermark;
  const values = Object.values(companies);
  const lowest = values.some((v) => v === null) ? null : (values as OdooDatetime[]).reduce((a, b) => (a <= b ? a : b));
  return { writeDate: lowest, companies };
}
