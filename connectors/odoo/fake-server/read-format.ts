import { formatOdooDatetime } from './odoo-datetime';
import type { FieldDef } from './model-schema';

/** Whether many2one values come back as `[id, "name"]` (Odoo's default `load='_classic_read'`) or bare ids. */
export type LoadMode = 'classic' | 'ids';

/**
 * Formats an internal value as Odoo's read() puts it on the wire (reference §2.5): `false` for empty,
 * many2one `[id, display_name]` or a bare id, x2many id lists, dates "YYYY-MM-DD", datetimes naive UTC
 * to the second, numbers as JSON numbers (0 rather than false, as Odoo's float and integer fields do).
 */
export function formatValue(def: FieldDef, value: unknown, load: LoadMode, displayName: (id: number) => string): unknown {
  switch (def.type) {
    case 'many2one':
      if (typeof value !== 'number') return false;
      return load === 'classic' ? [value, displayName(value)] : value;
    case 'one2many':
    case 'many2many':
      return Array.isArray(value) ? value.slice() : [];
    case 'datetime':
      return typeof value === 'number' ? formatOdooDatetime(value) : false;
    case 'boolean':
      return value === true;
    case 'integer':
    case 'float':
    case 'monetary':
      if (typeof value !== 'number') return 0;
      // Amounts are held as exact cents; rounding here only strips binary noise.
      return def.type === 'integer' ? value : Math.round(value * 1e6) / 1e6;
    default:
      return value === null || value === undefined || value === false ? false : value;
  }
}
