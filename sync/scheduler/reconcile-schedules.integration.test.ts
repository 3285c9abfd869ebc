import { silentLogger } from '../../core/logging/logger';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { testBullPrefix, type TestBullPrefix } from '../../test/sync/bull-prefix';
import { openJobQueues, type JobQueues } from '../queue/job-queues';
import { reconcileSchedules } from './reconcile-schedules';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function tenant(id: string, cron: string, timeZone = 'Europe/Paris'): TenantConfig {
  return tenantConfigSchema.parse({ id, name: id, timeZone, currency: 'EUR', schedule: { sync: cron }, sources: [{ id: 'odoo', type: 'odoo', connection: {} }] });
}

describe('arbridge scheduler: the schedules in Redis follow the config', () => {
  let bull: TestBullPrefix;
  let queues: JobQueues;

  beforeAll(() => {
    bull = testBullPrefix(redisUrl, 'scheduler');
    queues = openJobQueues({ redisUrl, prefix: bull.prefix, logger: silentLogger() });
  });

  afterAll(async () => {
    await queues.close();
    await bull.cleanUp();
  });

  const schedules = async () => (await queues.tick.getRepeatableJobs()).map((j) => `${j.id} ${j.cron} ${j.tz}`).sort();

  it('adds one schedule per tenant, in its zone, and a second run changes nothing', async () => {
    const config = [tenant('alpha', '0 7 * * *'), tenant('beta', '0 */2 * * *', 'America/New_York')];
    expect(await reconcileSchedules(queues.tick, config)).toEqual({ added: ['alpha', 'beta'], removed: [], kept: [] });
    expect(await reconcileSchedules(queues.tick, config)).toEqual({ added: [], removed: [], kept: ['alpha', 'beta'] });
    expect(await schedules()).toEqual(['alpha@odoo 0 7 * * * Europe/Paris', 'beta@odoo 0 */2 * * * America/New_York']);
    expect(await queues.tick.getDelayed()).toHaveLength(2); // each tenant's next tick, once
  });

  it('replaces a changed schedule and removes the schedule of a tenant gone from config', async () => {
    expect(await reconcileSchedules(queues.tick, [tenant('alpha', '30 6 * * 1-5')])).toEqual({ added: ['alpha'], removed: ['alpha', 'beta'], kept: [] });
    expect(await schedules()).toEqual(['alpha@odoo 30 6 * * 1-5 Europe/Paris']);
    const delayed = await queues.tick.getDelayed();
    expect(delayed.map((j) => j.data.tenantId)).toEqual(['alpha']);
  });
});
