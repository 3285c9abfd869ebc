import type { ConnectorDefinition } from '../contract';
import { sapConfigSchema, type SapConfig } from './config';
import { SapConnection } from './connection';
import { sapCursorSchema, type SapCursor } from './cursor';

export type { SapConfig, SapConfigInput } from './config';
export type { SapCursor } from './cursor';

/**
 * The SAP connector. One connector id, `sap`, with a `flavour` in its connection block; today the
 * `ecc-soap` flavour (ECC and S/4HANA on premise, RFC BAPIs over SOAP). Reads customers,
 * receivables, payments and allocations; read-only.
 */
export const sapConnector: ConnectorDefinition<SapConfig, SapCursor> = {
  id: 'sap',
  label: 'SAP',
  configSchema: sapConfigSchema,
  cursorSchema: sapCursorSchema,
  // Customers first so that receivables find their customer; allocations last, after what they link.
  streams: ['customers', 'receivables', 'payments', 'allocations'],
  create: (config, context) => new SapConnection(config, context),
};
