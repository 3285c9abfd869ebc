import { ConfigError } from '../core/errors';
import type { AnyConnectorDefinition } from './contract';
import { odooConnector } from './odoo';
import { sage100Connector } from './sage100';
import { sapConnector } from './sap';

/** Every ERP connector arbridge ships, by the `type` a source names in config. Static on purpose. */
const connectors: readonly AnyConnectorDefinition[] = [odooConnector, sage100Connector, sapConnector];

export function listConnectors(): readonly AnyConnectorDefinition[] {
  return connectors;
}

/** The connector for a source type, or a ConfigError naming the types that exist. */
export function getConnector(type: string): AnyConnectorDefinition {
  const found = connectors.find((c) => c.id === type);
  if (!found) {
    throw new ConfigError('unknown_connector', `unknown source type "${type}"; expected one of: ${connectors.map((c) => c.id).join(', ')}`);
  }
  return found;
}
