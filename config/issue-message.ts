import type { z } from 'zod';
import { isSecretKey } from '../core/logging/secret-redaction';
import { closestMatch } from './closest-match';

/** A zod issue said the way a person editing the YAML file needs to read it. */
export interface DescribedIssue {
  /** Path of the setting in the validated data. */
  path: PropertyKey[];
  /** `expected ..., found ...`, with a suggestion when one is likely; never a secret's value. */
  message: string;
  /** Point at the key rather than its value (an unknown key). */
  atKey: boolean;
  /** The setting is required and absent. */
  missing?: boolean;
  /** For an unknown key: the path of the known key it most likely meant. */
  meant?: PropertyKey[];
}

/** What describing an issue may consult. */
export interface IssueContext {
  /** The data that was validated, to say what was found. */
  data: unknown;
  /** The keys the schema accepts for the mapping at a path, or null when unknown. */
  knownKeys(path: readonly PropertyKey[]): readonly string[] | null;
}

type Issue = z.core.$ZodIssue;

/** One issue, or several for an issue that names several keys, each with its own path and message. */
export function describeIssue(issue: Issue, context: IssueContext): DescribedIssue[] {
  const path = [...issue.path];
  const found = valueAt(context.data, path);
  const shown = hiddenAt(path, issue.message) ? '(hidden)' : describeValue(found);
  const say = (message: string, withFound = true, suggestion: string | null = null): DescribedIssue[] => [
    { path, atKey: false, message: `${message}${withFound ? `, found ${shown}` : ''}${suggestion === null ? '' : `; did you mean "${suggestion}"?`}` },
  ];
  const custom = !zodDefaultMessage.test(issue.message);

  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return [{ ...say(`missing (expected ${expectedWord(issue.expected)})`, false)[0]!, missing: true }];
      return custom ? say(issue.message) : say(`expected ${expectedWord(issue.expected)}`);

    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = context.knownKeys(path);
        const meant = known ? closestMatch(key, known) : null;
        return { path: [...path, key], atKey: true, message: unknownKeyMessage(key, known, meant), ...(meant ? { meant: [...path, meant] } : {}) };
      });

    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value));
      const suggestion = typeof found === 'string' ? closestMatch(found, issue.values.map(String)) : null;
      return say(values.length === 1 ? `expected ${values[0]}` : `expected one of ${values.join(', ')}`, true, suggestion);
    }

    case 'too_small':
    case 'too_big':
      return say(custom ? issue.message : sizeMessage(issue), !(issue.origin === 'string' && issue.code === 'too_small' && Number(issue.minimum) <= 1));

    case 'invalid_format':
      return say(custom ? issue.message : formatMessage(issue));

    case 'not_multiple_of':
      return say(custom ? issue.message : `expected a multiple of ${String(issue.divisor)}`);

    case 'invalid_union':
      return unionIssues(issue, context, shown);

    case 'invalid_key':
    case 'invalid_element': {
      // Only records and maps raise these: the key itself (or a map entry) is wrong, not its value.
      const nested = issue.issues[0];
      if (!nested) return say('invalid key', false);
      return describeIssue({ ...nested, path: [...path, ...nested.path] } as Issue, context).map((d) => ({ ...d, atKey: true, message: `key: ${d.message}` }));
    }

    case 'custom': {
      const params = (issue as { params?: { suggestion?: unknown } }).params;
      const suggestion = typeof params?.suggestion === 'string' ? params.suggestion : null;
      const message = custom ? issue.message : 'invalid value';
      // Refinements worded "expected X" read best with what was found; others already say it all.
      return say(message, /^expected\b/.test(message), suggestion);
    }

    default:
      return say((issue as { message: string }).message, false);
  }
}

/** zod's own English messages begin so; anything else was written for this setting by a schema. */
const zodDefaultMessage = /^(Invalid|Too (small|big)|Unrecognized)\b/;

function unknownKeyMessage(key: string, known: readonly string[] | null, suggestion: string | null): string {
  if (/^database[-_]?url$/i.test(key)) {
    return 'unknown key: the database is not configured per tenant; the store reads DATABASE_URL from the environment, remove this line';
  }
  const allowed = known && known.length > 0 ? ` (allowed here: ${known.join(', ')})` : '';
  return suggestion ? `unknown key; did you mean "${suggestion}"?${allowed}` : `unknown key${allowed}`;
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (small && limit <= 1) return 'must not be empty';
      return `expected ${small ? 'at least' : 'at most'} ${limit} characters`;
    case 'array':
    case 'set':
      if (small && limit <= 1) return 'expected at least one item';
      return `expected ${small ? 'at least' : 'at most'} ${limit} items`;
    case 'number':
    case 'int':
    case 'bigint':
      if (inclusive) return `expected a number ${small ? 'of at least' : 'of at most'} ${limit}`;
      return `expected a number ${small ? 'greater' : 'less'} than ${limit}`;
    default:
      return issue.message;
  }
}

function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat): string {
  switch (issue.format) {
    case 'url':
      return 'expected a URL such as https://example.com';
    case 'email':
      return 'expected an email address such as ar@example.com';
    case 'regex':
      return `expected text matching ${issue.pattern ?? 'the required pattern'}`;
    case 'starts_with':
    case 'ends_with':
    case 'includes': {
      const part = (issue as { prefix?: string; suffix?: string; includes?: string }).prefix ?? (issue as { suffix?: string }).suffix ?? (issue as { includes?: string }).includes ?? '';
      return `expected text that ${issue.format.replace('_', 's ')} "${part}"`;
    }
    default:
      return `expected ${issue.format.replace(/_/g, ' ')}`;
  }
}

/**
 * A union failed in every branch. When a branch got past the type check (its issues go deeper or are
 * not about the type), that branch is what the user meant: report its issues. Otherwise list the types.
 */
function unionIssues(issue: z.core.$ZodIssueInvalidUnion, context: IssueContext, shown: string): DescribedIssue[] {
  const branches = issue.errors ?? [];
  const meant = branches.find((branch) => branch.some((nested) => nested.path.length > 0 || nested.code !== 'invalid_type'));
  if (meant) {
    return meant.flatMap((nested) => describeIssue({ ...nested, path: [...issue.path, ...nested.path] } as Issue, context));
  }
  const expected = branches.flatMap((branch) => branch.map((nested) => (nested.code === 'invalid_type' ? nested.expected : null)));
  const words = [...new Set(expected.filter((name): name is string => name !== null && name in expectedWords).map(expectedWord))];
  const path = [...issue.path];
  if (words.length === 0) return [{ path, atKey: false, message: `invalid value, found ${shown}` }];
  if (valueAt(context.data, path) === undefined) return [{ path, atKey: false, missing: true, message: `missing (expected ${words.join(' or ')})` }];
  return [{ path, atKey: false, message: `expected ${words.join(' or ')}, found ${shown}` }];
}

/** zod's type names in a config writer's words. */
const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  map: 'a mapping (key: value lines)',
  array: 'a list ("- item" lines)',
  tuple: 'a list ("- item" lines)',
  set: 'a list ("- item" lines)',
  date: 'a date',
  null: 'nothing',
};

function expectedWord(expected: string): string {
  return expectedWords[expected] ?? expected;
}

/** What a value looks like in a message: strings quoted and cut short, containers named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** A value is not shown when its key names a secret, or when the schema said it is one. */
function hiddenAt(path: readonly PropertyKey[], message: string): boolean {
  return path.some((segment) => typeof segment === 'string' && isSecretKey(segment)) || /secret/i.test(message);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = data;
  for (const segment of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[segment];
  }
  return here;
}
