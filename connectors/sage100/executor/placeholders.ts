/**
 * Rewrites `?` placeholders to T-SQL's named @p1, @p2... (tedious binds by name). Quoted text and
 * bracketed identifiers are left alone. Returns the text and the number of placeholders.
 */
export function toNamedPlaceholders(sql: string): { text: string; count: number } {
  let count = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote !== null) {
      out += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '[') {
      quote = ']';
      out += ch;
    } else if (ch === '?') {
      count += 1;
      out += `@p${count}`;
    } else out += ch;
  }
  return { text: out, count };
}
