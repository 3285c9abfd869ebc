import type { Clock } from '../../../core/time/clock';
import { compileDomain, type PinnedLeaf } from './domain';
import type { FakeDatabase, Table } from './fake-database';
import type { BaseRow } from './fake-rows';
import { buildSchema, fieldValue, type ComputeEnv, type FieldDef, type ModelDef } from './model-schema';
import { parseOdooDatetime } from './odoo-datetime';
import { accessError, missingError, userError, valueError } from './odoo-errors';
import type { OdooVersion } from './odoo-version';
import { parseOrder, sortRows } from './order';
import { formatValue, type LoadMode } from './read-format';

type AnyRow = BaseRow & Record<string, unknown>;

/** The ORM environment of one call: who, for which companies, with which context flags. */
export interface OrmEnv extends ComputeEnv {
  uid: number;
  activeTest: boolean;
  context: Record<string, unknown>;
}

const searchCacheSize = 8;

/**
 * The subset of Odoo's ORM the connector uses, over the in-memory tables: search (with record rules,
 * active_test and order), read, search_read, search_count, fields_get and write.
 */
export class FakeOrm {
  readonly schema: ReadonlyMap<string, ModelDef>;
  // Full sorted results of recent scans, valid while db.revision is unchanged: offset paging then costs
  // O(page) per call instead of a scan and a sort.
  private readonly searchCache = new Map<string, { revision: number; ids: number[] }>();

  constructor(
    readonly db: FakeDatabase,
    readonly version: OdooVersion,
    readonly clock: Clock,
  ) {
    this.schema = buildSchema(version);
  }

  model(name: string): ModelDef | undefined {
    return this.schema.get(name);
  }

  /** Builds the environment from the call's context; raises AccessError for a company the user may not use. */
  env(uid: number, context: unknown): OrmEnv {
    const ctx = context && typeof context === 'object' && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
    const user = this.db.table('res.users').get(uid);
    const userCompanies = user?.company_ids ?? [];
    let companies = [...userCompanies];
    let company = user?.company_id ?? userCompanies[0] ?? 1;
    const allowed = ctx['allowed_company_ids'];
    if (Array.isArray(allowed) && allowed.length > 0) {
      if (!allowed.every((id) => typeof id === 'number' && userCompanies.includes(id))) {
        throw accessError('Access to unauthorized or invalid companies.');
      }
      companies = allowed as number[];
      company = allowed[0] as number;
    }
    return { db: this.db, version: this.version, company, companies, uid, activeTest: ctx['active_test'] !== false, context: ctx };
  }

  private requireModel(name: string): ModelDef {
    const model = this.schema.get(name);
    if (!model) throw userError(`Object ${name} doesn't exist`);
    return model;
  }

  private tableOf(model: ModelDef): Table<BaseRow> {
    const table = this.db.tableByName(model.name);
    if (!table) throw userError(`Object ${model.name} doesn't exist`);
    return table;
  }

  private visible(model: ModelDef, row: AnyRow, env: OrmEnv): boolean {
    if (!model.companyRule) return true;
    const company = row['company_id'];
    return typeof company !== 'number' || env.companies.includes(company);
  }

  /** `search`: ids in order, after record rules and the implicit active filter. */
  search(modelName: string, env: OrmEnv, domain: unknown, offset = 0, limit: number | null = null, order: string | null = null): number[] {
    const model = this.requireModel(modelName);
    const table = this.tableOf(model);
    const compiled = compileDomain(model, domain, { schema: this.schema, env });
    const terms = parseOrder(model, order && order.trim() ? order : model.defaultOrder, env, (def, id) => this.displayName(def, id));
    const activeFilter = model.hasActive && env.activeTest && !compiled.mentionsActive;

    const candidateIds = this.candidates(model, compiled.pinned);
    let ids: number[] | undefined;
    let cacheKey: string | undefined;
    if (candidateIds === null) {
      cacheKey = JSON.stringify([modelName, domain ?? [], order ?? '', env.companies, env.company, activeFilter]);
      const cached = this.searchCache.get(cacheKey);
      if (cached && cached.revision === this.db.revision) ids = cached.ids;
    }
    if (!ids) {
      const matches: AnyRow[] = [];
      const test = (row: AnyRow): void => {
        if (activeFilter && row['active'] === false) return;
        if (!this.visible(model, row, env)) return;
        if (compiled.predicate(row)) matches.push(row);
      };
      if (candidateIds !== null) {
        const seen = new Set<number>();
        for (const id of candidateIds) {
          if (seen.has(id)) continue;
          seen.add(id);
          const row = table.get(id) as AnyRow | undefined;
          if (row) test(row);
        }
        // Candidates come in the caller's order; the scan path yields id order, so match it before sorting.
        matches.sort((a, b) => a.id - b.id);
      } else {
        for (const row of table.rows.values()) test(row as AnyRow);
      }
      ids = sortRows(matches, terms).map((row) => row.id);
      if (cacheKey) {
        this.searchCache.delete(cacheKey);
        this.searchCache.set(cacheKey, { revision: this.db.revision, ids });
        if (this.searchCache.size > searchCacheSize) this.searchCache.delete(this.searchCache.keys().next().value as string);
      }
    }
    const start = Math.max(0, offset || 0);
    const end = limit === null || limit === undefined || limit <= 0 ? undefined : start + limit;
    return start === 0 && end === undefined ? ids.slice() : ids.slice(start, end);
  }

  /**
   * Rows that can match, from the indexes Odoo would use (the primary key, move_id of journal items,
   * the partials of a line...), or null for a full scan. Every candidate still goes through the
   * predicate, so an index only has to be complete, not exact.
   */
  private candidates(model: ModelDef, pinned: readonly PinnedLeaf[]): number[] | null {
    let result: number[] | null = null;
    for (const leaf of pinned) {
      const found = this.indexLookup(model.name, leaf);
      if (found === null) continue;
      if (result === null) result = found;
      else {
        const keep = new Set(found);
        result = result.filter((id) => keep.has(id));
      }
    }
    return result;
  }

  private indexLookup(model: string, leaf: PinnedLeaf): number[] | null {
    const db = this.db;
    const collect = (get: (id: number) => readonly number[] | undefined): number[] => leaf.ids.flatMap((id) => get(id) ?? []);
    if (leaf.field === 'id') return leaf.ids;
    switch (`${model}/${leaf.field}`) {
      case 'account.move.line/move_id':
        return collect((id) => db.table('account.move').get(id)?.line_ids);
      case 'account.move.line/partner_id':
        return collect((id) => db.linesByPartner.get(id));
      case 'account.partial.reconcile/debit_move_id':
        return collect((id) => db.table('account.move.line').get(id)?.matched_credit_ids);
      case 'account.partial.reconcile/credit_move_id':
        return collect((id) => db.table('account.move.line').get(id)?.matched_debit_ids);
      case 'account.payment/move_id':
        return collect((id) => {
          const payment = db.table('account.move').get(id)?.origin_payment_id;
          return payment === undefined || payment === false ? [] : [payment];
        });
      default:
        return null;
    }
  }

  /** The display name of a many2one target. */
  displayName(def: FieldDef, id: number): string {
    const comodel = def.relation ? this.schema.get(def.relation) : undefined;
    const row = def.relation ? (this.db.tableByName(def.relation)?.get(id) as AnyRow | undefined) : undefined;
    if (!comodel || !row) return '';
    return comodel.displayName(row, this.db);
  }

  /** Field definitions for a read, or Odoo's ValueError naming the first unknown field. */
  resolveFields(modelName: string, fields: unknown): FieldDef[] {
    const model = this.requireModel(modelName);
    if (fields === null || fields === undefined || fields === false || (Array.isArray(fields) && fields.length === 0)) {
      return [...model.fields.values()];
    }
    const names = Array.isArray(fields) ? fields : [fields];
    const defs: FieldDef[] = [];
    const idDef = model.fields.get('id') as FieldDef;
    defs.push(idDef);
    for (const name of names) {
      if (typeof name !== 'string') throw valueError(`Invalid field ${JSON.stringify(name)} on model '${modelName}'`);
      const def = model.fields.get(name);
      if (!def) throw valueError(`Invalid field '${name}' on model '${modelName}'`);
      if (name !== 'id' && !defs.includes(def)) defs.push(def);
    }
    return defs;
  }

  /** `read`: one dict per existing id, in the order given; ids that do not exist are left out. */
  read(modelName: string, env: OrmEnv, ids: readonly number[], fields: unknown, load: LoadMode): Record<string, unknown>[] {
    const model = this.requireModel(modelName);
    const table = this.tableOf(model);
    const defs = this.resolveFields(modelName, fields);
    const rows: AnyRow[] = [];
    const forbidden: AnyRow[] = [];
    for (const id of ids) {
      const row = table.get(id) as AnyRow | undefined;
      if (!row) continue;
      if (!this.visible(model, row, env)) forbidden.push(row);
      else rows.push(row);
    }
    if (forbidden.length > 0) throw this.ruleError(model, forbidden, env);
    return rows.map(this.rowFormatter(defs, env, load));
  }

  /** A formatter for many rows: per-field closures are built once per call, not once per value. */
  rowFormatter(defs: readonly FieldDef[], env: OrmEnv, load: LoadMode): (row: AnyRow) => Record<string, unknown> {
    const columns = defs.map((def) => {
      const nameOf = (id: number): string => this.displayName(def, id);
      return def.name === 'id'
        ? (row: AnyRow): unknown => row.id
        : (row: AnyRow): unknown => formatValue(def, fieldValue(def, row, env), load, nameOf);
    });
    const names = defs.map((def) => def.name);
    return (row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) out[names[i] as string] = (columns[i] as (row: AnyRow) => unknown)(row);
      return out;
    };
  }

  private ruleError(model: ModelDef, rows: readonly AnyRow[], env: OrmEnv): Error {
    const user = this.db.table('res.users').get(env.uid);
    const records = rows
      .slice(0, 5)
      .map((r) => `${model.displayName(r, this.db)} (id=${r.id})`)
      .join(', ');
    return accessError(
      `Due to security restrictions, you are not allowed to access '${model.description}' (${model.name}) records.\n\nRecords: ${records}\nUser: ${user?.name ?? '?'} (id=${env.uid})\n\nThis restriction is due to the following rules:\n- ${model.description} multi-company\n\nNote: this might be a multi-company issue. Switching company may help - in Odoo, not in real life!\n\nContact your administrator to request access if necessary.`,
    );
  }

  /** `search_read`: search, then read in the search order. */
  searchRead(modelName: string, env: OrmEnv, domain: unknown, fields: unknown, offset: number, limit: number | null, order: string | null, load: LoadMode): Record<string, unknown>[] {
    const defs = this.resolveFields(modelName, fields);
    const ids = this.search(modelName, env, domain, offset, limit, order);
    const model = this.requireModel(modelName);
    const table = this.tableOf(model);
    const format = this.rowFormatter(defs, env, load);
    return ids.map((id) => format(table.get(id) as AnyRow));
  }

  searchCount(modelName: string, env: OrmEnv, domain: unknown, limit: number | null): number {
    const model = this.requireModel(modelName);
    // Count needs no order: skip the sort by asking for id order.
    const count = this.search(modelName, env, domain, 0, null, model.fields.has('id') ? 'id' : null).length;
    return limit && limit > 0 ? Math.min(count, limit) : count;
  }

  /** `fields_get`: a minimal description per field (type, string, relation, selection, store...). */
  fieldsGet(modelName: string, allfields: unknown, attributes: unknown): Record<string, Record<string, unknown>> {
    const model = this.requireModel(modelName);
    const wanted = Array.isArray(allfields) && allfields.length > 0 ? new Set(allfields as string[]) : null;
    const attrs = Array.isArray(attributes) && attributes.length > 0 ? new Set(attributes as string[]) : null;
    const out: Record<string, Record<string, unknown>> = {};
    for (const def of model.fields.values()) {
      if (wanted && !wanted.has(def.name)) continue;
      const description: Record<string, unknown> = {
        type: def.type,
        string: def.string,
        store: def.store,
        readonly: def.readonly === true || (def.compute !== undefined && def.write === undefined),
        required: false,
        searchable: true,
        sortable: def.store,
        company_dependent: def.companyDependent === true,
        name: def.name,
      };
      if (def.relation) description['relation'] = def.relation;
      if (def.selection) description['selection'] = def.selection.map(([k, v]) => [k, v]);
      if (attrs) for (const key of Object.keys(description)) if (!attrs.has(key)) delete description[key];
      out[def.name] = description;
    }
    return out;
  }

  /** `write`: sets stored values, bumps write_date to the transaction start; returns true. */
  write(modelName: string, env: OrmEnv, ids: readonly number[], vals: unknown, at = this.clock.now().getTime()): true {
    const model = this.requireModel(modelName);
    const table = this.tableOf(model);
    if (!vals || typeof vals !== 'object' || Array.isArray(vals)) throw valueError('write() expects a dict of values');
    const entries = Object.entries(vals as Record<string, unknown>);
    const defs = entries.map(([name]) => {
      const def = model.fields.get(name);
      if (!def) throw valueError(`Invalid field '${name}' on model '${modelName}'`);
      return def;
    });
    const rows: AnyRow[] = [];
    for (const id of ids) {
      const row = table.get(id) as AnyRow | undefined;
      if (!row) throw missingError(`Record does not exist or has been deleted.\n(Record: ${modelName}(${id},), User: ${env.uid})`);
      if (!this.visible(model, row, env)) throw this.ruleError(model, [row], env);
      rows.push(row);
    }
    for (const row of rows) {
      entries.forEach(([, value], i) => this.writeField(defs[i] as FieldDef, row, value, env));
      this.db.touch(row, at, env.uid);
    }
    return true;
  }

  private writeField(def: FieldDef, row: AnyRow, value: unknown, env: OrmEnv): void {
    if (def.readonly || def.name === 'id') return;
    if (def.write) {
      def.write(row, value, env);
      return;
    }
    if (def.compute) return;
    const column = def.column ?? def.name;
    let internal: unknown = value === null ? false : value;
    if (def.type === 'many2many' || def.type === 'one2many') internal = applyX2manyCommands((row[column] as number[] | undefined) ?? [], value);
    else if (def.type === 'datetime' && typeof value === 'string') internal = parseOdooDatetime(value) ?? false;
    else if (def.type === 'boolean') internal = value === true || value === 1;
    if (def.companyDependent) {
      const perCompany = { ...((row[column] as Record<number, unknown> | undefined) ?? {}) };
      perCompany[env.company] = internal;
      row[column] = perCompany;
    } else {
      row[column] = internal;
    }
  }
}

/** Applies Odoo's x2many write commands ([6, 0, ids], [4, id], [3, id], [5]) or a plain id list. */
function applyX2manyCommands(current: number[], value: unknown): number[] {
  if (!Array.isArray(value)) return current;
  if (value.every((v) => typeof v === 'number')) return [...(value as number[])];
  let result = [...current];
  for (const command of value) {
    if (!Array.isArray(command)) continue;
    const [code, id, ids] = command as [number, number, number[] | undefined];
    if (code === 6) result = [...(ids ?? [])];
    else if (code === 4 && !result.includes(id)) result.push(id);
    else if (code === 3 || code === 2) result = result.filter((x) => x !== id);
    else if (code === 5) result = [];
  }
  return result;
}
