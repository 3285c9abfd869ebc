import {
  type ArbridgeError,
  AuthError,
  ConfigError,
  PermanentError,
  RateLimitedError,
  TransientError,
} from '../../core/errors';

/** Everything known about one failed SOAP call, as plain data (no request, no credentials). */
export interface SapCallFailure {
  /** The function module called, or "WSDL" while loading the service description. */
  operation: string;
  /** HTTP status, absent when no response came. */
  status?: number;
  /** The SOAP fault's faultstring and detail text (`<FM>.Exception` Name/Text), when one came. */
  fault?: { code: string | null; text: string | null; exceptionName: string | null };
  /** Node network code when no response came (ECONNREFUSED, ETIMEDOUT…). */
  networkCode?: string;
  /** Seconds from a Retry-After header. */
  retryAfterSeconds?: number | null;
}

const transientNetworkCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'ESOCKETTIMEDOUT',
]);

/** Faults of the RFC layer that mean the system is busy or restarting (no free work process, gateway). */
const transientFaults = /RFC_ERROR_COMMUNICATION|RFC_ERROR_SYSTEM_FAILURE|SYSTEM_FAILURE|TIME_OUT|no free work process/i;

/**
 * Maps a failed SAP SOAP call to the taxonomy (reference §1.1): HTTP 401/403 with an HTML page is a
 * refused login, 404 an inactive ICF service or a wrong path, FUNCTION_NOT_FOUND a function module
 * the service does not expose, an `<FM>.Exception` an ABAP exception (permanent), 5xx without a
 * fault and network failures transient. Pure.
 */
export function classifySapError(failure: SapCallFailure): ArbridgeError {
  const op = `SAP ${failure.operation}`;
  if (failure.status === undefined) {
    const code = failure.networkCode ?? 'unknown';
    if (transientNetworkCodes.has(code)) return new TransientError(`network_${code.toLowerCase()}`, `${op}: network failure (${code})`);
    return new PermanentError(`network_${code.toLowerCase()}`, `${op}: request failed (${code})`);
  }
  const status = failure.status;
  if (status === 401) return new AuthError('sap_login_refused', `${op}: user or password refused (HTTP 401)`);
  if (status === 403) return new AuthError('sap_forbidden', `${op}: the user may not call this service (HTTP 403; check S_RFC / S_SERVICE)`);
  if (status === 404) return new ConfigError('sap_service_not_found', `${op}: no such service (HTTP 404; is the ICF service active in SICF, and the URL right?)`);
  if (status === 429) {
    const wait = failure.retryAfterSeconds == null ? null : failure.retryAfterSeconds * 1000;
    return new RateLimitedError('http_429', `${op}: too many requests`, wait);
  }
  const fault = failure.fault;
  if (fault) {
    const said = [fault.exceptionName, fault.text ?? fault.code].filter((x) => x).join(': ');
    const text = `${op}: SOAP fault ${said}`;
    if (/FUNCTION_NOT_FOUND|not found|unknown operation/i.test(said)) return new ConfigError('sap_function_not_found', text);
    if (transientFaults.test(said)) return new TransientError('sap_system_failure', text);
    if (status >= 502) return new TransientError(`http_${status}`, text);
    return new PermanentError('sap_exception', text);
  }
  if (status >= 500) return new TransientError(`http_${status}`, `${op}: server error (HTTP ${status})`);
  return new PermanentError(`http_${status}`, `${op}: unexpected HTTP ${status}`);
}
