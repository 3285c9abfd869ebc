import type { FakeOdooCompany } from './demo-company';
import type { FailureInjector } from './failure-injection';
import type { FakeOrm } from './orm';
import type { OdooVersion } from './odoo-version';

/** What the endpoints share: the database behind the ORM, the credentials, the failure script. */
export interface ServerState {
  version: OdooVersion;
  database: string;
  login: string;
  apiKey: string;
  /** A password also accepted over JSON-RPC (never over JSON-2); none when undefined. */
  password: string | undefined;
  uid: number;
  orm: FakeOrm;
  company: FakeOdooCompany;
  failures: FailureInjector;
}

/** The uid the credentials belong to, or null: an API key or the password of the API user. */
export function checkCredentials(state: ServerState, uid: unknown, secret: unknown): number | null {
  const id = typeof uid === 'string' && /^\d+$/.test(uid) ? Number(uid) : uid;
  if (id !== state.uid || typeof secret !== 'string') return null;
  const user = state.company.db.table('res.users').get(state.uid);
  if (!user?.active) return null;
  return secret === state.apiKey || (state.password !== undefined && secret === state.password) ? state.uid : null;
}

/** The uid of a login and secret, as `common.authenticate` checks them. */
export function authenticate(state: ServerState, login: unknown, secret: unknown): number | null {
  if (login !== state.login) return null;
  return checkCredentials(state, state.uid, secret);
}
