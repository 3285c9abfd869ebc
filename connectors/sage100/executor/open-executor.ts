import type { Sage100Config } from '../config';
import { MssqlExecutor } from './mssql-executor';
import { OdbcExecutor } from './odbc-executor';
import type { SqlExecutor } from './sql-executor';

/** The executor the source's `driver` names. */
export function openExecutor(config: Sage100Config): SqlExecutor {
  return config.driver === 'mssql' ? new MssqlExecutor(config) : new OdbcExecutor(config);
}
