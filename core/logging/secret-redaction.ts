/**
 * Keeps secrets out of logs and error text (invariant 6). Two nets: values registered when a secret is
 * resolved from `env:` or `file:` are masked wherever they appear, and fields whose name says
 * "secret" are masked whatever they hold.
 */
const registered = new Set<string>();
const mask = '[redacted]';
const secretKeyPattern = /(pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key)/i;

/** Remembers a resolved secret so that any later text containing it is masked. */
export function registerSecret(value: string): void {
  // Very short values would mask ordinary words; configs are validated to refuse such secrets.
  if (value.length >= 4) registered.add(value);
}

/** Masks every registered secret inside a string. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(mask);
  }
  return out;
}

/** Whether a field name looks like it holds a secret. */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** A deep copy with secret-named fields and registered values masked; safe to log or store. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...(redactValue({ ...value }, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? mask : redactValue(v, depth + 1);
  }
  return out;
}
