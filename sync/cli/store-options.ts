import type { GlobalOptions } from './cli-context';

/** Where the store lives: PostgreSQL when DATABASE_URL is set, the embedded store otherwise. */
export function storeOptionsFrom(options: Pick<GlobalOptions, 'dataDir'>, env: NodeJS.ProcessEnv): { databaseUrl?: string; dataDir: string } {
  const databaseUrl = env.DATABASE_URL?.trim();
  return databaseUrl ? { databaseUrl, dataDir: options.dataDir } : { dataDir: options.dataDir };
}
