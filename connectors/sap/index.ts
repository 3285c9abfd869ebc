import type { ConnectorDefinition } from '../contract';
import { sapConfigSchema, type SapConfig } from './config';
import { openSapConnection } from './open-connection';
import { sapCursorSchema, type SapCursor } from './cursor';

export type { SapConfig, SapConfigInput } from './config';
export { setDunningDataKind, type DunningWriteBack } from './write-back';
export type { SapCursor } from './cursor';

/**
 * The SAP connector. One connector id, `sap`, with a `flavour` in its connection block: `ecc-soap`
 * (ECC and S/4HANA on premise, RFC BAPIs over SOAP), `s4-odata` (S/4HANA OData APIs) and
 * `b1-service-layer` (Business One). Reads customers, receivables, payments and allocations; writes
 * dunning data back when the connection configures it.
 */
export const sapConnector: ConnectorDefinition<SapConfig, SapCursor> = {
  id: 'sap',
  label: 'SAP',
  configSchema: sapConfigSchema,
  cursorSchema: sapCursorSchema,
  // Customers first so that receivables find their customer; allocations last, after what they link.
  streams: ['customers', 'receivables', 'payments', 'allocations'],
  create: (config, context) => openSapConnection(config, context),
};
