import { createHmac } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export const signatureHeader = 'X-Arbridge-Signature';
/** Header carrying the Unix time (seconds) the request was signed at; receivers refuse old ones to stop replays. */
export const timestampHeader = 'X-Arbridge-Timestamp';
/** Header carrying the action id: the same reminder always carries the same key, so a receiver can drop a repeat. */
export const idempotencyHeader = 'Idempotency-Key';

/**
 * The signature of one request. The timestamp is inside the signed content so that a captured request
 * cannot be replayed later with a fresh timestamp.
 */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}
