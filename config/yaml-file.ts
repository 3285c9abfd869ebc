import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { ConfigProblem } from './config-validation-error';

/** A place in a file, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** Where a data path sits in a YAML file. */
export interface Located extends Position {
  /** Whether the whole path exists in the file; false means the position is its nearest ancestor. */
  exact: boolean;
}

/** A config file read and parsed, keeping source positions so that problems can name line and column. */
export class YamlFile {
  private constructor(
    /** Absolute path on disk. */
    readonly path: string,
    /** How messages name it. */
    readonly displayName: string,
    /** The parsed data; undefined when the file could not be read or parsed (see `problems`). */
    readonly data: unknown,
    /** Reading and syntax problems; validation problems are added by the loader. */
    readonly problems: readonly ConfigProblem[],
    private readonly document: Document.Parsed | null,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** Reads and parses `path`; never throws, problems are collected. */
  static read(path: string, displayName: string): YamlFile {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return new YamlFile(path, displayName, undefined, [{ file: displayName, line: null, column: null, path: '', message: `cannot read the file (${why})` }], null, new LineCounter(), '');
    }
    return YamlFile.parse(text, path, displayName);
  }

  /** Parses YAML text that came from `path`. */
  static parse(text: string, path: string, displayName: string): YamlFile {
    const lines = new LineCounter();
    // prettyErrors off: the pretty form quotes the offending line, which may hold a secret.
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const problems: ConfigProblem[] = [];
    const linesWithError = new Set<number>();
    for (const error of document.errors) {
      const start = error.pos[0];
      const { line, col } = lines.linePos(start);
      // yaml often reports one mistake twice, the second an echo of the first: one per line.
      if (linesWithError.has(line)) continue;
      linesWithError.add(line);
      problems.push({ file: displayName, line, column: col, path: '', message: syntaxMessage(error.code, error.message, text, start) });
    }
    let data: unknown;
    if (problems.length === 0) {
      try {
        data = document.toJS({ maxAliasCount: 100 });
      } catch (error) {
        problems.push({ file: displayName, line: 1, column: 1, path: '', message: `YAML error: ${(error as Error).message}` });
      }
    }
    return new YamlFile(path, displayName, data, problems, document, lines, text);
  }

  /**
   * The position of a data path: of the key itself with `atKey` (for "unknown key" problems), else of
   * its value. A path that is not in the file gives its nearest ancestor, `exact: false`.
   */
  locate(path: readonly PropertyKey[], atKey = false): Located {
    let node: unknown = this.document?.contents ?? null;
    let here = this.positionOf(node) ?? { line: 1, column: 1 };
    for (const [depth, segment] of path.entries()) {
      let keyNode: unknown = null;
      let next: unknown = undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair) {
          keyNode = pair.key;
          next = pair.value;
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined && keyNode === null) return { ...here, exact: false };
      const last = depth === path.length - 1;
      const emptyValue = next === null || (isScalar(next) && next.value === null && next.source === '');
      here = (last && atKey) || emptyValue ? (this.positionOf(keyNode) ?? here) : (this.positionOf(next) ?? here);
      node = next;
    }
    return { ...here, exact: true };
  }

  /**
   * The literal values written under secret-named keys (`apiKey: ...`), so that no message quotes
   * them. Read from the parsed data and, as a net for files that did not parse, from the raw lines.
   */
  secretLiterals(isSecretKey: (key: string) => boolean): string[] {
    const found: string[] = [];
    const walk = (value: unknown, key: string | null): void => {
      if (typeof value === 'string' || typeof value === 'number') {
        if (key !== null && isSecretKey(key)) found.push(String(value));
      } else if (Array.isArray(value)) {
        value.forEach((item) => walk(item, key));
      } else if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) walk(v, k);
      }
    };
    walk(this.data, null);
    for (const line of this.text.split(/\r?\n/)) {
      const pair = /^[\s-]*["']?([\w.-]+)["']?\s*:\s+(.+?)\s*(#.*)?$/.exec(line);
      if (pair && isSecretKey(pair[1] as string)) found.push((pair[2] as string).replace(/^["']|["']$/g, ''));
    }
    return found;
  }

  private positionOf(node: unknown): Position | null {
    const range = (node as YamlNode | null)?.range;
    if (!range) return null;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

/** yaml's own wording, plus the fix for the mistakes people make in hand-written config. */
function syntaxMessage(code: string, message: string, text: string, offset: number): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'YAML syntax: a tab is used for indentation; indent with spaces';
    case 'DUPLICATE_KEY': {
      const key = /^\s*([^:\s]+)/.exec(text.slice(offset))?.[1] ?? 'this key';
      return `YAML syntax: "${key}" is set twice in the same mapping; keep one`;
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `YAML syntax: ${lowerFirst(message)}; check this line's indentation, that it reads "key: value", and quote a value that contains ": "`;
    case 'BAD_INDENT':
      return `YAML syntax: ${lowerFirst(message)}; check the indentation`;
    case 'MISSING_CHAR': {
      const quote = /closing (["'])quote/.exec(message)?.[1];
      if (quote) return `YAML syntax: a value opened with ${quote} is never closed; add the closing ${quote} where the value ends`;
      return `YAML syntax: ${lowerFirst(message)}`;
    }
    case 'MULTIPLE_DOCS':
      return 'YAML syntax: the file holds several documents ("---"); write one tenant per file, tenants/<id>.yaml';
    default:
      return `YAML syntax: ${lowerFirst(message)}`;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
