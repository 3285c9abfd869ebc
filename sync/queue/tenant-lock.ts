import type Redis from 'ioredis';

// SET NX PX, or a renewal when the same token already holds it: a stalled job taken over by another
// worker carries the same job id, so it gets the lock its dead owner held without waiting for it to expire.
const acquireScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
// Only the holder releases: a lock that expired and was taken by another job is left alone.
const releaseScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** A held tenant lock; release it when the step is over. */
export interface HeldTenantLock {
  release(): Promise<void>;
}

/**
 * One job per tenant at a time across every worker: a Redis key per tenant set with the job id as
 * token, expiring after `ttlMs` unless renewed (a worker that dies frees its tenants), renewed every
 * third of that while the step runs. Bull's job ids keep a window from running twice; this keeps two
 * windows (or two steps) of one tenant from overlapping.
 */
export class TenantLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long the lock outlives a silent holder. */
    private readonly ttlMs: number,
  ) {}

  private key(tenantId: string): string {
    return `${this.prefix}:tenant-lock:${tenantId}`;
  }

  /** Takes the tenant's lock for `token`, or returns null when another job holds it. */
  async acquire(tenantId: string, token: string): Promise<HeldTenantLock | null> {
    const key = this.key(tenantId);
    const got = await this.redis.eval(acquireScript, 1, key, token, String(this.ttlMs));
    if (Number(got) !== 1) return null;
    const renew = setInterval(() => {
      this.redis.eval(acquireScript, 1, key, token, String(this.ttlMs)).catch(() => undefined);
    }, Math.max(100, Math.floor(this.ttlMs / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(releaseScript, 1, key, token);
      },
    };
  }
}
