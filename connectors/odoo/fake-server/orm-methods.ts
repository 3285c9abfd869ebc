import { accessError, httpFault, missingError, OdooFault, typeError, valueError } from './odoo-errors';
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
    // Write-back (reference/odoo.md §4): mail.thread record methods on the models the connector writes to.
    message_post: {
      modelLevel: false,
      params: [
        { name: 'body', default: '' },
        { name: 'subject', default: null },
        { name: 'message_type', default: 'notification' },
        { name: 'subtype_xmlid', default: null },
        { name: 'partner_ids', default: null },
        // 16 would swallow it into **kwargs with an unconfirmed effect; the fake refuses it so a client sending it there is caught.
        ...(version >= 17 ? [{ name: 'body_is_html', default: false }] : []),
      ],
      models: mailThreadModels,
      run: (orm, model, env, ids, p) => {
        const record = onlyRecord(orm, model, ids);
        const raw = typeof p['body'] === 'string' ? p['body'] : '';
        // 17+ escape a plain str body; 16 stores it as HTML.
        const body = version >= 17 && p['body_is_html'] !== true ? escapeHtml(raw) : raw;
        const row = orm.db.insert('mail.message', {
          ...created(orm, env),
          model,
          res_id: record,
          body,
          message_type: typeof p['message_type'] === 'string' ? p['message_type'] : 'notification',
          subtype_xmlid: typeof p['subtype_xmlid'] === 'string' ? p['subtype_xmlid'] : false,
        });
        // An int through @api.returns in 16–18; 19's call_kw turns the record into its ids.
        return version >= 19 ? [row.id] : row.id;
      },
    },
    activity_schedule: {
      modelLevel: false,
      params: [
        { name: 'act_type_xmlid', default: '' },
        { name: 'date_deadline', default: null },
        { name: 'summary', default: '' },
        { name: 'note', default: '' },
        { name: 'user_id', default: null },
        { name: 'automated', default: true },
      ],
      models: mailThreadModels,
      run: (orm, model, env, ids, p) => {
        const record = onlyRecord(orm, model, ids);
        const row = orm.db.insert('mail.activity', {
          ...created(orm, env),
          res_model: model,
          res_id: record,
          act_type_xmlid: typeof p['act_type_xmlid'] === 'string' && p['act_type_xmlid'] !== '' ? p['act_type_xmlid'] : 'mail.mail_activity_data_todo',
          summary: typeof p['summary'] === 'string' ? p['summary'] : '',
          note: typeof p['note'] === 'string' ? p['note'] : '',
          date_deadline: typeof p['date_deadline'] === 'string' ? p['date_deadline'] : orm.clock.now().toISOString().slice(0, 10),
          user_id: typeof p['user_id'] === 'number' ? p['user_id'] : env.uid,
          automated: p['automated'] !== false,
        });
        // No @api.returns: 16–18 JSON-RPC serialise the recordset with str(); 19 returns ids.
        return version >= 19 ? [row.id] : `mail.activity(${row.id},)`;
      },
    },
    context_get: {
      modelLevel: true,
      params: [],
      models: ['res.users'],
      run: (_orm, _model, env) => ({ lang: 'en_US', tz: 'Europe/Paris', uid: env.uid }),
    },
  };
}

/** Models the fake lets message_post and activity_schedule run on (both inherit mail.thread and mail.activity.mixin). */
const mailThreadModels = ['account.move', 'res.partner'] as const;

/** The one existing record a write-back method runs on (ensure_one). */
function onlyRecord(orm: FakeOrm, model: string, ids: number[]): number {
  if (ids.length !== 1) throw valueError(`Expected singleton: ${model}(${ids.join(', ')})`);
  const id = ids[0] as number;
  if (!orm.db.tableByName(model)?.get(id)) throw missingError(`Record does not exist or has been deleted.\n(Record: ${model}(${id},))`);
  return id;
}

function created(orm: FakeOrm, env: OrmEnv) {
  const at = orm.clock.now().getTime();
  return { create_date: at, write_date: at, create_uid: env.uid, write_uid: env.uid };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/\n/g, '<br>');
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
