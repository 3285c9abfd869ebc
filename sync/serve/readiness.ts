import Redis from 'ioredis';
import { redactText } from '../../core/logging/secret-redaction';
import type { Store } from '../../core/store/store';

/** One readiness check's outcome. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  /** What went wrong, secrets redacted; "ok" otherwise. */
  detail: string;
}

/** A named probe: resolves when the dependency answers, throws otherwise. */
export type Probe = { name: string; run: () => Promise<void> };

/** How long one probe may take before it counts as failed. */
const probeTimeoutMs = 3000;

/** The store answers a query. */
export function storeProbe(store: Store): Probe {
  return { name: 'store', run: async () => void (await store.listTenantIds()) };
}

/** Redis answers PING; a fresh connection each time, no retry, so a stopped Redis fails at once. */
export function redisProbe(url: string): Probe {
  return {
    name: 'redis',
    run: async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: probeTimeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
      redis.on('error', () => undefined); // reported through connect()'s rejection
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Runs every probe in parallel, each bounded in time. */
export async function checkReadiness(probes: readonly Probe[]): Promise<{ ready: boolean; checks: ReadinessCheck[] }> {
  const checks = await Promise.all(
    probes.map(async (probe): Promise<ReadinessCheck> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe.run(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
          }),
        ]);
        return { name: probe.name, ok: true, detail: 'ok' };
      } catch (error) {
        return { name: probe.name, ok: false, detail: redactText(error instanceof Error ? error.message || error.constructor.name : String(error)) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: checks.every((c) => c.ok), checks };
}
