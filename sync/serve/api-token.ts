import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../core/secret';

/**
 * Whether an Authorization header carries the API token. Both sides are hashed first so that the
 * comparison is constant-time whatever their lengths; the token itself is never logged or echoed.
 */
export function bearerMatches(header: string | undefined, token: Secret): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = createHash('sha256').update(match?.[1] ?? '').digest();
  const expected = createHash('sha256').update(token.reveal()).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
