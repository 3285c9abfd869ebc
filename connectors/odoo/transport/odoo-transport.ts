/** The wire protocols the connector speaks. */
export type OdooProtocol = 'json-rpc' | 'json-2';

/** A domain in Odoo's prefix notation: terms and the operators "&", "|", "!". */
export type OdooDomain = ReadonlyArray<string | readonly [string, string, unknown]>;

/** One ORM method call, protocol-neutral. */
export interface OdooRequest {
  model: string;
  method: string;
  /** Record ids for record methods (read, write); absent for @api.model methods (search, search_read). */
  ids?: readonly number[];
  /** Named parameters (JSON-2 sends them all by name). */
  params: Record<string, unknown>;
  /**
   * The parameter JSON-RPC sends positionally instead of by name: 16 names search()'s and
   * search_count()'s domain `args`, 17+ name it `domain`, so only a positional domain works on all.
   */
  positional?: string;
  context?: Record<string, unknown>;
}

/** A way to reach Odoo's ORM: JSON-RPC (/jsonrpc, 16–19) or JSON-2 (/json/2, 19+). */
export interface OdooTransport {
  readonly protocol: OdooProtocol;
  /** Checks the credentials once and returns the user id; an AuthError when refused. */
  authenticate(): Promise<number>;
  /** One HTTP request carrying one ORM call. */
  execute(request: OdooRequest): Promise<unknown>;
}

/** "account.move.line/read", for messages and logs. */
export function describeRequest(request: Pick<OdooRequest, 'model' | 'method'>): string {
  return `${request.model}/${request.method}`;
}
