import type { ConnectorDefinition } from '../contract';
import { odooConfigSchema, type OdooConfig } from './config';
import { OdooConnection } from './connection';
import { odooCursorSchema, type OdooCursor } from './cursor';

export type { OdooConfig } from './config';
export type { OdooCursor } from './cursor';

/** The Odoo connector (16.0 to 19.0): reads customers, receivables, payments and allocations; writes dispatch's notes and call activities back. */
export const odooConnector: ConnectorDefinition<OdooConfig, OdooCursor> = {
  id: 'odoo',
  label: 'Odoo',
  configSchema: odooConfigSchema,
  cursorSchema: odooCursorSchema,
  // Customers first so that receivables find their customer; allocations last, after what they link.
  streams: ['customers', 'receivables', 'payments', 'allocations'],
  create: (config, context) => new OdooConnection(config, context),
};
