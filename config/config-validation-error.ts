import { ConfigError } from '../core/errors';
import { redactText } from '../core/logging/secret-redaction';

/** One thing wrong in a config file, placed where the user will fix it. */
export interface ConfigProblem {
  /** The file, as the user would open it (relative to the current directory when inside it). */
  file: string;
  /** 1-based line, or null for a problem with the whole file (missing, unreadable). */
  line: number | null;
  /** 1-based column, or null with `line`. */
  column: number | null;
  /** Where in the file's data, as written in messages (`sources[0].connection.url`); empty for the whole file. */
  path: string;
  /** What is wrong and what would be right; never a secret's value. */
  message: string;
}

/** `tenants/acme.yaml:7:15: sources[0].connection.url: expected a URL ..., found "acme"`: one line per problem. */
export function formatProblem(problem: ConfigProblem): string {
  const place = problem.line === null ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === '' ? `${place}: ${problem.message}` : `${place}: ${problem.path}: ${problem.message}`;
}

/**
 * The configuration is invalid. Carries every problem found in every file at once, so that a user
 * fixes them in one round; the message lists them one per line, in file and line order.
 */
export class ConfigValidationError extends ConfigError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    // Last net for invariant 6: a secret resolved earlier in this process never reaches the text.
    const safe = problems.map((problem) => ({ ...problem, message: redactText(problem.message) }));
    const count = safe.length === 1 ? '1 problem' : `${safe.length} problems`;
    super('invalid_config', [`invalid configuration (${count}):`, ...safe.map(formatProblem)].join('\n'));
    this.problems = safe;
  }
}
