import type { z } from 'zod';
import { ArbridgeError } from '../../../core/errors';
import type { MappedRow } from '../../contract';

/** A candidate record (the pipeline stamps tenantId/sourceId and validates it against the model). */
export function accepted(record: Record<string, unknown>): MappedRow {
  return { ok: true, record };
}

/** A row that cannot become a record, with a reason a person understands. */
export function rejected(raw: unknown, externalId: string | null, reason: string): MappedRow {
  return { ok: false, externalId, reason, raw };
}

/** "F_ECRITUREC EC_No 812: ec_montant: expected a decimal cast to text (got 12.5)". */
export function describeShapeError(where: string, raw: unknown, error: z.ZodError): string {
  const problems = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.join('.') || '(row)';
    const got = typeof raw === 'object' && raw !== null ? (raw as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey] : undefined;
    const shown = got === undefined ? 'missing' : JSON.stringify(got);
    return `${path}: ${issue.message} (got ${shown && shown.length > 60 ? shown.slice(0, 57) + '...' : shown})`;
  });
  const more = error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '';
  return `${where} does not have the expected shape: ${problems.join('; ')}${more}`;
}

/** Runs a mapper body; a DataError it throws (a bad amount, a bad date) becomes a rejection. */
export function guarded(raw: unknown, externalId: string | null, where: string, body: () => MappedRow): MappedRow {
  try {
    return body();
  } catch (error) {
    if (error instanceof ArbridgeError && error.code === 'data') return rejected(raw, externalId, `${where}: ${error.message}`);
    throw error;
  }
}
