import {
  type ArbridgeError,
  AuthError,
  ConfigError,
  DataError,
  PermanentError,
  RateLimitedError,
  TransientError,
} from '../../core/errors';

/** Everything known about one failed Odoo call, as plain data (no axios object, no secret). */
export interface OdooCallFailure {
  /** What was being done, for the message: "account.move.line/read", "common.authenticate". */
  operation: string;
  /** HTTP status, absent when no response came (network failure). */
  status?: number;
  /** Response headers (any case). */
  headers?: Record<string, unknown>;
  /** Parsed response body: a JSON-RPC envelope, a JSON-2 error object, or text. */
  body?: unknown;
  /** Node or axios error code when no response came: ECONNRESET, ETIMEDOUT, ECONNABORTED… */
  networkCode?: string;
  /** The network error's message ("socket hang up"). */
  networkMessage?: string;
  /** The clock's now, to turn a Retry-After HTTP date into a wait. */
  now: Date;
}

const transientNetworkCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'ENETUNREACH',
  'EHOSTUNREACH', 'ENETDOWN', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET', 'ERR_NETWORK', 'ERR_CANCELED',
]);
const tlsCodes = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Odoo exception names whose cause passes by itself (the server already retried 5 times). */
const transientNames = [
  'SerializationFailure', 'LockNotAvailable', 'TransactionRollbackError', 'DeadlockDetected',
  'odoo.exceptions.ConcurrencyError', 'odoo.exceptions.LockError', 'werkzeug.exceptions.ServiceUnavailable',
];

/**
 * Maps a failed Odoo call to the error taxonomy. Pure: the same failure always gives the same error.
 * Handles Odoo's error-inside-HTTP-200 (JSON-RPC envelope), JSON-2 statuses with their error body,
 * 429 with Retry-After, gateway errors and network codes. Messages never carry the server traceback
 * (`debug`) nor anything the request held.
 */
export function classifyOdooError(failure: OdooCallFailure): ArbridgeError {
  const op = failure.operation;
  if (failure.status === undefined) return classifyNetwork(failure);

  const status = failure.status;
  const { rpcCode, name, message } = readOdooError(failure.body);
  const detail = message ?? describeBody(failure.body, status);

  if (status === 429 || name === 'werkzeug.exceptions.TooManyRequests') {
    const wait = parseRetryAfter(header(failure.headers, 'retry-after'), failure.now);
    return new RateLimitedError('http_429', `Odoo ${op}: too many requests${wait !== null ? `, retry after ${wait} ms` : ''}`, wait);
  }

  // JSON-RPC special codes, the same in 16/17/19.
  if (rpcCode === 100) return new TransientError('session_expired', `Odoo ${op}: session expired (${detail})`);
  if (rpcCode === 404) return new ConfigError('route_not_found', `Odoo ${op}: route not found; is the API module installed? (${detail})`);

  if (name !== undefined) {
    const byName = classifyByName(name, op, detail);
    if (byName) return byName;
    // An Odoo exception we do not know, inside a JSON-RPC 200: the application refused; a retry will not help.
    if (status < 400) return new PermanentError('server_error', `Odoo ${op}: ${name.split('.').pop() ?? name}: ${detail}`);
  }
  return classifyByStatus(status, op, detail, name !== undefined);
}

function classifyByName(name: string, op: string, detail: string): ArbridgeError | null {
  const short = name.split('.').pop() ?? name;
  if (name === 'odoo.exceptions.AccessDenied' || name === 'werkzeug.exceptions.Unauthorized') {
    return new AuthError('access_denied', `Odoo ${op}: access denied (${detail})`);
  }
  if (name === 'odoo.exceptions.AccessError') {
    if (/unauthorized or invalid compan/i.test(detail)) {
      return new ConfigError('company_not_allowed', `Odoo ${op}: the user may not use one of the configured companyIds (${detail})`);
    }
    if (/private method/i.test(detail)) return new ConfigError('private_method', `Odoo ${op}: ${detail}`);
    return new PermanentError('access_error', `Odoo ${op}: the bot user lacks a right (${detail})`);
  }
  if (name === 'odoo.exceptions.MissingError') return new DataError('missing_record', `Odoo ${op}: record gone (${detail})`);
  if (name === 'odoo.exceptions.ValidationError') return new PermanentError('validation_error', `Odoo ${op}: ${detail}`);
  if (name === 'odoo.exceptions.UserError' || name === 'odoo.exceptions.RedirectWarning') {
    return new PermanentError('user_error', `Odoo ${op}: ${detail}`);
  }
  if (transientNames.some((t) => name === t || short === t)) {
    return new TransientError('concurrency', `Odoo ${op}: concurrent update (${short}), try again`);
  }
  if (name === 'odoo.http.SessionExpiredException') return new TransientError('session_expired', `Odoo ${op}: session expired`);
  if (name === 'werkzeug.exceptions.NotFound') return new ConfigError('not_found', `Odoo ${op}: not found (${detail})`);
  if (name === 'werkzeug.exceptions.UnprocessableEntity') return new PermanentError('bad_arguments', `Odoo ${op}: ${detail}`);
  if (name === 'builtins.AttributeError' && /does not exist/i.test(detail)) {
    return new ConfigError('unknown_method', `Odoo ${op}: ${detail}`);
  }
  if (name === 'builtins.ValueError' && /invalid field/i.test(detail)) {
    return new ConfigError('invalid_field', `Odoo ${op}: ${detail}; is the configured version right?`);
  }
  return null;
}

function classifyByStatus(status: number, op: string, detail: string, odooBody: boolean): ArbridgeError {
  switch (status) {
    case 400:
      return new PermanentError('bad_request', `Odoo ${op}: HTTP 400 (${detail})`);
    case 401:
      return new AuthError('bad_api_key', `Odoo ${op}: the API key was refused (HTTP 401)`);
    case 403:
      return new PermanentError('forbidden', `Odoo ${op}: forbidden (HTTP 403: ${detail})`);
    case 404:
      return new ConfigError('not_found', `Odoo ${op}: not found (HTTP 404); check the URL and that the API is enabled`);
    case 408:
      return new TransientError('http_408', `Odoo ${op}: request timeout (HTTP 408)`);
    case 409:
      return new TransientError('http_409', `Odoo ${op}: conflict (HTTP 409), try again`);
    case 422:
      return new PermanentError('unprocessable', `Odoo ${op}: HTTP 422 (${detail})`);
  }
  if (status === 500 && odooBody) return new PermanentError('server_error', `Odoo ${op}: HTTP 500 (${detail})`);
  if (status >= 500) return new TransientError(`http_${status}`, `Odoo ${op}: HTTP ${status}, the server or its proxy is unavailable`);
  if (status >= 400) return new PermanentError(`http_${status}`, `Odoo ${op}: HTTP ${status} (${detail})`);
  return new PermanentError('bad_response', `Odoo ${op}: unexpected answer (HTTP ${status}: ${detail})`);
}

function classifyNetwork(failure: OdooCallFailure): ArbridgeError {
  const code = failure.networkCode ?? '';
  const op = failure.operation;
  const text = scrubMessage(failure.networkMessage ?? '');
  if (code === 'ENOTFOUND') return new ConfigError('host_not_found', `Odoo ${op}: host not found; check the url`);
  if (tlsCodes.has(code)) return new ConfigError('tls_certificate', `Odoo ${op}: TLS certificate refused (${code})`);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new TransientError('timeout', `Odoo ${op}: no answer in time (${code})`);
  }
  if (transientNetworkCodes.has(code)) return new TransientError(`network_${code.toLowerCase()}`, `Odoo ${op}: network error ${code}`);
  if (/socket hang up/i.test(text)) return new TransientError('socket_hang_up', `Odoo ${op}: socket hang up`);
  return new TransientError('network_error', `Odoo ${op}: network error ${code || text || 'unknown'}`.trim());
}

/** The Odoo error inside a JSON-RPC envelope (`{error:{code,data:{name,message}}}`) or a JSON-2 body. */
function readOdooError(body: unknown): { rpcCode?: number; name?: string; message?: string } {
  if (typeof body === 'string') {
    // An early JSON-2 draft sent the message as a bare JSON string; never echo an HTML page.
    const t = body.trim();
    return t && !t.startsWith('<') ? { message: scrubMessage(t) } : {};
  }
  if (!isObject(body)) return {};
  const envelope = isObject(body.error) ? body.error : null;
  const data = envelope ? (isObject(envelope.data) ? envelope.data : {}) : body;
  const rpcCode = envelope && typeof envelope.code === 'number' ? envelope.code : undefined;
  const name = typeof data.name === 'string' ? data.name : undefined;
  const raw = typeof data.message === 'string' ? data.message : envelope && typeof envelope.message === 'string' ? envelope.message : undefined;
  return { rpcCode, name, message: raw !== undefined ? scrubMessage(raw) : undefined };
}

function describeBody(body: unknown, status: number): string {
  return typeof body === 'string' && body.trim() && !body.trim().startsWith('<') ? scrubMessage(body) : `HTTP ${status}`;
}

/** Drops a server traceback and anything after it, collapses whitespace, bounds the length. */
export function scrubMessage(message: string): string {
  const cut = message.split(/Traceback \(most recent call last\)/)[0] ?? '';
  const flat = cut.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? flat.slice(0, 297) + '...' : flat || 'no message';
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
