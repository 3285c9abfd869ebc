import { fakeModelNames, type BaseRow, type FakeModelName, type FakeRowTypes } from './fake-rows';

/** One model's rows, by id. Ids only grow, so Map insertion order is id order. */
export class Table<R extends BaseRow> {
  readonly rows = new Map<number, R>();
  private nextId = 1;

  constructor(readonly model: FakeModelName) {}

  /** Adds a row with the next id (or `id` when the seed needs a fixed one); takes ownership of `values`. */
  insert(values: Omit<R, 'id'>, id?: number): R {
    const rowId = id ?? this.nextId;
    if (this.rows.has(rowId)) throw new RangeError(`${this.model}: id ${rowId} already exists`);
    this.nextId = Math.max(this.nextId, rowId + 1);
    // The caller's fresh object literal becomes the row: no copy (the generator inserts ~10^6 rows).
    const row = values as R;
    row.id = rowId;
    this.rows.set(rowId, row);
    return row;
  }

  get(id: number): R | undefined {
    return this.rows.get(id);
  }

  /** The row, or a RangeError naming the model: for the mutation API, where a bad id is a test bug. */
  require(id: number): R {
    const row = this.rows.get(id);
    if (!row) throw new RangeError(`${this.model}: no record with id ${id}`);
    return row;
  }

  delete(id: number): void {
    this.rows.delete(id);
  }

  get size(): number {
    return this.rows.size;
  }
}

type Tables = { [M in FakeModelName]: Table<FakeRowTypes[M]> };

/**
 * The in-memory database behind one fake Odoo: a table per model plus the few indexes that keep reads
 * O(result) instead of O(table). `revision` changes on every write, so search results can be cached
 * between writes (offset paging over 200,000 lines would otherwise sort the table once per page).
 */
export class FakeDatabase {
  readonly tables: Tables;
  revision = 0;
  /** Receivable line ids per commercial partner, for the non-stored `res.partner.credit`. */
  readonly linesByPartner = new Map<number, number[]>();
  /** Company-currency units per unit of a foreign currency (a fixed rate per currency id). */
  readonly rates = new Map<number, number>();
  /** Last number used per sequence ("INV/2025" → 42), so names continue after the seed. */
  readonly sequences = new Map<string, number>();

  constructor() {
    const tables: Partial<Record<FakeModelName, Table<BaseRow>>> = {};
    for (const name of fakeModelNames) tables[name] = new Table(name);
    this.tables = tables as Tables;
  }

  table<M extends FakeModelName>(model: M): Table<FakeRowTypes[M]> {
    return this.tables[model];
  }

  /** The table of a model named on the wire, or undefined when the fake does not have it. */
  tableByName(model: string): Table<BaseRow> | undefined {
    return (this.tables as Partial<Record<string, Table<BaseRow>>>)[model];
  }

  insert<M extends FakeModelName>(model: M, values: Omit<FakeRowTypes[M], 'id'>, id?: number): FakeRowTypes[M] {
    const row = this.tables[model].insert(values, id);
    this.revision++;
    if (model === 'account.move.line') {
      const partnerId = (row as FakeRowTypes['account.move.line']).partner_id;
      if (partnerId !== false) {
        const list = this.linesByPartner.get(partnerId);
        if (list) list.push(row.id);
        else this.linesByPartner.set(partnerId, [row.id]);
      }
    }
    return row;
  }

  /** Records a write on a row: Odoo stamps write_date with the transaction start, in UTC. */
  touch(row: BaseRow, at: number, uid: number): void {
    row.write_date = at;
    row.write_uid = uid;
    this.revision++;
  }
}
