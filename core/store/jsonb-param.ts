/**
 * A value as the text of a `$n::jsonb` parameter. Both drivers send text as it is, so JSON goes over
 * the wire the same way on PGlite and PostgreSQL, whatever the shape (arrays included).
 *
 * PostgreSQL's jsonb refuses the NUL character (\u0000), which ERP text fields sometimes carry; one such
 * field would fail the whole page. NULs become U+FFFD (the replacement character) instead. The check on
 * the serialised text keeps the common case at a single JSON.stringify.
 */
export function jsonbParam(value: unknown): string {
  const text = JSON.stringify(value ?? null) ?? 'null';
  if (!text.includes('\\u0000')) return text;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v));
}
