import { isRetryable } from '../../core/errors';
import { withContext } from '../../core/logging/logger';
import { redactText } from '../../core/logging/secret-redaction';
import type { TenantConfig } from '../../config/tenant-config';
import { jobSteps, tenantJobId } from '../queue/job-ids';
import { nextFireTime } from '../scheduler/next-fire-time';
import type { JobEnd } from './queue-worker';
import type { StepContext } from './step-context';
import { tenantSteps } from './tenant-steps';

/** What the in-process runner runs with. */
export interface InProcessRunnerOptions extends StepContext {
  tenants: readonly TenantConfig[];
  /** Attempts of a step failing with a transient error, the first included (as the queue does). */
  attempts?: number;
  /** First retry delay; each next one doubles it. */
  backoffMs?: number;
  /** Told about each step that ends. */
  onJobEnd?: (event: JobEnd) => void;
  /** The step handlers; the queue workers' own by default (tests count calls instead of syncing). */
  steps?: typeof tenantSteps;
  /** Waits `ms` or until the signal aborts; real timers by default (tests drive `runDue` instead). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * `arbridge run`, the embedded default without Redis: the same step handlers as the queue workers, in
 * this process, on a timer. Each tenant's next fire time comes from its cron in its own zone; due
 * tenants run one after another, each sync → evaluate → dispatch, so a tenant never overlaps itself.
 */
export class InProcessRunner {
  private readonly next = new Map<string, Date>();

  constructor(private readonly options: InProcessRunnerOptions) {
    const now = options.clock.now();
    for (const tenant of options.tenants) this.next.set(tenant.id, nextFireTime(tenant.schedule.sync, tenant.timeZone, now));
  }

  /** Each tenant's next fire time, for `run`'s first lines and for tests. */
  schedule(): Array<{ tenantId: string; at: Date }> {
    return [...this.next].map(([tenantId, at]) => ({ tenantId, at }));
  }

  /** The earliest next fire time over all tenants, or null without tenants. */
  nextDueAt(): Date | null {
    let first: Date | null = null;
    for (const at of this.next.values()) if (!first || at < first) first = at;
    return first;
  }

  /** Runs every tenant whose fire time has come (by the clock) and moves each to its next fire time. */
  async runDue(): Promise<JobEnd[]> {
    const ends: JobEnd[] = [];
    const now = this.options.clock.now();
    for (const tenant of this.options.tenants) {
      const due = this.next.get(tenant.id);
      if (!due || due > now || this.options.signal?.aborted) continue;
      this.next.set(tenant.id, nextFireTime(tenant.schedule.sync, tenant.timeZone, now));
      ends.push(...(await this.runTenant(tenant, due.toISOString())));
    }
    return ends;
  }

  /** Runs every tenant now, whatever its schedule, in the window of this instant (`arbridge run --once`). */
  async runAllNow(): Promise<JobEnd[]> {
    const window = this.options.clock.now().toISOString();
    const ends: JobEnd[] = [];
    for (const tenant of this.options.tenants) {
      if (this.options.signal?.aborted) break;
      ends.push(...(await this.runTenant(tenant, window)));
    }
    return ends;
  }

  /** Runs until the signal aborts: sleeps to the next fire time, runs what is due. */
  async run(): Promise<void> {
    const sleep = this.options.sleep ?? abortableSleep;
    while (!this.options.signal?.aborted) {
      const due = this.nextDueAt();
      if (!due) return;
      // Capped so that a far fire time fits a timer and a clock change is noticed within the hour.
      await sleep(Math.min(3_600_000, Math.max(0, due.getTime() - this.options.clock.now().getTime())), this.options.signal);
      await this.runDue();
    }
  }

  private async runTenant(tenant: TenantConfig, window: string): Promise<JobEnd[]> {
    const ends: JobEnd[] = [];
    for (const step of jobSteps) {
      const jobId = tenantJobId(step, tenant.id, window);
      const log = withContext(this.options.logger, { tenantId: tenant.id, runId: jobId });
      const attempts = this.options.attempts ?? 3;
      let end: JobEnd | null = null;
      for (let attempt = 1; !end; attempt += 1) {
        try {
          const result = await (this.options.steps ?? tenantSteps)[step]({ ...this.options, logger: log }, tenant, jobId);
          end = { step, tenantId: tenant.id, window, jobId, outcome: 'done', result };
        } catch (error) {
          const reason = redactText(error instanceof Error ? error.message : String(error));
          const retrying = isRetryable(error) && attempt < attempts && !this.options.signal?.aborted;
          log.warn(retrying ? 'step failed; retried with backoff' : 'step failed; the next tick tries again', { step, reason });
          this.options.onJobEnd?.({ step, tenantId: tenant.id, window, jobId, outcome: retrying ? 'retrying' : 'failed', reason });
          if (!retrying) {
            ends.push({ step, tenantId: tenant.id, window, jobId, outcome: 'failed', reason });
            return ends;
          }
          await (this.options.sleep ?? abortableSleep)((this.options.backoffMs ?? 5_000) * 2 ** (attempt - 1), this.options.signal);
        }
      }
      this.options.onJobEnd?.(end);
      ends.push(end);
    }
    return ends;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
