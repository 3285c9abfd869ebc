import type { Logger } from '../../core/logging/logger';
import type { Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import type { AnyConnectorDefinition } from '../../connectors/contract';
import type { SyncReport } from '../pipeline/sync-report';

/** What the steps of a tenant's run need, whether a queue worker or the in-process runner drives them. */
export interface StepContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Aborted on SIGTERM: a sync stops after the page being stored. */
  signal?: AbortSignal;
  /** Hours between two deletions sweeps of a stream, run by the sync step after a successful pull; 0 or absent: never. */
  sweepEveryHours?: number;
  /** Resolves a source type to its connector; the static registry by default (tests may inject). */
  resolveConnector?: (type: string) => AnyConnectorDefinition;
  /** Told each sync run's report as the sync step gets it, failed or interrupted runs included (the process's metrics). */
  onSyncReport?: (report: SyncReport) => void;
}
