import Redis, { type RedisOptions } from 'ioredis';

/** The ioredis connections of a set of bull queues, created the way bull requires. */
export interface BullRedisClients {
  /** Bull's `createClient` option: one shared client, one shared subscriber, a new blocking client per queue. */
  createClient(type: 'client' | 'subscriber' | 'bclient', redisOpts?: RedisOptions): Redis;
  /** Closes every connection handed out: bull leaves the ones it got from `createClient` open. */
  close(): Promise<void>;
}

/**
 * Bull issues blocking commands on `bclient` and subscribes on `subscriber`: those two must never give
 * up on a command (`maxRetriesPerRequest: null`) nor wait for a ready check that a blocked connection
 * cannot answer (`enableReadyCheck: false`); bull refuses them otherwise. The shared `client` gets the
 * same options so that a Redis outage delays a worker's commands until it reconnects instead of failing
 * the job in hand. One client and one subscriber serve every queue of a process. `clientName` names
 * each connection (CLIENT LIST shows it): that is how an operator, or a test, finds a deployment's clients.
 */
export function bullRedisClients(redisUrl: string, clientName: string): BullRedisClients {
  const options: RedisOptions = { connectionName: clientName, maxRetriesPerRequest: null, enableReadyCheck: false };
  const opened: Redis[] = [];
  const open = (): Redis => {
    const redis = new Redis(redisUrl, options);
    opened.push(redis);
    return redis;
  };
  let client: Redis | null = null;
  let subscriber: Redis | null = null;
  return {
    createClient(type) {
      if (type === 'client') return (client ??= open());
      if (type === 'subscriber') return (subscriber ??= open());
      return open();
    },
    async close() {
      await Promise.all(
        opened.map(async (redis) => {
          if (redis.status === 'end') return;
          // A blocking client is inside BRPOPLPUSH: QUIT would wait behind it.
          if (redis !== client && redis !== subscriber) return redis.disconnect();
          await redis.quit().catch(() => redis.disconnect());
        }),
      );
    },
  };
}
