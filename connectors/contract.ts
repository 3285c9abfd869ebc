import type { z } from 'zod';
import type { Clock } from '../core/time/clock';
import type { Logger } from '../core/logging/logger';
import type { StreamName } from '../core/model';
import type { SweepScope } from '../core/store/store';

/**
 * What a mapper makes of one raw ERP row: a candidate record (validated by the pipeline against the
 * model's zod schema) or a rejection with its reason. Candidates carry no tenantId/sourceId: the
 * pipeline stamps them, so a connector cannot write into another tenant.
 */
export type MappedRow =
  | { ok: true; record: Record<string, unknown> }
  | { ok: false; externalId: string | null; reason: string; raw: unknown };

/** One page of a stream and the cursor that resumes after it. */
export interface Page<TCursor> {
  rows: MappedRow[];
  /** Saved with the page, in the same transaction. */
  cursor: TCursor;
}

/** What the pipeline gives a connector instance. */
export interface ConnectorContext {
  tenantId: string;
  sourceId: string;
  /** The tenant's IANA time zone: ERP dates without a zone are read in it. */
  timeZone: string;
  /** The tenant's company currency, for ERPs that leave it implicit. */
  currency: string;
  clock: Clock;
  logger: Logger;
  /** Aborts long pulls (SIGTERM); a connector stops at the next page boundary. */
  signal?: AbortSignal;
}

/** One line of `arbridge check` for a source. */
export interface ConnectionCheck {
  ok: boolean;
  /** What was tried and what came back, in plain words, no secret. */
  details: string[];
}

/** A write-back to the ERP, idempotent by `actionId`. Filled in by the dispatch issue. */
export interface PushRequest {
  actionId: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** A running connection to one ERP source. */
export interface ConnectorInstance<TCursor> {
  /** Pulls one stream from `cursor` (null: from the beginning), page by page. */
  pull(stream: StreamName, cursor: TCursor | null): AsyncIterable<Page<TCursor>>;
  /** Connects, authenticates and reads a little; never throws, reports. */
  testConnection(): Promise<ConnectionCheck>;
  /** Sends a write-back to the ERP. Absent when the connector is read-only. */
  push?(request: PushRequest): Promise<{ providerReference: string | null }>;
  /** Re-reads receivables by external id just before a customer message goes out (invariant 1); absent when the ERP cannot. */
  readReceivables?(externalIds: readonly string[]): Promise<MappedRow[]>;
  /** Pages of the external ids the ERP still holds for a stream, for a deletions sweep; absent when it cannot list them. */
  liveKeys?(stream: StreamName): AsyncIterable<string[]>;
  /** How far `liveKeys(stream)` reaches when it does not list every record the ERP holds (see SweepScope); absent or null: everything. */
  sweepScope?(stream: StreamName): SweepScope | null;
  close(): Promise<void>;
}

/** A connector definition: registered statically, chosen by the source's `type` in config. */
export interface ConnectorDefinition<TConfig, TCursor> {
  /** The `type` a source names in config (`odoo`, `sage100`, `sap`). */
  id: string;
  /** Human name for messages. */
  label: string;
  /** Validates the source's `connection` block, secrets already resolved. */
  configSchema: z.ZodType<TConfig>;
  /** Validates a stored cursor before it is handed back to `pull`. */
  cursorSchema: z.ZodType<TCursor>;
  /** Streams this connector offers, in the order a sync should pull them. */
  streams: readonly StreamName[];
  create(config: TConfig, context: ConnectorContext): ConnectorInstance<TCursor>;
}

/** A definition with its type parameters erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnectorDefinition = ConnectorDefinition<any, any>;
