const mask = '***';

/**
 * The connection string with its password replaced by `***`, for messages and logs (invariant 6).
 * Handles URLs (`postgres://user:pass@host/db`, `?password=`) and text that does not parse as one.
 */
export function maskDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = mask;
    if (url.searchParams.has('password')) url.searchParams.set('password', mask);
    return url.toString();
  } catch {
    return databaseUrl.replace(/(\/\/[^:/@]*:)[^@]*@/, `$1${mask}@`).replace(/(password=)[^&\s]*/gi, `$1${mask}`);
  }
}

/** The password inside a connection string, if any, so that error text can be scrubbed of it. */
export function databaseUrlPassword(databaseUrl: string): string | null {
  try {
    const url = new URL(databaseUrl);
    const password = url.password ? decodeURIComponent(url.password) : url.searchParams.get('password');
    return password || null;
  } catch {
    return /\/\/[^:/@]*:([^@]*)@/.exec(databaseUrl)?.[1] ?? /password=([^&\s]*)/i.exec(databaseUrl)?.[1] ?? null;
  }
}
