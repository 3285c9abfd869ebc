import type { StreamName } from '../../core/model';
import type { AnyConnectorDefinition, ConnectorInstance } from '../../connectors/contract';
import type { SyncReport } from '../../sync/pipeline/sync-report';

/** What a connector handed the pipeline, by stream and external id: compared against golden files. */
export type Landed = Record<StreamName, Record<string, Record<string, unknown>>>;

/** The definition as the pipeline resolves it, recording every mapped record it yields into `landed`. */
export function recordingConnector(definition: AnyConnectorDefinition, landed: Landed): (type: string) => AnyConnectorDefinition {
  return () => ({
    ...definition,
    create: (config, context) => {
      const instance = definition.create(config, context);
      return {
        ...instance,
        testConnection: () => instance.testConnection(),
        close: () => instance.close(),
        async *pull(stream, cursor) {
          for await (const page of instance.pull(stream, cursor)) {
            for (const row of page.rows) if (row.ok) landed[stream][row.record.externalId as string] = row.record;
            yield page;
          }
        },
      };
    },
  });
}

/** Records written (inserted or changed) per stream by one sync. */
export function writtenByStream(report: SyncReport): Record<StreamName, number> {
  const out = { customers: 0, receivables: 0, payments: 0, allocations: 0 };
  for (const s of report.streams) out[s.stream] += s.written;
  return out;
}

/** `landed` with each stream's records in key order, so a golden file compares byte for byte. */
export function sortedLanded(landed: Landed): Landed {
  const out = {} as Landed;
  for (const stream of Object.keys(landed) as StreamName[]) out[stream] = Object.fromEntries(Object.entries(landed[stream]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return out;
}

/** Every key `instance` lists for `stream`, sorted; `onPage` sees each page as it comes. */
export async function listedKeys(instance: ConnectorInstance<unknown>, stream: StreamName, onPage: (page: string[]) => void = () => undefined): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of instance.liveKeys!(stream)) {
    onPage(page);
    keys.push(...page);
  }
  return keys.sort();
}
