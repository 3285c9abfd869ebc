import type { z } from 'zod';
import type { MappedRow } from '../../contract';

/** A candidate record (the pipeline stamps tenantId/sourceId and validates it against the model). */
export function accepted(record: Record<string, unknown>): MappedRow {
  return { ok: true, record };
}

/** A row that cannot become a record, with a reason a person understands. */
export function rejected(raw: unknown, reason: string, externalId: string | null = externalIdOf(raw)): MappedRow {
  return { ok: false, externalId, reason, raw };
}

/** The Odoo id of a raw row, when it has one. */
export function externalIdOf(raw: unknown): string | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id !== '')) return String(id);
  }
  return null;
}

/** "account.move.line 812: date_maturity: expected a date as YYYY-MM-DD or false (got 20250201)". */
export function describeShapeError(model: string, raw: unknown, error: z.ZodError): string {
  const id = externalIdOf(raw);
  const problems = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.join('.') || '(row)';
    const got = valueAt(raw, issue.path);
    const shown = got === undefined ? 'missing' : JSON.stringify(got);
    return `${path}: ${issue.message} (got ${shown.length > 60 ? shown.slice(0, 57) + '...' : shown})`;
  });
  const more = error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '';
  return `${model}${id ? ' ' + id : ''} does not have the expected shape: ${problems.join('; ')}${more}`;
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
