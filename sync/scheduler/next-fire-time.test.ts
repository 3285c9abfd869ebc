import { silentLogger } from '../../core/logging/logger';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema } from '../../config/tenant-config';
import { InProcessRunner } from '../worker/in-process-runner';
import { nextFireTime } from './next-fire-time';

// Europe/Paris in 2026: clocks go forward on 29 March at 02:00 (to 03:00), back on 25 October at 03:00 (to 02:00).
function fireTimes(cron: string, from: string, count: number): string[] {
  const times: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i += 1) {
    at = nextFireTime(cron, 'Europe/Paris', at);
    times.push(at.toISOString());
  }
  return times;
}

describe('a tenant schedule in Europe/Paris across the daylight-saving changes', () => {
  it('keeps a 07:00 sync at 07:00 local time when the offset changes', () => {
    expect(fireTimes('0 7 * * *', '2026-03-27T12:00:00Z', 3)).toEqual(['2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z', '2026-03-30T05:00:00.000Z']);
  });

  it('runs a 02:30 sync once on the night 02:30 does not exist (at 03:30 CEST) and once on the night it happens twice', () => {
    expect(fireTimes('30 2 * * *', '2026-03-27T12:00:00Z', 3)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(fireTimes('30 2 * * *', '2026-10-23T12:00:00Z', 3)).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('drives the in-process runner with a fake clock: each fire time runs sync, evaluate, dispatch once, in that order', async () => {
    const clock = new FakeClock('2026-03-27T12:00:00Z');
    const tenant = tenantConfigSchema.parse({
      id: 'paris',
      name: 'Paris',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      schedule: { sync: '30 2 * * *' },
      sources: [{ id: 'odoo', type: 'odoo', connection: {} }],
    });
    const calls: string[] = [];
    const record = (step: string) => async () => {
      calls.push(`${step}@${clock.now().toISOString()}`);
      return {};
    };
    const runner = new InProcessRunner({
      tenants: [tenant],
      store: {} as Store,
      clock,
      logger: silentLogger(),
      steps: { sync: record('sync'), evaluate: record('evaluate'), dispatch: record('dispatch') },
    });
    const windows: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      clock.set(runner.nextDueAt() as Date);
      for (const end of await runner.runDue()) if (end.step === 'sync') windows.push(end.window);
    }
    expect(windows).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(calls.slice(0, 3)).toEqual(['sync@2026-03-28T01:30:00.000Z', 'evaluate@2026-03-28T01:30:00.000Z', 'dispatch@2026-03-28T01:30:00.000Z']);
    expect(await runner.runDue()).toEqual([]); // nothing is due twice
  });
});
