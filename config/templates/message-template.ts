import { z } from 'zod';

/**
 * One message in one language. `body` is plain text with `{{name}}` placeholders; a blank line
 * separates paragraphs, and `{{table}}` alone on its line stands for the table of receivables. The
 * same body gives the plain-text part and the HTML part (every value HTML-escaped there), so the two
 * never drift apart.
 */
export const messageTemplateSchema = z
  .object({
    /** Email subject (and letter title); placeholders allowed, never HTML. */
    subject: z.string().min(1),
    /** The text, with {{placeholders}} and {{table}}. */
    body: z.string().min(1),
  })
  .strict();
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

/** A template id's versions by language (`fr`, `en`). */
export const localizedTemplateSchema = z.record(z.string().regex(/^[a-z]{2}$/, 'expected a two-letter language such as fr or en'), messageTemplateSchema);
export type LocalizedTemplate = z.infer<typeof localizedTemplateSchema>;

/** The values a template may name: flat dotted names (`customer.name`) to text already formatted. */
export type TemplateValues = Readonly<Record<string, string>>;

/** The receivables table in both forms: rows of cells, header first. */
export interface TemplateTable {
  header: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
  /** Cells aligned right (amounts), by column index. */
  numeric: readonly number[];
}

/** A rendered message. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const placeholder = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The placeholders a template names that `values` lacks: checked before sending, never rendered as blanks. */
export function missingValues(template: MessageTemplate, values: TemplateValues): string[] {
  const names = new Set<string>();
  for (const text of [template.subject, template.body]) for (const m of text.matchAll(placeholder)) names.add(m[1] as string);
  names.delete('table');
  return [...names].filter((n) => values[n] === undefined).sort();
}

function fill(text: string, values: TemplateValues, escape: (s: string) => string): string {
  return text.replace(placeholder, (whole, name: string) => (values[name] === undefined ? whole : escape(values[name] as string)));
}

function textTable(table: TemplateTable): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((cell, i) => (table.numeric.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(table.header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

function htmlTable(table: TemplateTable): string {
  const cell = (tag: string, value: string, i: number) =>
    `<${tag} style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:${table.numeric.includes(i) ? 'right' : 'left'}">${escapeHtml(value)}</${tag}>`;
  const head = `<tr>${table.header.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = table.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('');
  return `<table style="border-collapse:collapse"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Renders a template: subject and text with values as they are, HTML with every value escaped. */
export function renderTemplate(template: MessageTemplate, values: TemplateValues, table: TemplateTable): RenderedMessage {
  // A paragraph made only of an empty value (no payment link configured) disappears.
  const paragraphs = template.body
    .trim()
    .split(/\n\s*\n/)
    .filter((p) => fill(p.trim(), values, (s) => s).trim() !== '');
  const text = paragraphs.map((p) => (p.trim() === '{{table}}' ? textTable(table) : fill(p.trim(), values, (s) => s))).join('\n\n');
  const html = paragraphs
    .map((p) => (p.trim() === '{{table}}' ? htmlTable(table) : `<p>${fill(escapeHtml(p.trim()), values, escapeHtml).replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
  return {
    subject: fill(template.subject, values, (s) => s).replace(/[\r\n]+/g, ' '),
    text: `${text}\n`,
    html: `<!doctype html>\n<html><body style="font-family:Arial,sans-serif;font-size:14px">\n${html}\n</body></html>\n`,
  };
}
