import type { OdooVersion } from './odoo-version';

/**
 * An exception as Odoo raises it: the dotted Python class name (`odoo.exceptions.AccessError`,
 * `builtins.ValueError`, `werkzeug.exceptions.NotFound`) and its message. The endpoints turn it into the
 * wire shape of their protocol (JSON-RPC envelope in HTTP 200, or a JSON-2 status and body).
 */
export class OdooFault extends Error {
  constructor(
    readonly odooName: string,
    message: string,
    /** Python `exc.args`; defaults to `[message]`. */
    readonly pythonArgs: readonly unknown[] = [message],
  ) {
    super(message);
    this.name = 'OdooFault';
  }
}

export const accessDenied = (): OdooFault => new OdooFault('odoo.exceptions.AccessDenied', 'Access Denied');
export const accessError = (message: string): OdooFault => new OdooFault('odoo.exceptions.AccessError', message);
export const userError = (message: string): OdooFault => new OdooFault('odoo.exceptions.UserError', message);
export const missingError = (message: string): OdooFault => new OdooFault('odoo.exceptions.MissingError', message);
export const valueError = (message: string): OdooFault => new OdooFault('builtins.ValueError', message);
export const typeError = (message: string): OdooFault => new OdooFault('builtins.TypeError', message);

/** werkzeug HTTP exceptions carry `(description, code)` as arguments in the JSON-2 body. */
export function httpFault(name: 'NotFound' | 'Unauthorized' | 'UnprocessableEntity' | 'BadRequest' | 'Forbidden', description: string): OdooFault {
  const codes = { NotFound: 404, Unauthorized: 401, UnprocessableEntity: 422, BadRequest: 400, Forbidden: 403 } as const;
  return new OdooFault(`werkzeug.exceptions.${name}`, description, [description, codes[name]]);
}

/** The serialized exception (`odoo.http.serialize_exception`), with the key order of each version. */
export function serializeFault(fault: OdooFault, version: OdooVersion): Record<string, unknown> {
  const shortName = fault.odooName.split('.').pop() ?? fault.odooName;
  // A plausible traceback: the real one is server internals; it never holds request secrets here.
  const debug = `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2100, in _serve_db\n    return service_model.retrying(self._serve_ir_http, self.env)\n${fault.odooName.startsWith('builtins.') ? shortName : fault.odooName}: ${fault.message}\n`;
  const args = [...fault.pythonArgs];
  if (version >= 19) return { name: fault.odooName, message: fault.message, arguments: args, context: {}, debug };
  return { name: fault.odooName, debug, message: fault.message, arguments: args, context: {} };
}

/** JSON-RPC `error.code`: 200 up to 18, 0 from 19 (except 404 for an unknown route). */
export function jsonRpcErrorCode(fault: OdooFault, version: OdooVersion): number {
  if (fault.odooName === 'werkzeug.exceptions.NotFound') return 404;
  return version >= 19 ? 0 : 200;
}

/** The HTTP status JSON-2 gives an exception (`Json2Dispatcher.handle_error` and `exc.http_status`). */
export function json2Status(fault: OdooFault): number {
  switch (fault.odooName) {
    case 'werkzeug.exceptions.Unauthorized':
      return 401;
    case 'werkzeug.exceptions.BadRequest':
      return 400;
    case 'werkzeug.exceptions.Forbidden':
    case 'odoo.exceptions.AccessError':
    case 'odoo.exceptions.AccessDenied':
      return 403;
    case 'werkzeug.exceptions.NotFound':
    case 'odoo.exceptions.MissingError':
      return 404;
    case 'odoo.exceptions.LockError':
      return 409;
    case 'werkzeug.exceptions.UnprocessableEntity':
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
    case 'odoo.exceptions.RedirectWarning':
      return 422;
    default:
      return 500;
  }
}
