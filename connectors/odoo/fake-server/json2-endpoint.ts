import { jsonReply, mimetypeOf, werkzeugPage, type Reply } from './http-reply';
import type { CallInfo } from './jsonrpc-endpoint';
import { httpFault, json2Status, OdooFault, serializeFault } from './odoo-errors';
import { callMethod } from './orm-methods';
import { summarizeCall } from './request-log';
import { checkCredentials, type ServerState } from './server-state';

export interface Json2Request {
  httpMethod: string;
  model: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function header(headers: Json2Request['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `POST /json/2/<model>/<method>` (Odoo 19): bearer API key, named arguments, real HTTP statuses and
 * the serialized exception as the body (reference §1.6).
 */
export function handleJson2(state: ServerState, request: Json2Request): { reply: Reply; info: CallInfo } {
  const info: CallInfo = { model: request.model, method: request.method, summary: '' };
  if (request.httpMethod !== 'POST') {
    return { reply: werkzeugPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'), info: { ...info, error: 'werkzeug.exceptions.MethodNotAllowed' } };
  }
  if (request.body.length > 0 && mimetypeOf(header(request.headers, 'content-type')) !== 'application/json') {
    return {
      reply: werkzeugPage(400, 'Bad Request', "Request inferred type is compatible with ['http'] but '/json/2/&lt;path:subpath&gt;' is type='json2'."),
      info: { ...info, error: 'werkzeug.exceptions.BadRequest' },
    };
  }
  const database = header(request.headers, 'x-odoo-database');
  if (database !== undefined && database !== state.database) {
    // An unknown database leaves the request without a registry: no /json/2 route at all.
    return { reply: werkzeugPage(404, 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'), info: { ...info, error: 'werkzeug.exceptions.NotFound' } };
  }
  try {
    const authorization = header(request.headers, 'authorization') ?? '';
    const bearer = /^bearer\s+(.+)$/i.exec(authorization.trim());
    if (!bearer) throw httpFault('Unauthorized', 'Missing bearer token');
    const uid = checkCredentials(state, state.uid, bearer[1]);
    // JSON-2 takes API keys only: a password in the bearer header is refused like a wrong key.
    if (uid === null || bearer[1] === state.password) throw httpFault('Unauthorized', 'Invalid apikey');
    let body: Record<string, unknown> = {};
    if (request.body.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body);
      } catch (error) {
        throw httpFault('BadRequest', `could not parse the body as json: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    }
    info.summary = summarizeCall([], body);
    const injected = state.failures.takeOdooError({ model: request.model, method: request.method, orm: true });
    if (injected) {
      info.injected = 'odoo-error';
      throw new OdooFault(injected.name, injected.message);
    }
    const result = callMethod(state.orm, uid, request.model, request.method, { transport: 'json2', body });
    return { reply: jsonReply(200, result ?? null), info };
  } catch (error) {
    const fault = error instanceof OdooFault ? error : new OdooFault('builtins.Exception', error instanceof Error ? error.message : String(error));
    info.error = fault.odooName;
    const status = json2Status(fault);
    const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'bearer' } : {};
    return { reply: jsonReply(status, serializeFault(fault, state.version), headers), info };
  }
}
