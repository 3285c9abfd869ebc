import { jsonReply, mimetypeOf, textReply, type Reply } from './http-reply';
import { accessDenied, jsonRpcErrorCode, OdooFault, serializeFault, typeError } from './odoo-errors';
import { versionInfo } from './odoo-version';
import { callMethod } from './orm-methods';
import { summarizeCall, type FakeOdooRequest } from './request-log';
import { authenticate, checkCredentials, type ServerState } from './server-state';

/** What the endpoint tells the request log besides the status. */
export type CallInfo = Pick<FakeOdooRequest, 'service' | 'method' | 'model' | 'summary' | 'error' | 'injected'>;

export interface JsonRpcRequest {
  path: '/jsonrpc' | '/web/webclient/version_info';
  contentType: string | undefined;
  body: string;
}

const jsonMimetypes = new Set(['application/json', 'application/json-rpc']);

/** The service and model a JSON-RPC body names, read before dispatch (for logging and failure matching). */
export function peekJsonRpc(body: unknown): { service?: string; method?: string; model?: string; orm: boolean } {
  const params = body && typeof body === 'object' ? (body as Record<string, unknown>)['params'] : undefined;
  if (!params || typeof params !== 'object') return { orm: false };
  const p = params as Record<string, unknown>;
  const service = typeof p['service'] === 'string' ? p['service'] : undefined;
  const method = typeof p['method'] === 'string' ? p['method'] : undefined;
  const args = Array.isArray(p['args']) ? p['args'] : [];
  if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
    return {
      service,
      method: typeof args[4] === 'string' ? args[4] : method,
      ...(typeof args[3] === 'string' ? { model: args[3] } : {}),
      orm: true,
    };
  }
  return { ...(service ? { service } : {}), ...(method ? { method } : {}), orm: false };
}

/**
 * `POST /jsonrpc` (the `common`, `object` and `db` services) and `POST /web/webclient/version_info`:
 * Odoo's JsonRPCDispatcher. Errors travel inside HTTP 200 as `{error: {code, message, data}}`; only a
 * body that is not JSON gets a plain-text 400.
 */
export function handleJsonRpc(state: ServerState, request: JsonRpcRequest): { reply: Reply; info: CallInfo } {
  const routeType = state.version >= 19 ? 'jsonrpc' : 'json';
  if (!jsonMimetypes.has(mimetypeOf(request.contentType))) {
    return {
      reply: textReply(400, `Request inferred type is compatible with ['http'] but '${request.path}' is type='${routeType}'.`),
      info: { summary: 'wrong content type', error: 'werkzeug.exceptions.BadRequest' },
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    return { reply: textReply(400, 'Invalid JSON data'), info: { summary: 'malformed JSON', error: 'werkzeug.exceptions.BadRequest' } };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { reply: textReply(400, 'Invalid JSON-RPC data'), info: { summary: 'not a JSON-RPC object', error: 'werkzeug.exceptions.BadRequest' } };
  }
  const envelope = parsed as Record<string, unknown>;
  const id = envelope['id'] ?? null;
  const peek = peekJsonRpc(envelope);
  const info: CallInfo = { ...(peek.service ? { service: peek.service } : {}), ...(peek.method ? { method: peek.method } : {}), ...(peek.model ? { model: peek.model } : {}), summary: '' };
  try {
    const params = envelope['params'] ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw typeError("'list' object is not a mapping");
    const result =
      request.path === '/web/webclient/version_info' ? versionInfo(state.version) : dispatchRpc(state, params as Record<string, unknown>, info);
    return { reply: jsonReply(200, result === undefined ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result }), info };
  } catch (error) {
    const fault = error instanceof OdooFault ? error : new OdooFault('builtins.Exception', error instanceof Error ? error.message : String(error));
    info.error = fault.odooName;
    return {
      reply: jsonReply(200, { jsonrpc: '2.0', id, error: { code: jsonRpcErrorCode(fault, state.version), message: 'Odoo Server Error', data: serializeFault(fault, state.version) } }),
      info,
    };
  }
}

function checkDatabase(state: ServerState, db: unknown): void {
  if (db !== state.database) {
    throw new OdooFault(
      'psycopg2.OperationalError',
      `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist\n`,
    );
  }
}

/** `odoo.http.dispatch_rpc`: the service functions behind /jsonrpc. */
function dispatchRpc(state: ServerState, params: Record<string, unknown>, info: CallInfo): unknown {
  const service = params['service'];
  const method = params['method'];
  if (typeof service !== 'string') throw typeError("jsonrpc() missing 1 required positional argument: 'service'");
  if (typeof method !== 'string') throw typeError("jsonrpc() missing 1 required positional argument: 'method'");
  const args = Array.isArray(params['args']) ? (params['args'] as unknown[]) : [];
  switch (service) {
    case 'common':
      return dispatchCommon(state, method, args, info);
    case 'object':
      return dispatchObject(state, method, args, info);
    case 'db':
      info.summary = method;
      if (method === 'list') return [state.database];
      if (method === 'server_version') return `${state.version}.0`;
      throw new OdooFault('builtins.KeyError', `'exp_${method}'`);
    default:
      throw new OdooFault('builtins.KeyError', `'${service}'`);
  }
}

function dispatchCommon(state: ServerState, method: string, args: unknown[], info: CallInfo): unknown {
  switch (method) {
    case 'version':
      info.summary = '';
      return versionInfo(state.version);
    case 'authenticate':
    case 'login': {
      const required = method === 'authenticate' ? ['db', 'login', 'password', 'user_agent_env'] : ['db', 'login', 'password'];
      if (args.length < required.length) {
        const missing = required.slice(args.length);
        throw typeError(`exp_${method}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
      }
      // Never the password or key: only who tried to log in where.
      info.summary = `db=${String(args[0])} login=${String(args[1])}`;
      checkDatabase(state, args[0]);
      return authenticate(state, args[1], args[2]) ?? false;
    }
    case 'about':
      info.summary = '';
      return 'See http://openerp.com';
    default:
      throw new OdooFault('builtins.KeyError', `'exp_${method}'`);
  }
}

function dispatchObject(state: ServerState, method: string, args: unknown[], info: CallInfo): unknown {
  if (method !== 'execute_kw' && method !== 'execute') throw new OdooFault('builtins.NameError', `Method not available ${method}`);
  const [db, uid, secret, model, ormMethod] = args;
  const callArgs = method === 'execute_kw' ? args[5] ?? [] : args.slice(5);
  const kwargs = method === 'execute_kw' ? args[6] ?? {} : {};
  info.summary = summarizeCall(Array.isArray(callArgs) ? callArgs : [callArgs], kwargs && typeof kwargs === 'object' ? (kwargs as Record<string, unknown>) : {});
  checkDatabase(state, db);
  const user = checkCredentials(state, uid, secret);
  if (user === null) throw accessDenied();
  if (typeof model !== 'string' || typeof ormMethod !== 'string') throw typeError('execute_kw() expects a model name and a method name');
  if (!Array.isArray(callArgs)) throw typeError(`${ormMethod}() argument after * must be an iterable, not ${typeof callArgs}`);
  if (!kwargs || typeof kwargs !== 'object' || Array.isArray(kwargs)) throw typeError(`${ormMethod}() argument after ** must be a mapping`);
  const injected = state.failures.takeOdooError({ model, method: ormMethod, orm: true });
  if (injected) {
    info.injected = 'odoo-error';
    throw new OdooFault(injected.name, injected.message);
  }
  return callMethod(state.orm, user, model, ormMethod, { transport: 'jsonrpc', args: callArgs, kwargs: kwargs as Record<string, unknown> });
}
