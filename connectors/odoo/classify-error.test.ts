import { AuthError, ConfigError, DataError, PermanentError, RateLimitedError, TransientError } from '../../core/errors';
import { classifyOdooError, parseRetryAfter, scrubMessage, type OdooCallFailure } from './classify-error';

const now = new Date('2026-03-02T10:00:00Z');
const op = 'account.move.line/read';

/** A JSON-RPC error envelope as 16/17 send it (code 200; 19 sends 0) inside HTTP 200. */
function rpcError(name: string, message: string, code = 200): unknown {
  return {
    jsonrpc: '2.0',
    id: 3,
    error: {
      code,
      message: 'Odoo Server Error',
      data: { name, message, arguments: [message], context: {}, debug: 'Traceback (most recent call last):\n  File "odoo/http.py", line 1 SECRET-FRAME' },
    },
  };
}

/** A JSON-2 error body. */
function json2Error(name: string, message: string): unknown {
  return { name, message, arguments: [message], context: {}, debug: 'Traceback (most recent call last): SECRET-FRAME' };
}

type Row = [label: string, failure: Omit<OdooCallFailure, 'operation' | 'now'>, type: new (...a: never[]) => Error, reason: string];

const table: Row[] = [
  // Error inside HTTP 200 (JSON-RPC).
  ['AccessDenied in 200', { status: 200, body: rpcError('odoo.exceptions.AccessDenied', 'Access Denied') }, AuthError, 'access_denied'],
  ['AccessError in 200', { status: 200, body: rpcError('odoo.exceptions.AccessError', "You are not allowed to access 'Journal Entry' (account.move) records.") }, PermanentError, 'access_error'],
  ['unauthorized company', { status: 200, body: rpcError('odoo.exceptions.AccessError', 'Access to unauthorized or invalid companies.') }, ConfigError, 'company_not_allowed'],
  ['private method', { status: 200, body: rpcError('odoo.exceptions.AccessError', 'Private methods (such as _foo) cannot be called remotely.') }, ConfigError, 'private_method'],
  ['UserError', { status: 200, body: rpcError('odoo.exceptions.UserError', 'You cannot do that') }, PermanentError, 'user_error'],
  ['ValidationError', { status: 200, body: rpcError('odoo.exceptions.ValidationError', 'Bad value') }, PermanentError, 'validation_error'],
  ['MissingError', { status: 200, body: rpcError('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.') }, DataError, 'missing_record'],
  ['SerializationFailure', { status: 200, body: rpcError('psycopg2.errors.SerializationFailure', 'could not serialize access') }, TransientError, 'concurrency'],
  ['LockNotAvailable', { status: 200, body: rpcError('psycopg2.errors.LockNotAvailable', 'could not obtain lock') }, TransientError, 'concurrency'],
  ['ConcurrencyError (19, code 0)', { status: 200, body: rpcError('odoo.exceptions.ConcurrencyError', 'concurrent update', 0) }, TransientError, 'concurrency'],
  ['session expired code 100', { status: 200, body: rpcError('odoo.http.SessionExpiredException', 'Session expired', 100) }, TransientError, 'session_expired'],
  ['not found code 404', { status: 200, body: rpcError('werkzeug.exceptions.NotFound', '404: Not Found', 404) }, ConfigError, 'route_not_found'],
  ['unknown method 16/17', { status: 200, body: rpcError('builtins.AttributeError', "The method 'foo' does not exist on the model 'account.move'") }, ConfigError, 'unknown_method'],
  ['unknown method 19', { status: 200, body: rpcError('builtins.AttributeError', "The method 'account.move.foo' does not exist", 0) }, ConfigError, 'unknown_method'],
  ['invalid field', { status: 200, body: rpcError('builtins.ValueError', "Invalid field 'mobile' on model 'res.partner'") }, ConfigError, 'invalid_field'],
  ['unknown exception in 200', { status: 200, body: rpcError('builtins.KeyError', "'x'") }, PermanentError, 'server_error'],
  // JSON-2 statuses.
  ['401 Unauthorized', { status: 401, headers: { 'www-authenticate': 'bearer' }, body: json2Error('werkzeug.exceptions.Unauthorized', 'Invalid apikey') }, AuthError, 'access_denied'],
  ['401 without body', { status: 401, body: '' }, AuthError, 'bad_api_key'],
  ['403 AccessError', { status: 403, body: json2Error('odoo.exceptions.AccessError', 'not allowed') }, PermanentError, 'access_error'],
  ['403 AccessDenied', { status: 403, body: json2Error('odoo.exceptions.AccessDenied', 'Access Denied') }, AuthError, 'access_denied'],
  ['403 bare', { status: 403, body: 'Forbidden' }, PermanentError, 'forbidden'],
  ['404 NotFound', { status: 404, body: json2Error('werkzeug.exceptions.NotFound', "the model 'x.y' does not exist") }, ConfigError, 'not_found'],
  ['404 HTML page', { status: 404, body: '<!DOCTYPE html><html>Not Found</html>' }, ConfigError, 'not_found'],
  ['404 MissingError', { status: 404, body: json2Error('odoo.exceptions.MissingError', 'gone') }, DataError, 'missing_record'],
  ['409 LockError', { status: 409, body: json2Error('odoo.exceptions.LockError', 'locked') }, TransientError, 'concurrency'],
  ['409 bare', { status: 409, body: '' }, TransientError, 'http_409'],
  ['422 UserError', { status: 422, body: json2Error('odoo.exceptions.UserError', 'nope') }, PermanentError, 'user_error'],
  ['422 bad arguments', { status: 422, body: json2Error('werkzeug.exceptions.UnprocessableEntity', "search() got an unexpected keyword argument 'x'") }, PermanentError, 'bad_arguments'],
  ['422 bare', { status: 422, body: 'x' }, PermanentError, 'unprocessable'],
  ['500 SerializationFailure', { status: 500, body: json2Error('psycopg2.errors.SerializationFailure', 'could not serialize') }, TransientError, 'concurrency'],
  ['500 unknown Odoo error', { status: 500, body: json2Error('builtins.ZeroDivisionError', 'division by zero') }, PermanentError, 'server_error'],
  ['500 from a proxy', { status: 500, body: '<html>Internal Server Error</html>' }, TransientError, 'http_500'],
  ['400 invalid JSON', { status: 400, body: 'Invalid JSON data' }, PermanentError, 'bad_request'],
  ['502', { status: 502, body: '<html>Bad Gateway</html>' }, TransientError, 'http_502'],
  ['503', { status: 503, body: '' }, TransientError, 'http_503'],
  ['504', { status: 504, body: '' }, TransientError, 'http_504'],
  ['429 no Retry-After', { status: 429, body: '' }, RateLimitedError, 'http_429'],
  // Network.
  ['ECONNRESET', { networkCode: 'ECONNRESET', networkMessage: 'read ECONNRESET' }, TransientError, 'network_econnreset'],
  ['ECONNREFUSED', { networkCode: 'ECONNREFUSED', networkMessage: 'connect ECONNREFUSED 127.0.0.1:8069' }, TransientError, 'network_econnrefused'],
  ['ETIMEDOUT', { networkCode: 'ETIMEDOUT', networkMessage: 'timeout' }, TransientError, 'timeout'],
  ['axios timeout', { networkCode: 'ECONNABORTED', networkMessage: 'timeout of 100ms exceeded' }, TransientError, 'timeout'],
  ['EAI_AGAIN', { networkCode: 'EAI_AGAIN', networkMessage: 'getaddrinfo EAI_AGAIN odoo' }, TransientError, 'network_eai_again'],
  ['socket hang up', { networkMessage: 'socket hang up' }, TransientError, 'socket_hang_up'],
  ['ENOTFOUND', { networkCode: 'ENOTFOUND', networkMessage: 'getaddrinfo ENOTFOUND odoo.invalid' }, ConfigError, 'host_not_found'],
  ['bad certificate', { networkCode: 'CERT_HAS_EXPIRED', networkMessage: 'certificate has expired' }, ConfigError, 'tls_certificate'],
];

describe('classifyOdooError', () => {
  it.each(table)('%s', (_label, failure, type, reason) => {
    const error = classifyOdooError({ operation: op, now, ...failure });
    expect(error).toBeInstanceOf(type);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(op);
    // The server traceback never reaches a message.
    expect(error.message).not.toMatch(/Traceback|SECRET-FRAME/);
    expect(error.message).not.toMatch(/<html/i);
  });

  it('reads Retry-After in seconds', () => {
    const error = classifyOdooError({ operation: op, now, status: 429, headers: { 'Retry-After': '7' }, body: '' });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('reads Retry-After as an HTTP date against the given now', () => {
    const error = classifyOdooError({ operation: op, now, status: 429, headers: { 'retry-after': 'Mon, 02 Mar 2026 10:00:30 GMT' }, body: '' });
    expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
  });

  it('gives a null wait when Retry-After is absent or unreadable', () => {
    expect((classifyOdooError({ operation: op, now, status: 429, headers: {}, body: '' }) as RateLimitedError).retryAfterMs).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('keeps the Odoo message but drops what follows a traceback', () => {
    expect(scrubMessage('Bad thing\nTraceback (most recent call last):\n File x')).toBe('Bad thing');
    const error = classifyOdooError({ operation: op, now, status: 200, body: rpcError('odoo.exceptions.UserError', 'The invoice is locked') });
    expect(error.message).toContain('The invoice is locked');
  });

  it('is pure: the same failure gives the same error', () => {
    const failure: OdooCallFailure = { operation: op, now, status: 503, body: '' };
    const a = classifyOdooError(failure);
    const b = classifyOdooError(failure);
    expect([a.constructor, a.reason, a.message]).toEqual([b.constructor, b.reason, b.message]);
  });
});
