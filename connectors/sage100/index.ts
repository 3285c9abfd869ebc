import type { ConnectorDefinition } from '../contract';
import { sage100ConfigSchema, type Sage100Config } from './config';
import { Sage100Connection } from './connection';
import { sage100CursorSchema, type Sage100Cursor } from './cursor';

export type { Sage100Config, Sage100ConfigInput } from './config';
export type { Sage100Cursor } from './cursor';

/** The Sage 100 connector (France: i7 to 100c and later, SQL Server through mssql or any ODBC source). */
export const sage100Connector: ConnectorDefinition<Sage100Config, Sage100Cursor> = {
  id: 'sage100',
  label: 'Sage 100',
  configSchema: sage100ConfigSchema,
  cursorSchema: sage100CursorSchema,
  // Customers first so that receivables find their customer; allocations last, after what they link.
  streams: ['customers', 'receivables', 'payments', 'allocations'],
  create: (config, context) => new Sage100Connection(config, context),
};
