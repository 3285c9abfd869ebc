/** The Odoo major versions the fake server can play. */
export type OdooVersion = 16 | 17 | 18 | 19;

export const odooVersions: readonly OdooVersion[] = [16, 17, 18, 19];

/** What `common.version` and `/web/webclient/version_info` answer. */
export function versionInfo(version: OdooVersion): {
  server_version: string;
  server_version_info: [number, number, number, string, number, string];
  server_serie: string;
  protocol_version: number;
} {
  return {
    server_version: `${version}.0`,
    server_version_info: [version, 0, 0, 'final', 0, ''],
    server_serie: `${version}.0`,
    protocol_version: 1,
  };
}
