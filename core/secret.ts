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

/** Where relative `file:` paths are resolved from: the directory of the config file that names them. */
let secretBaseDir = process.cwd();
export function setSecretBaseDir(dir: string): void {
  secretBaseDir = dir;
}

/**
 * A secret in config: `env:NAME` (an environment variable) or `file:path` (a file's content, trimmed,
 * e.g. a Docker or Kubernetes secret). Literal values are refused so that no secret sits in a config file.
 */
export const secretRefSchema = z.union([z.string(), z.instanceof(Secret)]).transform((ref, ctx): Secret => {
  if (ref instanceof Secret) return ref;
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
    const full = isAbsolute(path) ? path : resolve(secretBaseDir, path);
    try {
      return new Secret(readFileSync(full, 'utf8').trim(), ref);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      ctx.addIssue({ code: 'custom', message: `cannot read secret file ${path} (${why})` });
      return z.NEVER;
    }
  }
  ctx.addIssue({
    code: 'custom',
    message: 'secrets are never written in config: use env:NAME (an environment variable) or file:path (a file holding the value)',
  });
  return z.NEVER;
});
