/** One request the fake server answered, for tests that count or inspect calls. Never holds a secret. */
export interface FakeOdooRequest {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  httpMethod: string;
  path: string;
  transport: 'jsonrpc' | 'json2' | 'web';
  /** JSON-RPC service (`common`, `object`, `db`); absent for JSON-2 and web routes. */
  service?: string;
  /** `authenticate`, `version`, or the ORM method (`search_read`, `read`...) of an object / JSON-2 call. */
  method?: string;
  model?: string;
  /** Arguments in short, without credentials: "domain=[...] fields=12 offset=0 limit=500 order=..." */
  summary: string;
  /** HTTP status of the answer. */
  status: number;
  /** Odoo exception name when the answer carried an error (in HTTP 200 for JSON-RPC). */
  error?: string;
  /** Set when the answer came from failure injection rather than the ORM. */
  injected?: 'http' | 'odoo-error';
}

const maxSummary = 300;

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Summarizes ORM call arguments (positional or named); the caller never passes credentials in. */
export function summarizeCall(args: readonly unknown[], kwargs: Record<string, unknown>): string {
  const parts: string[] = [];
  args.forEach((arg, i) => parts.push(`arg${i}=${short(arg)}`));
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'fields' && Array.isArray(value)) parts.push(`fields=${value.length}`);
    else if (key === 'ids' && Array.isArray(value)) parts.push(`ids=${value.length}`);
    else parts.push(`${key}=${short(value)}`);
  }
  const text = parts.join(' ');
  return text.length > maxSummary ? `${text.slice(0, maxSummary - 3)}...` : text;
}
