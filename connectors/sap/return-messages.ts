import { AuthError, ConfigError, PermanentError, TransientError, type ArbridgeError } from '../../core/errors';
import { sapText } from './wire-values';

/** One SAP message (reference §1.11), whatever RETURN structure carried it. */
export interface SapMessage {
  /** S success, I info, W warning, E error, A abort. */
  type: 'S' | 'I' | 'W' | 'E' | 'A';
  /** Message class and number run together, "FN502" / "F2718". */
  code: string | null;
  /** SAP's own text, shown to people as is. */
  text: string;
}

/** RETURN as messages: a structure or a table (BAPIRET2 rows), empty rows dropped. */
export function readReturn(value: unknown): SapMessage[] {
  const rows: unknown[] = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'item' in value ? [(value as { item: unknown }).item].flat() : [value];
  const out: SapMessage[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const r = row as Record<string, unknown>;
    const type = sapText(r.TYPE);
    if (type === null) continue;
    // BAPIRETURN has CODE ("FN502"); BAPIRETURN1/BAPIRET1/BAPIRET2 have ID and NUMBER ("FN", "502").
    const klass = sapText(r.CODE) ?? [sapText(r.ID), sapText(r.NUMBER)].filter((x) => x !== null).join('');
    out.push({
      type: (['S', 'I', 'W', 'E', 'A'].includes(type) ? type : 'E') as SapMessage['type'],
      code: klass === '' ? null : klass,
      text: sapText(r.MESSAGE) ?? '(no message text)',
    });
  }
  return out;
}

/** "E FN502: Customer 0000100999 does not exist" for logs, errors and `check`. */
export function describeMessage(message: SapMessage): string {
  return `${message.type}${message.code ? ' ' + message.code : ''}: ${message.text}`;
}

/** Message codes that mean "nothing found": a success with no rows, not a failure. */
const nothingFound = new Set(['FN517', 'F2718']);

/** Authorization messages (FN 506-508 authority checks, F2 543). */
const authorization = new Set(['FN506', 'FN507', 'FN508', 'F2543']);

/** A company code that does not exist: the config points at nothing. */
const wrongConfig = new Set(['FN510']);

/** The customer does not exist, or not in this company code: skip it there (GETLIST is client-wide). */
const customerAbsent = new Set(['FN502', 'FN503']);

/**
 * Maps a BAPI's RETURN to the taxonomy: null when the call succeeded (no E/A message, or only
 * "nothing found" / "customer not in this company code", which the caller reads as no rows). BAPIs report business errors with HTTP 200 and a filled RETURN, never a fault.
 */
export function classifyReturn(functionName: string, messages: readonly SapMessage[]): ArbridgeError | null {
  const failure = messages.find((m) => (m.type === 'E' || m.type === 'A') && !(m.code !== null && (nothingFound.has(m.code) || customerAbsent.has(m.code))));
  if (!failure) return null;
  const text = `SAP ${functionName}: ${describeMessage(failure)}`;
  const code = failure.code ?? '';
  if (authorization.has(code)) return new AuthError('sap_no_authorization', text);
  if (wrongConfig.has(code)) return new ConfigError('sap_unknown_company_code', text);
  if (failure.type === 'A') return new TransientError('sap_abort', text);
  return new PermanentError(`sap_${code.replace(/\s+/g, '').toLowerCase() || 'error'}`, text);
}

/** Whether the RETURN says the customer does not exist (in this company code): no rows, not an error. */
export function isCustomerAbsent(messages: readonly SapMessage[]): boolean {
  return messages.some((m) => m.code !== null && customerAbsent.has(m.code));
}
