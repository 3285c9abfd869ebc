import { Client } from 'pg';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { sageSchemaDdl } from './sage-schema';
import { seedCompany, writeCompany } from './seed-company';

/** A seeded Sage-shaped company in its own PostgreSQL database, read through ODBC, and a PostgreSQL store beside it. */
export interface SeededSageCompany {
  /** The Sage-shaped database, for the test's own changes. */
  sageClient: Client;
  /** Its ODBC connection string (psqlODBC). */
  odbcConnectionString: string;
  store: Store;
  /** Tenant `garage`, Europe/Paris, EUR, one `sage100` source `sage` on the company BIJOU. */
  tenant: TenantConfig;
  /** Closes the store and the client and drops both databases. */
  close(): Promise<void>;
}

/**
 * Creates the two scratch databases (named from `prefix`), writes the company of `seed`, and opens the
 * store. `connection` adds settings to the source's connection block (pages of 7 rows by default).
 */
export async function openSeededSageCompany(prefix: string, seed: number, connection: Record<string, unknown> = {}): Promise<SeededSageCompany> {
  const sage: ScratchDatabase = await createScratchDatabase(prefix);
  const storeDb: ScratchDatabase = await createScratchDatabase(`${prefix}_store`);
  const sageClient = new Client({ connectionString: sage.url });
  await sageClient.connect();
  await sageClient.query(sageSchemaDdl);
  await writeCompany(sageClient, seedCompany({ seed, fillerCustomers: 12 }));
  const store = await openStore({ databaseUrl: storeDb.url });
  const tenant = tenantConfigSchema.parse({
    id: 'garage',
    name: 'Garage',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    sources: [
      {
        id: 'sage',
        type: 'sage100',
        connection: { driver: 'odbc', connectionString: sage.odbcConnectionString, user: 'postgres', companyId: 'BIJOU', pageSize: 7, retryBaseDelayMs: 1, ...connection },
      },
    ],
  });
  return {
    sageClient,
    odbcConnectionString: sage.odbcConnectionString,
    store,
    tenant,
    close: async () => {
      await store.close();
      await sageClient.end();
      await sage.drop();
      await storeDb.drop();
    },
  };
}
