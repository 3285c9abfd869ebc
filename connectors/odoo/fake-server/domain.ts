import { parseOdooDatetime } from './odoo-datetime';
import { valueError } from './odoo-errors';
import { fieldValue, type ComputeEnv, type FieldDef, type ModelDef } from './model-schema';
import type { BaseRow } from './fake-rows';
import { leafRepr } from './python-repr';

type AnyRow = BaseRow & Record<string, unknown>;
export type RowPredicate = (row: AnyRow) => boolean;

/** A compiled domain, plus what the search planner needs to avoid a full scan. */
export interface CompiledDomain {
  predicate: RowPredicate;
  /** Leaves that pin a field to ids under the top-level AND (`id in [...]`, `move_id = 7`): index candidates. */
  pinned: PinnedLeaf[];
  /** Some leaf names `active`: Odoo then does not add its implicit `active = True`. */
  mentionsActive: boolean;
}

export interface DomainScope {
  schema: ReadonlyMap<string, ModelDef>;
  env: ComputeEnv;
}

const operators = new Set(['=', '!=', '<', '<=', '>', '>=', '=?', 'in', 'not in', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike', 'child_of', 'parent_of', 'any', 'not any']);

/**
 * Compiles an Odoo domain (prefix notation, implicit AND, dotted paths through relations) into a row
 * predicate. Semantics follow the SQL Odoo generates, NULLs included: `!=`, `not in` and the negative
 * `like`s match empty values, comparisons never do.
 */
export function compileDomain(model: ModelDef, domain: unknown, scope: DomainScope): CompiledDomain {
  if (domain === null || domain === undefined || domain === false) domain = [];
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
  const state = { mentionsActive: false };
  const predicate = compileItems(model, domain, scope, state);
  return { predicate, pinned: pinnedLeaves(domain), mentionsActive: state.mentionsActive };
}

function compileItems(model: ModelDef, items: readonly unknown[], scope: DomainScope, state: { mentionsActive: boolean }): RowPredicate {
  const stack: RowPredicate[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item === '&' || item === '|') {
      const a = stack.pop();
      const b = stack.pop();
      if (!a || !b) throw valueError(`Domain ${JSON.stringify(items)} syntax error: missing operands for '${item}'`);
      stack.push(item === '&' ? (r) => a(r) && b(r) : (r) => a(r) || b(r));
    } else if (item === '!') {
      const a = stack.pop();
      if (!a) throw valueError(`Domain ${JSON.stringify(items)} syntax error: missing operand for '!'`);
      stack.push((r) => !a(r));
    } else if (Array.isArray(item)) {
      stack.push(compileLeaf(model, item, scope, state));
    } else {
      throw valueError(`Invalid leaf ${JSON.stringify(item)}`);
    }
  }
  if (stack.length === 0) return () => true;
  if (stack.length === 1) return stack[0] as RowPredicate;
  const all = stack.slice();
  return (r) => all.every((p) => p(r));
}

function compileLeaf(model: ModelDef, leaf: readonly unknown[], scope: DomainScope, state: { mentionsActive: boolean }): RowPredicate {
  if (leaf.length !== 3) throw valueError(`Invalid leaf ${leafRepr(leaf)}`);
  const [left, rawOperator, right] = leaf;
  // TRUE_LEAF / FALSE_LEAF: (1, '=', 1) and (0, '=', 1).
  if (typeof left === 'number' && rawOperator === '=' && right === 1) return left === 1 ? () => true : () => false;
  if (typeof left !== 'string' || typeof rawOperator !== 'string') throw valueError(`Invalid leaf ${leafRepr(leaf)}`);
  let operator = rawOperator.toLowerCase();
  if (operator === '<>') operator = '!=';
  if (!operators.has(operator) || ((operator === 'any' || operator === 'not any') && scope.env.version < 17)) {
    throw valueError(`Invalid leaf ${leafRepr(leaf)}`);
  }
  const path = left.split('.');
  if (path[0] === 'active') state.mentionsActive = true;
  return compilePath(model, path, operator, right, leaf, scope, state);
}

function invalidField(model: ModelDef, name: string, leaf: readonly unknown[], version: number): Error {
  return valueError(`Invalid field ${model.name}.${name} in ${version >= 19 ? 'condition' : 'leaf'} ${leafRepr(leaf)}`);
}

function compilePath(
  model: ModelDef,
  path: string[],
  operator: string,
  right: unknown,
  leaf: readonly unknown[],
  scope: DomainScope,
  state: { mentionsActive: boolean },
): RowPredicate {
  const [head, ...rest] = path as [string, ...string[]];
  const def = model.fields.get(head);
  if (!def) throw invalidField(model, head, leaf, scope.env.version);
  const env = scope.env;
  const relational = def.type === 'many2one' || def.type === 'one2many' || def.type === 'many2many';

  if (rest.length > 0 || operator === 'any' || operator === 'not any') {
    if (!relational || !def.relation) throw invalidField(model, head, leaf, env.version);
    const comodel = scope.schema.get(def.relation);
    const table = env.db.tableByName(def.relation);
    if (!comodel || !table) throw invalidField(model, head, leaf, env.version);
    // `a.b op v` is `a any [(b op v)]` (Odoo 17+ rewrites paths this way): an empty `a` never matches.
    const sub =
      rest.length > 0
        ? compilePath(comodel, rest, operator, right, leaf, scope, state)
        : compileItems(comodel, Array.isArray(right) ? right : [], scope, state);
    const matches = (row: AnyRow): boolean => {
      const value = fieldValue(def, row, env);
      if (def.type === 'many2one') {
        if (typeof value !== 'number') return false;
        const target = table.get(value) as AnyRow | undefined;
        return target !== undefined && sub(target);
      }
      for (const id of (value as number[] | undefined) ?? []) {
        const target = table.get(id) as AnyRow | undefined;
        if (target && sub(target)) return true;
      }
      return false;
    };
    return operator === 'not any' ? (row) => !matches(row) : matches;
  }

  if (operator === 'child_of' || operator === 'parent_of') return hierarchyLeaf(model, def, operator, right, scope);
  if (relational) return relationalLeaf(def, operator, right, scope);
  return scalarLeaf(def, operator, right, env);
}

function hierarchyLeaf(model: ModelDef, def: FieldDef, operator: string, right: unknown, scope: DomainScope): RowPredicate {
  const env = scope.env;
  const ids = new Set((Array.isArray(right) ? right : [right]).filter((v): v is number => typeof v === 'number'));
  const table = env.db.tableByName(def.relation ?? model.name);
  const parentOf = (id: number): number | false => {
    const row = table?.get(id) as AnyRow | undefined;
    const parent = row?.['parent_id'];
    return typeof parent === 'number' ? parent : false;
  };
  return (row) => {
    const value = def.name === 'id' ? row.id : fieldValue(def, row, env);
    const start = typeof value === 'number' ? [value] : Array.isArray(value) ? (value as number[]) : [];
    for (const id of start) {
      if (operator === 'child_of') {
        // Is `id` one of the given records or below one of them?
        for (let cur: number | false = id, depth = 0; cur !== false && depth < 64; cur = parentOf(cur), depth++) {
          if (ids.has(cur)) return true;
        }
      } else {
        for (const target of ids) {
          for (let cur: number | false = target, depth = 0; cur !== false && depth < 64; cur = parentOf(cur), depth++) {
            if (cur === id) return true;
          }
        }
      }
    }
    return false;
  };
}

/** many2one / x2many compared with ids (or with a name, which Odoo resolves by name_search). */
function relationalLeaf(def: FieldDef, operator: string, right: unknown, scope: DomainScope): RowPredicate {
  const env = scope.env;
  const isMany = def.type !== 'many2one';
  const table = def.relation ? env.db.tableByName(def.relation) : undefined;
  const comodel = def.relation ? scope.schema.get(def.relation) : undefined;
  const valuesOf = (row: AnyRow): number[] => {
    const value = fieldValue(def, row, env);
    if (isMany) return (value as number[] | undefined) ?? [];
    return typeof value === 'number' ? [value] : [];
  };
  const operands = Array.isArray(right) ? right : [right];
  const byName = operands.some((v) => typeof v === 'string');
  if (byName && table && comodel) {
    // name_search semantics: compare the target's display name.
    const nameLeaf = scalarLeaf({ name: 'display_name', type: 'char', string: '', store: false }, operator, right, env);
    const negative = operator === '!=' || operator.startsWith('not ');
    return (row) => {
      const names = valuesOf(row).map((id) => {
        const target = table.get(id) as AnyRow | undefined;
        return { id, display_name: target ? comodel.displayName(target, env.db) : false } as unknown as AnyRow;
      });
      if (names.length === 0) return negative;
      return negative ? names.every((n) => nameLeaf(n)) : names.some((n) => nameLeaf(n));
    };
  }
  if (operator === '=?' && (right === false || right === null || right === undefined)) return () => true;
  const op = operator === '=?' ? '=' : operator;
  const wantsEmpty = right === false || right === null;
  switch (op) {
    case '=':
      if (wantsEmpty) return (row) => valuesOf(row).length === 0;
      return (row) => valuesOf(row).includes(right as number);
    case '!=':
      if (wantsEmpty) return (row) => valuesOf(row).length > 0;
      return (row) => !valuesOf(row).includes(right as number);
    case 'in':
    case 'not in': {
      const set = new Set(operands.filter((v) => typeof v === 'number') as number[]);
      const withEmpty = operands.some((v) => v === false || v === null);
      const test = (row: AnyRow): boolean => {
        const values = valuesOf(row);
        if (values.length === 0) return withEmpty;
        return values.some((v) => set.has(v));
      };
      return op === 'in' ? test : (row) => !test(row);
    }
    default:
      // Comparisons on ids (rare, but valid SQL).
      return scalarLeaf({ ...def, type: 'integer' }, operator, right, env);
  }
}

function likeRegex(pattern: string, wrap: boolean, insensitive: boolean): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else body += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (wrap) body = `.*${body}.*`;
  return new RegExp(`^${body}$`, insensitive ? 'is' : 's');
}

function isEmpty(value: unknown): boolean {
  return value === false || value === null || value === undefined;
}

/** A leaf on a stored or computed scalar field (char, date, datetime, number, boolean, selection). */
function scalarLeaf(def: FieldDef, operator: string, right: unknown, env: ComputeEnv): RowPredicate {
  const get = def.name === 'id' ? (row: AnyRow) => row.id : (row: AnyRow) => fieldValue(def, row, env);
  if (operator === '=?') {
    if (isEmpty(right)) return () => true;
    operator = '=';
  }
  const convert = operandConverter(def, operator);
  const normalize = (value: unknown): unknown => (def.type === 'boolean' ? value === true : value);

  switch (operator) {
    case '=':
    case '!=': {
      const positive = operator === '=';
      if (def.type === 'boolean') {
        const want = right === true || right === 1;
        return (row) => (normalize(get(row)) === want) === positive;
      }
      if (isEmpty(right)) return positive ? (row) => isEmpty(get(row)) : (row) => !isEmpty(get(row));
      const target = convert(right);
      return (row) => {
        const value = get(row);
        if (isEmpty(value)) return !positive;
        return (value === target) === positive;
      };
    }
    case 'in':
    case 'not in': {
      const list = Array.isArray(right) ? right : [right];
      const withEmpty = list.some(isEmpty);
      const set = new Set(list.filter((v) => !isEmpty(v)).map(convert));
      const positive = operator === 'in';
      if (def.type === 'boolean') {
        const wantTrue = list.some((v) => v === true || v === 1);
        const wantFalse = list.some((v) => v === false || v === 0 || v === null);
        return (row) => ((normalize(get(row)) ? wantTrue : wantFalse) === positive);
      }
      return (row) => {
        const value = get(row);
        const hit = isEmpty(value) ? withEmpty : set.has(value);
        return hit === positive;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (isEmpty(right)) return () => false;
      const target = convert(right) as number | string;
      return (row) => {
        const value = get(row) as number | string | false | undefined;
        if (isEmpty(value)) return false;
        const v = value as number | string;
        switch (operator) {
          case '<':
            return v < target;
          case '<=':
            return v <= target;
          case '>':
            return v > target;
          default:
            return v >= target;
        }
      };
    }
    case 'like':
    case 'not like':
    case 'ilike':
    case 'not ilike':
    case '=like':
    case '=ilike': {
      const negative = operator.startsWith('not ');
      const regex = likeRegex(String(isEmpty(right) ? '' : right), !operator.startsWith('='), operator.includes('ilike'));
      return (row) => {
        const value = get(row);
        if (isEmpty(value)) return negative;
        return regex.test(String(value)) !== negative;
      };
    }
    default:
      throw valueError(`Invalid leaf (${JSON.stringify(def.name)}, ${JSON.stringify(operator)}, ${JSON.stringify(right)})`);
  }
}

/** Turns a domain operand into the internal value of the field (datetime strings into epoch ms). */
function operandConverter(def: FieldDef, operator: string): (value: unknown) => unknown {
  if (def.type === 'datetime') {
    return (value) => {
      if (typeof value !== 'string') return value;
      const ms = parseOdooDatetime(value, operator === '>' || operator === '<=');
      if (ms === null) throw valueError(`time data '${value}' does not match format '%Y-%m-%d %H:%M:%S'`);
      return ms;
    };
  }
  if (def.type === 'date') return (value) => (typeof value === 'string' ? value.slice(0, 10) : value);
  return (value) => value;
}

/** A top-level AND leaf `field = n` / `field in [n, ...]` on integer ids: an index can answer it. */
export interface PinnedLeaf {
  field: string;
  ids: number[];
}

/** Leaves of the top-level AND that pin a field to ids (none when the domain has `|` or `!`). */
function pinnedLeaves(domain: readonly unknown[]): PinnedLeaf[] {
  if (domain.some((item) => item === '|' || item === '!')) return [];
  const pinned: PinnedLeaf[] = [];
  for (const item of domain) {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || item[0].includes('.')) continue;
    const op = typeof item[1] === 'string' ? item[1].toLowerCase() : '';
    const values = op === 'in' ? (Array.isArray(item[2]) ? item[2] : [item[2]]) : op === '=' ? [item[2]] : null;
    // `in [..., false]` also matches empty values, which no index of ids can list.
    if (values === null || !values.every((v) => typeof v === 'number')) continue;
    pinned.push({ field: item[0], ids: values as number[] });
  }
  return pinned;
}
