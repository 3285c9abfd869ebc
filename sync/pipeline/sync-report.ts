import type { StreamName } from '../../core/model';

/** What one stream of one source did in a run. */
export interface StreamReport {
  sourceId: string;
  stream: StreamName;
  pages: number;
  written: number;
  unchanged: number;
  quarantined: number;
  durationMs: number;
}

/** A source that could not be synced, and why (the run goes on with the other sources). */
export interface SourceFailure {
  sourceId: string;
  stream: StreamName | null;
  code: string;
  reason: string;
  message: string;
}

/** The outcome of syncing one tenant. */
export interface SyncReport {
  tenantId: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  streams: StreamReport[];
  failures: SourceFailure[];
  /** True when a stop signal ended the run early, after the current page was committed. */
  interrupted: boolean;
}

export function totals(report: SyncReport): { written: number; unchanged: number; quarantined: number } {
  return report.streams.reduce(
    (acc, s) => ({ written: acc.written + s.written, unchanged: acc.unchanged + s.unchanged, quarantined: acc.quarantined + s.quarantined }),
    { written: 0, unchanged: 0, quarantined: 0 },
  );
}
