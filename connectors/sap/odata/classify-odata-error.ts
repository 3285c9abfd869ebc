import { type ArbridgeError, AuthError, ConfigError, PermanentError, RateLimitedError, TransientError } from '../../../core/errors';

/** Everything known about one failed OData / Service Layer call, as plain data (no URL credentials, no cookie). */
export interface HttpCallFailure {
  /** What was asked ("A_OperationalAcctgDocItemCube", "Login"). */
  operation: string;
  /** HTTP status, absent when no response came. */
  status?: number;
  /** SAP's error body: OData `error.code` and `error.message.value`. */
  sapCode?: string | null;
  sapMessage?: string | null;
  /** Node network code when no response came. */
  networkCode?: string;
  /** Seconds from a Retry-After header. */
  retryAfterSeconds?: number | null;
}

const transientNetworkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'ESOCKETTIMEDOUT']);

/** The error body of SAP Gateway (V2) and of the B1 Service Layer: `{ error: { code, message: { value } } }`. */
export function readODataError(body: unknown): { code: string | null; message: string | null } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  if (!error) return { code: null, message: null };
  const message = typeof error.message === 'object' && error.message !== null ? (error.message as { value?: unknown }).value : error.message;
  return { code: error.code === undefined || error.code === null ? null : String(error.code), message: typeof message === 'string' ? message : null };
}

/**
 * Maps a failed SAP HTTP call to the taxonomy, with SAP's own text: 401/403 refused, 404 and 400
 * (a wrong service path, a $filter the service does not know) configuration, 429 rate limited,
 * 5xx and network failures transient. Pure.
 */
export function classifyODataError(failure: HttpCallFailure): ArbridgeError {
  const op = `SAP ${failure.operation}`;
  const said = failure.sapMessage ? `: ${failure.sapCode ? `${failure.sapCode} ` : ''}${failure.sapMessage}` : '';
  if (failure.status === undefined) {
    const code = failure.networkCode ?? 'unknown';
    if (transientNetworkCodes.has(code)) return new TransientError(`network_${code.toLowerCase()}`, `${op}: network failure (${code})`);
    return new PermanentError(`network_${code.toLowerCase()}`, `${op}: request failed (${code})`);
  }
  const status = failure.status;
  if (status === 401) return new AuthError('sap_login_refused', `${op}: user or password refused (HTTP 401)${said}`);
  if (status === 403) return new AuthError('sap_forbidden', `${op}: the user may not use this service (HTTP 403)${said}`);
  if (status === 404) return new ConfigError('sap_service_not_found', `${op}: no such service or entity (HTTP 404)${said}`);
  if (status === 400) return new ConfigError('sap_bad_request', `${op}: request refused (HTTP 400)${said}`);
  if (status === 429) return new RateLimitedError('http_429', `${op}: too many requests${said}`, failure.retryAfterSeconds == null ? null : failure.retryAfterSeconds * 1000);
  if (status >= 500) return new TransientError(`http_${status}`, `${op}: server error (HTTP ${status})${said}`);
  return new PermanentError(`http_${status}`, `${op}: unexpected HTTP ${status}${said}`);
}

/** A non-2xx reply of SAP Gateway or the Service Layer as a classified error, with SAP's text and any Retry-After (seconds). */
export function classifyHttpReply(operation: string, status: number, body: unknown, retryAfterHeader: unknown): ArbridgeError {
  const sap = readODataError(body);
  const retryAfter = typeof retryAfterHeader === 'string' && retryAfterHeader.trim() !== '' ? Number(retryAfterHeader) : NaN;
  return classifyODataError({ operation, status, sapCode: sap.code, sapMessage: sap.message, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null });
}
