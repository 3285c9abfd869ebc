import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** A bull key prefix of its own for one test file, and the means to clean up after it on the shared Redis. */
export interface TestBullPrefix {
  prefix: string;
  /** Closes the connections of every client of this prefix (named `<prefix>-arbridge`): a Redis outage for it alone. */
  killClients(): Promise<number>;
  /** Deletes every key under the prefix (never FLUSHALL: other people's keys live beside ours) and disconnects. */
  cleanUp(): Promise<void>;
}

export function testBullPrefix(redisUrl: string, label: string): TestBullPrefix {
  const prefix = `arbridge-test-${label}-${randomBytes(4).toString('hex')}`;
  const admin = new Redis(redisUrl);
  return {
    prefix,
    async killClients() {
      const list = (await admin.client('LIST')) as string;
      const ids = list
        .split('\n')
        .filter((line) => line.includes(` name=${prefix}-arbridge `))
        .map((line) => /^id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => !!id);
      for (const id of ids) await admin.client('KILL', 'ID', id);
      return ids.length;
    },
    async cleanUp() {
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await admin.quit();
    },
  };
}
