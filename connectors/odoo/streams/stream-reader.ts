import type { MappedRow } from '../../contract';
import type { OdooDomain } from '../transport/odoo-transport';

/** One pass over a stream: the whole source, or one company of `companyIds`. */
export interface StreamPass {
  /** The company of this pass, or null for a single pass over all of the user's companies. */
  companyId: number | null;
  /** ORM context of every call of the pass (allowed_company_ids, active_test). */
  context: Record<string, unknown>;
}

/** What differs from stream to stream; the incremental loop around it is shared. */
export interface StreamReader {
  /** The model searched and read. */
  model: string;
  /** Fields read for each row (version-aware). */
  fields: readonly string[];
  /** Context keys the stream adds (e.g. active_test: false to include archived partners). */
  context?: Record<string, unknown>;
  /** The stream's rows, before the incremental write_date filter. */
  scope(pass: StreamPass): OdooDomain;
  /** Dotted write_date paths of related records that change the row too ("move_id.write_date"). */
  changedVia?: readonly string[];
  /** Models whose latest write_date may also move the watermark (the targets of `changedVia`). */
  relatedModels?: readonly string[];
  /** Maps one page of raw rows, reading what it joins in batch calls (never per row). */
  mapPage(rows: unknown[], pass: StreamPass): Promise<MappedRow[]>;
}
