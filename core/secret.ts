import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { registerSecret } from './logging/secret-redaction';

/**
 * A resolved secret. It prints as [redacted] everywhere (String, JSON, util.inspect, winston), so
 * passing one to a log or an error cannot leak it; only `reveal()` gives the value, at the call site
 * that sends it to the ERP.
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (`env:ODOO_KEY`), safe to show. */
  readonly ref: string;
  constructor(value: string, ref: string) {
    this.#value = value;
    this.ref = ref;
    registerSecret(value);
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return `Secret(${this.ref})`;
  }
}

/**
 * A relative `file:` reference tied, when its config file is loaded, to that file's directory: it
 * resolves the same whenever and wherever the connection is parsed, whatever other tenant's file was
 * loaded since (no process-wide base directory).
 */
export class SecretFileRef {
  constructor(
    /** The path as the config file writes it (`./odoo.key`), for messages. */
    readonly written: string,
    /** The directory of the config file that names it. */
    readonly baseDir: string,
  ) {}
  get absolutePath(): string {
    return resolve(this.baseDir, this.written);
  }
  /** Serialized (a tenant handed to another process), it stays a ref that resolves the same. */
  toJSON(): string {
    return `file:${this.absolutePath}`;
  }
  toString(): string {
    return `file:${this.written}`;
  }
}

/**
 * A copy of a config block (a source's `connection`, a channel's settings) with every relative
 * `file:` reference, at any depth, tied to `baseDir` (see SecretFileRef). Call it when the file is loaded.
 */
export function anchorSecretFiles(block: unknown, baseDir: string): unknown {
  if (typeof block === 'string') {
    const path = block.startsWith('file:') ? block.slice('file:'.length) : null;
    return path !== null && path !== '' && !isAbsolute(path) ? new SecretFileRef(path, baseDir) : block;
  }
  if (Array.isArray(block)) return block.map((item) => anchorSecretFiles(item, baseDir));
  if (typeof block !== 'object' || block === null || Object.getPrototypeOf(block) !== Object.prototype) return block;
  return Object.fromEntries(Object.entries(block).map(([key, value]) => [key, anchorSecretFiles(value, baseDir)]));
}

/**
 * A secret in config: `env:NAME` (an environment variable) or `file:path` (a file's content, trimmed,
 * e.g. a Docker or Kubernetes secret). Literal values are refused so that no secret sits in a config file.
 * A relative path is read from the config file's directory when the loader anchored it (SecretFileRef),
 * else from the current directory (a command-line option such as `serve --token file:./token`).
 */
export const secretRefSchema = z.union([z.string(), z.instanceof(Secret), z.instanceof(SecretFileRef)]).transform((ref, ctx): Secret => {
  if (ref instanceof Secret) return ref;
  if (ref instanceof SecretFileRef) return readSecretFile(ref.absolutePath, ref.written, ctx);
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
  if (env) {
    const name = env[1] as string;
    const value = process.env[name];
    if (value === undefined || value === '') {
      ctx.addIssue({ code: 'custom', message: `environment variable ${name} is not set (the config says ${ref})` });
      return z.NEVER;
    }
    return new Secret(value, ref);
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice('file:'.length);
    return readSecretFile(isAbsolute(path) ? path : resolve(path), path, ctx);
  }
  ctx.addIssue({
    code: 'custom',
    message: 'secrets are never written in config: use env:NAME (an environment variable) or file:path (a file holding the value)',
  });
  return z.NEVER;
});

function readSecretFile(full: string, written: string, ctx: z.RefinementCtx): Secret {
  try {
    return new Secret(readFileSync(full, 'utf8').trim(), `file:${written}`);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    ctx.addIssue({ code: 'custom', message: `cannot read secret file ${written} (${why})` });
    return z.NEVER;
  }
}
