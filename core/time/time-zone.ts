import { z } from 'zod';

/** Whether the runtime knows this IANA time zone name. */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as Europe/Paris. */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, {
  message: 'expected an IANA time zone such as Europe/Paris',
});
