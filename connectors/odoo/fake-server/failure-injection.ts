/** Which requests a failure rule applies to; all when empty. */
export interface FailureMatch {
  /** Only calls on this model. */
  model?: string;
  /** Only this ORM or service method (`search_read`, `authenticate`...). */
  method?: string;
}

export interface HttpFailureOptions {
  /** How many matching requests fail; default 1. */
  count?: number;
  /** The HTTP status returned instead of an answer (a proxy or load balancer refusing). */
  status: 502 | 503 | 504 | 429 | 500;
  /** Sets a `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  match?: FailureMatch;
}

export interface OdooErrorFailureOptions {
  /** How many matching ORM calls fail; default 1. */
  count?: number;
  /** Odoo exception name, e.g. `psycopg2.errors.SerializationFailure`, `odoo.exceptions.AccessError`. */
  name: string;
  /** Exception message; a realistic default exists for the usual names. */
  message?: string;
  match?: FailureMatch;
}

export interface DelayOptions {
  /** How many matching requests are delayed; default 1. */
  count?: number;
  /** Delay before answering, in real milliseconds (for client timeout tests). */
  ms: number;
  match?: FailureMatch;
}

interface Rule<T> {
  remaining: number;
  match: FailureMatch | undefined;
  value: T;
}

/** What a request looks like to the matcher. */
export interface RequestShape {
  model?: string;
  method?: string;
  /** True for ORM calls (execute_kw / JSON-2), which are the only ones Odoo errors apply to. */
  orm: boolean;
}

const defaultMessages: Record<string, string> = {
  'psycopg2.errors.SerializationFailure': 'could not serialize access due to concurrent update\n',
  'psycopg2.errors.LockNotAvailable': 'could not obtain lock on row in relation "account_move"\n',
  'odoo.exceptions.AccessError': "You are not allowed to access 'Journal Entry' (account.move) records.",
  'odoo.exceptions.AccessDenied': 'Access Denied',
  'odoo.exceptions.UserError': 'The operation cannot be completed.',
  'odoo.exceptions.MissingError': 'Record does not exist or has been deleted.',
  'odoo.exceptions.LockError': 'Cannot obtain lock on the record.',
};

/**
 * Scripted failures for the next N requests: HTTP-level refusals (a proxy's 502/503, a 429 with
 * Retry-After), Odoo exceptions inside a normal answer, and slow answers. Rules are consumed in the
 * order they were added.
 */
export class FailureInjector {
  private http: Rule<HttpFailureOptions>[] = [];
  private odoo: Rule<{ name: string; message: string }>[] = [];
  private delays: Rule<number>[] = [];

  failNext(options: HttpFailureOptions): void {
    this.http.push({ remaining: options.count ?? 1, match: options.match, value: options });
  }

  failNextWithOdooError(options: OdooErrorFailureOptions): void {
    const message = options.message ?? defaultMessages[options.name] ?? `${options.name.split('.').pop() ?? 'Error'}`;
    this.odoo.push({ remaining: options.count ?? 1, match: options.match, value: { name: options.name, message } });
  }

  delayNext(options: DelayOptions): void {
    this.delays.push({ remaining: options.count ?? 1, match: options.match, value: options.ms });
  }

  /** Drops every pending rule. */
  clear(): void {
    this.http = [];
    this.odoo = [];
    this.delays = [];
  }

  takeHttpFailure(shape: RequestShape): HttpFailureOptions | undefined {
    return take(this.http, shape);
  }

  takeOdooError(shape: RequestShape): { name: string; message: string } | undefined {
    if (!shape.orm) return undefined;
    return take(this.odoo, shape);
  }

  takeDelay(shape: RequestShape): number | undefined {
    return take(this.delays, shape);
  }

  /** Rules not yet used up, for tests that check everything was consumed. */
  get pending(): number {
    return [...this.http, ...this.odoo, ...this.delays].reduce((n, r) => n + r.remaining, 0);
  }
}

function take<T>(rules: Rule<T>[], shape: RequestShape): T | undefined {
  const index = rules.findIndex(
    (r) => r.remaining > 0 && (!r.match?.model || r.match.model === shape.model) && (!r.match?.method || r.match.method === shape.method),
  );
  if (index < 0) return undefined;
  const rule = rules[index] as Rule<T>;
  rule.remaining--;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule.value;
}
