import { accessError, httpFault, OdooFault, typeError } from './odoo-errors';
import type { FakeOrm, OrmEnv } from './orm';
import type { LoadMode } from './read-format';

interface Param {
  name: string;
  /** Absent: the parameter is required. */
  default?: unknown;
}

interface MethodSpec {
  /** `@api.model`: no record ids. Otherwise the first positional argument (JSON-RPC) or `ids` (JSON-2) are ids. */
  modelLevel: boolean;
  params: Param[];
  /** Only on these models (context_get is a res.users method). */
  models?: readonly string[];
  run(orm: FakeOrm, model: string, env: OrmEnv, ids: number[], p: Record<string, unknown>): unknown;
}

const loadMode = (value: unknown): LoadMode => (value === '_classic_read' ? 'classic' : 'ids');
const intOr = (value: unknown, fallback: number | null): number | null => (typeof value === 'number' ? value : fallback);
const orderOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function methods(version: number): Record<string, MethodSpec> {
  return {
    search_read: {
      modelLevel: true,
      params: [
        { name: 'domain', default: null },
        { name: 'fields', default: null },
        { name: 'offset', default: 0 },
        { name: 'limit', default: null },
        { name: 'order', default: null },
        { name: 'load', default: '_classic_read' },
      ],
      run: (orm, model, env, _ids, p) =>
        orm.searchRead(model, env, p['domain'], p['fields'], intOr(p['offset'], 0) ?? 0, intOr(p['limit'], null), orderOf(p['order']), loadMode(p['load'])),
    },
    search: {
      modelLevel: true,
      params: [{ name: 'domain' }, { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'order', default: null }, ...(version <= 16 ? [{ name: 'count', default: false }] : [])],
      run: (orm, model, env, _ids, p) => {
        const ids = orm.search(model, env, p['domain'], intOr(p['offset'], 0) ?? 0, intOr(p['limit'], null), orderOf(p['order']));
        return p['count'] === true ? ids.length : ids;
      },
    },
    search_count: {
      modelLevel: true,
      params: [{ name: 'domain' }, { name: 'limit', default: null }],
      run: (orm, model, env, _ids, p) => orm.searchCount(model, env, p['domain'], intOr(p['limit'], null)),
    },
    read: {
      modelLevel: false,
      params: [
        { name: 'fields', default: null },
        { name: 'load', default: '_classic_read' },
      ],
      run: (orm, model, env, ids, p) => orm.read(model, env, ids, p['fields'], loadMode(p['load'])),
    },
    write: {
      modelLevel: false,
      params: [{ name: 'vals' }],
      run: (orm, model, env, ids, p) => orm.write(model, env, ids, p['vals']),
    },
    fields_get: {
      modelLevel: true,
      params: [
        { name: 'allfields', default: null },
        { name: 'attributes', default: null },
      ],
      run: (orm, model, _env, _ids, p) => orm.fieldsGet(model, p['allfields'], p['attributes']),
    },
    context_get: {
      modelLevel: true,
      params: [],
      models: ['res.users'],
      run: (_orm, _model, env) => ({ lang: 'en_US', tz: 'Europe/Paris', uid: env.uid }),
    },
  };
}

/** How a call arrived: JSON-RPC execute_kw passes positional args, JSON-2 named args and `ids`. */
export type CallStyle = { transport: 'jsonrpc'; args: unknown[]; kwargs: Record<string, unknown> } | { transport: 'json2'; body: Record<string, unknown> };

function idList(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  if (value === false || value === null || value === undefined) return [];
  throw typeError(`ids must be a list of integers, not ${JSON.stringify(value)}`);
}

/** Whether the fake knows this method at all (JSON-2 answers 404 for an unknown one). */
export function hasMethod(version: number, model: string, method: string): boolean {
  const spec = methods(version)[method];
  return spec !== undefined && (!spec.models || spec.models.includes(model));
}

/**
 * Calls an ORM method the way Odoo's `call_kw` does: binds arguments like Python (raising the TypeError
 * Python would), pops the context into the environment, and runs the method.
 */
export function callMethod(orm: FakeOrm, uid: number, model: string, method: string, style: CallStyle): unknown {
  const version = orm.version;
  if (method.startsWith('_')) throw accessError(`Private methods (such as ${method}) cannot be called remotely.`);
  if (!orm.model(model)) {
    if (style.transport === 'json2') throw httpFault('NotFound', `the model '${model}' does not exist`);
    throw new OdooFault('odoo.exceptions.UserError', `Object ${model} doesn't exist`);
  }
  const spec = methods(version)[method];
  if (!spec || (spec.models && !spec.models.includes(model))) {
    if (style.transport === 'json2') throw httpFault('NotFound', `the method '${method}' does not exist on the model '${model}'`);
    throw new OdooFault(
      'builtins.AttributeError',
      version >= 19 ? `The method '${model}.${method}' does not exist` : `The method '${method}' does not exist on the model '${model}'`,
    );
  }

  const bound: Record<string, unknown> = {};
  let ids: number[] = [];
  let context: unknown;
  if (style.transport === 'jsonrpc') {
    const kwargs = { ...style.kwargs };
    context = kwargs['context'];
    delete kwargs['context'];
    let positional = style.args;
    if (!spec.modelLevel) {
      if (positional.length === 0) throw new OdooFault('builtins.IndexError', 'list index out of range');
      ids = idList(positional[0]);
      positional = positional.slice(1);
    }
    if (positional.length > spec.params.length) {
      throw typeError(`${method}() takes from 1 to ${spec.params.length + 1} positional arguments but ${positional.length + 1} were given`);
    }
    positional.forEach((value, i) => {
      bound[(spec.params[i] as Param).name] = value;
    });
    for (const [name, value] of Object.entries(kwargs)) {
      if (!spec.params.some((p) => p.name === name)) throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
      if (name in bound) throw typeError(`${method}() got multiple values for argument '${name}'`);
      bound[name] = value;
    }
  } else {
    const body = { ...style.body };
    context = body['context'];
    delete body['context'];
    if ('ids' in body) {
      if (spec.modelLevel) throw httpFault('UnprocessableEntity', `cannot call ${model}.${method} with ids`);
      ids = idList(body['ids']);
      delete body['ids'];
    }
    for (const [name, value] of Object.entries(body)) {
      if (!spec.params.some((p) => p.name === name)) throw httpFault('UnprocessableEntity', `${method}() got an unexpected keyword argument '${name}'`);
      bound[name] = value;
    }
  }
  for (const param of spec.params) {
    if (param.name in bound) continue;
    if (!('default' in param)) {
      const message = `${method}() missing 1 required positional argument: '${param.name}'`;
      throw style.transport === 'json2' ? httpFault('UnprocessableEntity', message) : typeError(message);
    }
    bound[param.name] = param.default;
  }
  const env = orm.env(uid, context);
  return spec.run(orm, model, env, ids, bound);
}
