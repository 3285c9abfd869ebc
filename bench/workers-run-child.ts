// `arbridge run --once`'s runner in a process of its own, for bench/workers: as the queue workers, it runs
// beside the bench process that serves the fake ERPs, so that both ways have the same two processes.
// Settings from the environment (TENANTS_JSON, STORE_DATABASE_URL, CLOCK_AT); prints the seconds the run
// took, store opened, as one JSON line.
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema } from '../config/tenant-config';
import { InProcessRunner } from '../sync/worker/in-process-runner';

async function main(): Promise<void> {
  const env = process.env;
  const tenants = (JSON.parse(env.TENANTS_JSON as string) as unknown[]).map((t) => tenantConfigSchema.parse(t));
  const store = await openStore({ databaseUrl: env.STORE_DATABASE_URL as string });
  const began = process.hrtime.bigint();
  await new InProcessRunner({ tenants, store, clock: new FakeClock(env.CLOCK_AT as string), logger: silentLogger() }).runAllNow();
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  await store.close();
  process.stdout.write(`${JSON.stringify({ seconds })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
