import type { ConnectorContext, ConnectorInstance } from '../contract';
import { B1Connection } from './b1/b1-connection';
import type { SapConfig } from './config';
import { SapSnapshotConnection } from './connection';
import { sapB1CursorSchema, sapSnapshotCursorSchema, type SapB1Cursor, type SapCursor } from './cursor';
import { S4LedgerReader } from './odata/s4-ledger-reader';
import { EccLedgerReader } from './soap/ecc-ledger-reader';

/**
 * The connection of the configured flavour. A cursor another flavour wrote (the source's flavour
 * changed) does not fit: the stream starts over, which the store's idempotent upserts allow.
 */
export function openSapConnection(config: SapConfig, context: ConnectorContext): ConnectorInstance<SapCursor> {
  if (config.flavour === 'b1-service-layer') return narrowed(new B1Connection(config, context), (c) => (sapB1CursorSchema.safeParse(c).success ? (c as SapB1Cursor) : null));
  const reader = config.flavour === 's4-odata' ? new S4LedgerReader(config, context) : new EccLedgerReader(config, context);
  // S/4 reads a page's customers in one query and holds one page: calls in order, one at a time.
  const settings = config.flavour === 's4-odata' ? { ...config, concurrency: 1 } : config;
  return narrowed(new SapSnapshotConnection(settings, reader, context), (c) => {
    const parsed = sapSnapshotCursorSchema.safeParse(c);
    return parsed.success ? parsed.data : null;
  });
}

function narrowed<C extends SapCursor>(instance: ConnectorInstance<C>, fitCursor: (cursor: SapCursor) => C | null): ConnectorInstance<SapCursor> {
  return {
    pull: (stream, cursor) => instance.pull(stream, cursor === null ? null : fitCursor(cursor)),
    testConnection: () => instance.testConnection(),
    ...(instance.push ? { push: instance.push.bind(instance) } : {}),
    ...(instance.liveKeys ? { liveKeys: instance.liveKeys.bind(instance) } : {}),
    ...(instance.sweepScope ? { sweepScope: instance.sweepScope.bind(instance) } : {}),
    close: () => instance.close(),
  };
}
