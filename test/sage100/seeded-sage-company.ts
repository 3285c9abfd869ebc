import { join } from 'node:path';
import { Client } from 'pg';
import type { AnyStreamRecord, StreamName } from '../../core/model';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { sageSchemaDdl } from './sage-schema';
import { seedCompany, writeCompany } from './seed-company';

/** The golden file of the normalized records of the company of seed 3 (rewritten by sage-sync's test with UPDATE_GOLDEN=1). */
export const seededCompanyGoldenPath = join(__dirname, 'golden', 'seeded-company.json');

/** What the store holds for tenant `garage`, stream by stream in external-id order: the golden file's shape. */
export async function storedCompany(store: Store): Promise<Record<StreamName, AnyStreamRecord[]>> {
  const snapshot = { customers: [], receivables: [], payments: [], allocations: [] } as Record<StreamName, AnyStreamRecord[]>;
  for (const stream of Object.keys(snapshot) as StreamName[]) {
    for await (const record of store.iterateRecords('garage', stream)) snapshot[stream].push(record);
    snapshot[stream].sort((a, b) => a.externalId.localeCompare(b.externalId, 'en', { numeric: true }));
  }
  return snapshot;
}

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
