/** Raw HTTP helpers for the fake server's own tests: no connector code, just fetch. */

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A JSON-RPC call to /jsonrpc; returns the whole envelope. */
export async function jsonRpc(url: string, service: string, method: string, args: unknown[], id = 1): Promise<{ status: number; envelope: Record<string, unknown> }> {
  const response = await post(`${url}/jsonrpc`, { jsonrpc: '2.0', method: 'call', id, params: { service, method, args } });
  return { status: response.status, envelope: response.json as Record<string, unknown> };
}

/** A connection to one fake: execute_kw with the right credentials, returning `result` or throwing the error object. */
export function objectCaller(odoo: { url: string; db: string; uid: number; apiKey: string }) {
  return async function call<T = unknown>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<T> {
    const { envelope } = await jsonRpc(odoo.url, 'object', 'execute_kw', [odoo.db, odoo.uid, odoo.apiKey, model, method, args, kwargs]);
    if ('error' in envelope) throw Object.assign(new Error('odoo error'), { odoo: envelope['error'] });
    return envelope['result'] as T;
  };
}

/** The `error` member of a failed call. */
export async function odooError(promise: Promise<unknown>): Promise<{ code: number; message: string; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const odoo = (error as { odoo?: unknown }).odoo;
    if (odoo) return odoo as { code: number; message: string; data: Record<string, unknown> };
    throw error;
  }
  throw new Error('expected an Odoo error');
}
