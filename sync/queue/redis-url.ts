const mask = '***';

/** The Redis URL with its password replaced by `***`, for messages and logs (invariant 6). */
export function maskRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password) url.password = mask;
    return url.toString();
  } catch {
    return redisUrl.replace(/(\/\/[^@/]*:)[^@]*@/, `$1${mask}@`);
  }
}
