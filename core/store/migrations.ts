import { ConfigError } from '../errors';
import type { SqlClient } from './sql-client';

/** One schema step. Released migrations never change: a new step is appended instead. */
export interface Migration {
  /** 1, 2, 3, ... in order; recorded in schema_migrations once applied. */
  version: number;
  /** What the step does, for people reading schema_migrations. */
  name: string;
  /** Single statements, run in order inside one transaction. */
  statements: readonly string[];
}

/*
 * Schema conventions, shared by every table:
 * - tenant_id leads every primary key and index (invariant 4);
 * - key columns are COLLATE "C": byte order, identical on PGlite and on any server locale, so keyset
 *   pagination returns the same order everywhere (and compares faster);
 * - synced records keep typed columns for what queries filter and sum on (amounts as bigint minor units,
 *   dates as date) plus `data`, the full validated record, which is what reads parse back;
 * - no CHECK on enum values: records are validated by the zod model before they get here, and a new
 *   model value must not start failing whole pages before a migration catches up.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'synced records, sync states, quarantine, plan assignments, actions',
    statements: [
      `CREATE TABLE customers (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        source_updated_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        name text NOT NULL,
        dunning_blocked boolean NOT NULL,
        active boolean NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (tenant_id, source_id, external_id)
      )`,
      `CREATE TABLE receivables (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        source_updated_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        customer_external_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        currency text NOT NULL,
        amount bigint NOT NULL,
        open_amount bigint NOT NULL,
        company_currency text NOT NULL,
        amount_company bigint NOT NULL,
        open_amount_company bigint NOT NULL,
        status text NOT NULL,
        disputed boolean NOT NULL,
        dunning_blocked boolean NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (tenant_id, source_id, external_id)
      )`,
      `CREATE INDEX receivables_by_customer ON receivables (tenant_id, customer_external_id, source_id)`,
      `CREATE INDEX receivables_open_by_due_date ON receivables (tenant_id, due_date) WHERE open_amount <> 0`,
      `CREATE TABLE payments (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        source_updated_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        customer_external_id text COLLATE "C" NOT NULL,
        received_on date NOT NULL,
        currency text NOT NULL,
        amount bigint NOT NULL,
        company_currency text NOT NULL,
        amount_company bigint NOT NULL,
        status text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (tenant_id, source_id, external_id)
      )`,
      `CREATE INDEX payments_by_customer ON payments (tenant_id, customer_external_id, source_id)`,
      `CREATE TABLE allocations (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        source_updated_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        receivable_external_id text COLLATE "C" NOT NULL,
        applied_from text NOT NULL,
        applied_from_external_id text COLLATE "C",
        allocated_on date NOT NULL,
        company_currency text NOT NULL,
        amount_company bigint NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (tenant_id, source_id, external_id)
      )`,
      `CREATE INDEX allocations_by_receivable ON allocations (tenant_id, receivable_external_id, source_id)`,
      `CREATE TABLE sync_states (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        stream text COLLATE "C" NOT NULL,
        cursor jsonb,
        last_success_at timestamptz,
        updated_at timestamptz NOT NULL,
        record_count bigint NOT NULL DEFAULT 0,
        quarantined_count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, source_id, stream)
      )`,
      `CREATE TABLE quarantine (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        stream text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        reason text NOT NULL,
        raw jsonb,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, source_id, stream, external_id)
      )`,
      `CREATE TABLE plan_assignments (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        customer_external_id text COLLATE "C" NOT NULL,
        plan_id text NOT NULL,
        rule_id text,
        inputs jsonb NOT NULL,
        since timestamptz NOT NULL,
        evaluated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, source_id, customer_external_id)
      )`,
      `CREATE TABLE actions (
        tenant_id text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        customer_external_id text COLLATE "C" NOT NULL,
        receivable_external_ids jsonb NOT NULL,
        plan_id text NOT NULL,
        step_id text NOT NULL,
        cycle text NOT NULL,
        channel text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        provider_reference text,
        reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE INDEX actions_by_status_due ON actions (tenant_id, status, due_at)`,
      `CREATE INDEX actions_by_customer ON actions (tenant_id, source_id, customer_external_id)`,
    ],
  },
  {
    version: 2,
    name: 'outbox: send timestamps of actions, channel opt-outs (SMS STOP)',
    statements: [
      `ALTER TABLE actions ADD COLUMN dispatching_at timestamptz`,
      `ALTER TABLE actions ADD COLUMN finished_at timestamptz`,
      // Rate limits count what a channel sent in the last hour.
      `CREATE INDEX actions_sent_by_channel ON actions (tenant_id, channel, finished_at) WHERE status = 'sent'`,
      `CREATE TABLE opt_outs (
        tenant_id text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        address text COLLATE "C" NOT NULL,
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, channel, address)
      )`,
    ],
  },
  {
    version: 3,
    name: 'outbox read page by page: the due-order index carries the id',
    statements: [
      // Dispatch reads `planned` actions after the last one seen, (due_at, id) > (...): with the id in the
      // index that is one range scan per page, where the old index scanned every remaining action of a due time.
      `CREATE INDEX actions_by_status_due_id ON actions (tenant_id, status, due_at, id)`,
      `DROP INDEX actions_by_status_due`,
    ],
  },
  {
    version: 4,
    name: 'deletions sweep: records the ERP no longer has are marked deleted_at; each stream remembers its last sweep',
    statements: [
      // A mark, not a DELETE: a record that comes back in a later pull or sweep is live again, and
      // what was dunned on it stays explainable.
      `ALTER TABLE customers ADD COLUMN deleted_at timestamptz`,
      `ALTER TABLE receivables ADD COLUMN deleted_at timestamptz`,
      `ALTER TABLE payments ADD COLUMN deleted_at timestamptz`,
      `ALTER TABLE allocations ADD COLUMN deleted_at timestamptz`,
      `ALTER TABLE sync_states ADD COLUMN swept_at timestamptz`,
    ],
  },
  {
    version: 5,
    name: 'deletions sweep: the listed keys are staged in a table of their own, by short statements outside any transaction',
    statements: [
      // A sweep's rows live from its listing to its end (sweep_id tells apart two sweeps of one stream);
      // a crashed sweep's rows are cleared by the next sweep of the stream. Unlogged: nothing here has to
      // survive a server crash, and millions of staged keys then write no WAL.
      `CREATE UNLOGGED TABLE sweep_staged_keys (
        tenant_id text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        stream text COLLATE "C" NOT NULL,
        sweep_id text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant_id, source_id, stream, sweep_id, external_id)
      )`,
    ],
  },
];

/**
 * Applies the migrations not yet recorded, each in its own transaction, and returns the versions it
 * applied. Safe to run on every start and from several processes at once: each transaction first takes
 * a transaction-scoped advisory lock, so concurrent migrators queue and the later ones find the step
 * recorded.
 */
export async function runMigrations(client: SqlClient, steps: readonly Migration[] = migrations): Promise<number[]> {
  const applied: number[] = [];
  if (steps.length === 0) return applied;
  for (const step of steps) {
    const ran = await client.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('arbridge.schema_migrations'))`);
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [step.version]);
      if (done.length > 0) return false;
      for (const statement of step.statements) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [step.version, step.name]);
      return true;
    });
    if (ran) applied.push(step.version);
  }
  const [latest] = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM schema_migrations`);
  const known = steps.at(-1)?.version ?? 0;
  if (latest?.version != null && latest.version > known) {
    throw new ConfigError(
      'schema_too_new',
      `the database schema is at version ${latest.version}, newer than this arbridge knows (${known}): upgrade arbridge`,
    );
  }
  return applied;
}
