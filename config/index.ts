/** The configuration: schemas of the firm and tenant files, and the loader that reads and checks them. */
export { loadConfig, loadTenantFile, formatPath } from './load-config';
export type { LoadConfigOptions, LoadedConfig, SourceConnectorSchema, SourceValidation, SourceValidationContext } from './load-config';
export { ConfigValidationError, formatProblem } from './config-validation-error';
export type { ConfigProblem } from './config-validation-error';
export { firmConfigSchema, firmDefaultsSchema } from './firm-config';
export type { FirmConfig, FirmDefaults } from './firm-config';
export { tenantConfigSchema, sourceConfigSchema, scheduleSchema } from './tenant-config';
export type { TenantConfig, SourceConfig } from './tenant-config';
