import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { isSecretKey } from '../core/logging/secret-redaction';
import { slugSchema } from '../core/model/record-key';
import { anchorSecretFiles } from '../core/secret';
import { closestMatch } from './closest-match';
import { ConfigValidationError, type ConfigProblem } from './config-validation-error';
import { firmConfigSchema, noFirmConfig, type FirmConfig } from './firm-config';
import { applyFirmDefaults, firmPathOf } from './firm-defaults';
import { describeIssue, type DescribedIssue } from './issue-message';
import { knownKeysAt } from './schema-keys';
import { tenantConfigSchema, type SourceConfig, type TenantConfig } from './tenant-config';
import { YamlFile } from './yaml-file';

/** A connector as the loader needs it; a ConnectorDefinition from connectors/ fits as it is. */
export interface SourceConnectorSchema {
  /** The `type` a source names (`odoo`). */
  id: string;
  /** Validates a source's `connection` block (secrets as `env:`/`file:` refs, see core/secret.ts). */
  configSchema: z.ZodType;
}

/** What a `validateSource` hook returns: zod issues with paths relative to `connection`, or nothing. */
export type SourceValidation = z.ZodError | readonly z.core.$ZodIssue[] | null | undefined;

/** Which source a `validateSource` call is about. */
export interface SourceValidationContext {
  /** The tenant's id as its file gives it (possibly invalid itself). */
  tenantId: string;
  /** Absolute path of the tenant file. */
  file: string;
  /** Index of the source in the tenant's `sources`. */
  index: number;
}

/** Options of `loadConfig` and `loadTenantFile`. */
export interface LoadConfigOptions {
  /** The connectors that exist (pass `listConnectors()`): unknown source types are reported with the nearest one, and each enabled source's `connection` is checked by its connector's schema. */
  connectors?: readonly SourceConnectorSchema[];
  /** An extra check of each enabled source's `connection`; the issues it returns are reported under `sources[i].connection`. */
  validateSource?: (source: SourceConfig, context: SourceValidationContext) => SourceValidation;
  /** The firm file to apply instead of `<dir>/firm.yaml`; also applies to a single tenant file. */
  firmFile?: string;
  /** The directory that file names in messages are relative to; defaults to the current directory. */
  relativeTo?: string;
}

/** A loaded configuration: the firm settings and every tenant, defaults applied, validated. */
export interface LoadedConfig {
  /** The firm file's settings (`{ defaults: {} }` when there is none). */
  firm: FirmConfig;
  /** The tenants, in file name order. */
  tenants: TenantConfig[];
  /** The absolute path of each tenant's file, by tenant id: its relative `file:` secrets were read from its directory. */
  files: Record<string, string>;
}

// Callers that catch the error import it from here, beside the loader that throws it.
export { ConfigValidationError, type ConfigProblem } from './config-validation-error';

const yamlExtensions = new Set(['.yaml', '.yml']);

/**
 * Loads a configuration directory (`firm.yaml` optional, `tenants/<id>.yaml` one per client company)
 * or a single tenant file. Every file is read and every problem collected before one
 * ConfigValidationError lists them all, each as `file:line:col: path: message`.
 */
export function loadConfig(path: string, options: LoadConfigOptions = {}): LoadedConfig {
  const run = new LoadRun(options);
  const target = resolve(path);
  if (!existsSync(target)) {
    run.fail(run.wholeFile(target, 'not found: expected a config directory (firm.yaml and tenants/<id>.yaml) or a tenant file'));
  }
  const isDirectory = statSync(target).isDirectory();
  const firmPath = options.firmFile !== undefined ? resolve(options.firmFile) : isDirectory ? run.firmFileIn(target) : null;
  const tenantPaths = isDirectory ? run.tenantFilesIn(target) : [target];
  const firm = run.loadFirm(firmPath);
  const tenants: TenantConfig[] = [];
  const files: Record<string, string> = {};
  const filesById = new Map<string, YamlFile[]>();
  for (const tenantPath of tenantPaths) {
    const loaded = run.loadTenant(tenantPath, firm, { nameMustMatchId: isDirectory, filesById });
    if (loaded) {
      tenants.push(loaded);
      files[loaded.id] = tenantPath;
    }
  }
  run.checkUniqueIds(filesById);
  // A single tenant file does not say which tenants exist: groups are checked against a directory only.
  if (isDirectory) run.checkGroups(firm, [...filesById.keys()], tenants);
  run.throwIfAnyProblem();
  return { firm: firm.config, tenants, files };
}

/** Loads one tenant file on its own (with `options.firmFile`'s defaults when given). */
export function loadTenantFile(path: string, options: LoadConfigOptions = {}): TenantConfig {
  const target = resolve(path);
  const run = new LoadRun(options);
  if (existsSync(target) && statSync(target).isDirectory()) {
    run.fail(run.wholeFile(target, 'is a directory: expected a tenant file (use loadConfig for a config directory)'));
  }
  const firm = run.loadFirm(options.firmFile !== undefined ? resolve(options.firmFile) : null);
  const tenant = run.loadTenant(target, firm, { nameMustMatchId: false, filesById: new Map() });
  run.throwIfAnyProblem();
  return tenant as TenantConfig;
}

/** Rules a tenant file obeys beyond its schema. */
interface TenantFileRules {
  /** In a config directory, `tenants/acme.yaml` must hold tenant `acme`. */
  nameMustMatchId: boolean;
  /** Files read so far by tenant id, to find an id used twice. */
  filesById: Map<string, YamlFile[]>;
}

/** The firm file as loaded: its settings, its raw defaults (merged into tenants) and its positions. */
interface LoadedFirm {
  file: YamlFile | null;
  config: FirmConfig;
  rawDefaults: unknown;
  /** The firm file could not be parsed: tenants may lack settings it would have given. */
  unreadable: boolean;
}

/** One load: the options, and the problems collected so far across all files. */
class LoadRun {
  private readonly problems: ConfigProblem[] = [];
  private readonly secretsSeen = new Set<string>();
  private readonly filesRead: string[] = [];
  private readonly base: string;

  constructor(private readonly options: LoadConfigOptions) {
    this.base = resolve(options.relativeTo ?? process.cwd());
  }

  /** How a path is named in messages: relative when under the base directory, else absolute. */
  display(path: string): string {
    const rel = relative(this.base, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }

  wholeFile(path: string, message: string): ConfigProblem {
    return { file: this.display(path), line: null, column: null, path: '', message };
  }

  fail(problem: ConfigProblem): never {
    throw new ConfigValidationError([problem]);
  }

  firmFileIn(dir: string): string | null {
    const found = ['firm.yaml', 'firm.yml'].map((name) => join(dir, name)).filter((candidate) => existsSync(candidate));
    if (found.length > 1) this.problems.push(this.wholeFile(found[1] as string, 'firm.yaml and firm.yml both exist; keep one'));
    return found[0] ?? null;
  }

  tenantFilesIn(dir: string): string[] {
    const tenantsDir = join(dir, 'tenants');
    const yamlIn = (folder: string) =>
      readdirSync(folder)
        .filter((name) => yamlExtensions.has(extname(name)) && !name.startsWith('.'))
        .sort()
        .map((name) => join(folder, name));
    if (!existsSync(tenantsDir) || !statSync(tenantsDir).isDirectory()) {
      const strays = yamlIn(dir).filter((file) => !/^firm\.ya?ml$/.test(basename(file)));
      const hint = strays.length > 0 ? `; move ${strays.map((file) => basename(file)).join(', ')} into tenants/` : ' (see config/examples/demo)';
      this.fail(this.wholeFile(tenantsDir, `no tenants directory: expected one file per client company, tenants/<id>.yaml${hint}`));
    }
    const files = yamlIn(tenantsDir);
    if (files.length === 0) {
      this.fail(this.wholeFile(tenantsDir, 'no tenant files: add one file per client company, tenants/<id>.yaml (see config/examples/demo)'));
    }
    return files;
  }

  loadFirm(path: string | null): LoadedFirm {
    if (path === null) return { file: null, config: noFirmConfig, rawDefaults: undefined, unreadable: false };
    const file = YamlFile.read(path, this.display(path));
    this.remember(file);
    if (file.problems.length > 0) {
      this.problems.push(...file.problems);
      return { file, config: noFirmConfig, rawDefaults: undefined, unreadable: true };
    }
    const data = file.data ?? {}; // an empty firm file is allowed
    const parsed = firmConfigSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        for (const described of describeIssue(issue, { data, knownKeys: (at) => knownKeysAt(firmConfigSchema, at) })) {
          this.problems.push(this.place(file, described));
        }
      }
    }
    const rawDefaults = (data as { defaults?: unknown }).defaults;
    this.checkSourceDefaultTypes(file, rawDefaults);
    return { file, config: parsed.success ? parsed.data : noFirmConfig, rawDefaults, unreadable: false };
  }

  loadTenant(path: string, firm: LoadedFirm, rules: TenantFileRules): TenantConfig | null {
    const file = YamlFile.read(path, this.display(path));
    this.remember(file);
    if (file.problems.length > 0) {
      this.problems.push(...file.problems);
      return null;
    }
    if (file.data === undefined || file.data === null) {
      this.problems.push({ file: file.displayName, line: 1, column: 1, path: '', message: 'the file is empty: expected a tenant with id, name, timeZone, currency and sources' });
      return null;
    }
    const before = this.problems.length;
    // Relative `file:` secrets are tied to this file's directory now, wherever and whenever they are read.
    const merged = anchorTenantSecretFiles(applyFirmDefaults(firm.rawDefaults, file.data), dirname(file.path));
    const sourceTypes = Array.isArray((merged as { sources?: unknown }).sources)
      ? ((merged as { sources: unknown[] }).sources.map((source) => (source as { type?: unknown } | null)?.type))
      : [];
    const report = (issues: readonly z.core.$ZodIssue[], knownKeys: (at: readonly PropertyKey[]) => readonly string[] | null) => {
      const described = issues.flatMap((issue) => describeIssue(issue, { data: merged, knownKeys }));
      // `timezone: ...` is both an unknown key and a missing `timeZone`: the first line says it all.
      const meant = new Set(described.flatMap((d) => (d.meant ? [formatPath(d.meant)] : [])));
      for (const d of described) {
        if (d.missing && meant.has(formatPath(d.path))) continue;
        // Without the firm file's defaults, "missing" says nothing about this tenant: stay quiet.
        if (d.missing && firm.unreadable) continue;
        this.addTenantProblem(this.place(file, d, firm.file, sourceTypes));
      }
    };

    const parsed = tenantConfigSchema.safeParse(merged);
    if (!parsed.success) report(parsed.error.issues, (at) => knownKeysAt(tenantConfigSchema, at));

    const rawId = (file.data as { id?: unknown }).id;
    const tenantId = typeof rawId === 'string' ? rawId : '';
    this.checkSources(file, merged, tenantId, report);
    if (slugSchema.safeParse(rawId).success) this.checkTenantId(file, tenantId, rules);

    return parsed.success && this.problems.length === before ? parsed.data : null;
  }

  /** Each enabled source's `connection`, by its connector's schema and the caller's hook. */
  private checkSources(
    file: YamlFile,
    merged: unknown,
    tenantId: string,
    report: (issues: readonly z.core.$ZodIssue[], knownKeys: (at: readonly PropertyKey[]) => readonly string[] | null) => void,
  ): void {
    const sources = (merged as { sources?: unknown }).sources;
    if (!Array.isArray(sources)) return;
    const { connectors, validateSource } = this.options;
    sources.forEach((raw, index) => {
      // Checked even when the source has other problems (an unknown key, a bad id), so that one
      // round of fixes is enough; skipped only when there is no connection to check or it is disabled.
      const source = connectionToCheck(raw);
      if (!source) return;
      const under = ['sources', index, 'connection'];
      const prefixed = (issues: readonly z.core.$ZodIssue[]) => issues.map((issue) => ({ ...issue, path: [...under, ...issue.path] }) as z.core.$ZodIssue);
      if (connectors) {
        const connector = connectors.find((candidate) => candidate.id === source.type);
        if (!connector) {
          const ids = connectors.map((candidate) => candidate.id);
          report([{ code: 'invalid_value', values: ids, path: ['sources', index, 'type'], message: 'unknown source type' } as z.core.$ZodIssue], () => null);
        } else {
          const checked = connector.configSchema.safeParse(source.connection);
          if (!checked.success) {
            report(prefixed(checked.error.issues), (at) => knownKeysAt(connector.configSchema, at.slice(under.length)));
          }
        }
      }
      if (validateSource) {
        const result = validateSource(source, { tenantId, file: file.path, index });
        const issues = result == null ? [] : 'issues' in result ? result.issues : result;
        report(prefixed(issues), () => null);
      }
    });
  }

  /** In a directory, `tenants/acme.yaml` holds tenant `acme`. */
  private checkTenantId(file: YamlFile, id: string, rules: TenantFileRules): void {
    rules.filesById.set(id, [...(rules.filesById.get(id) ?? []), file]);
    if (!rules.nameMustMatchId || stemOf(file) === id) return;
    const extension = extname(file.path);
    const stem = stemOf(file);
    const renameOrSet = slugSchema.safeParse(stem).success ? `rename the file to ${id}${extension} or set id: ${stem}` : `rename the file to ${id}${extension}`;
    this.addIdProblem(file, `"${id}" does not match the file name ${basename(file.path)}: ${renameOrSet}`);
  }

  /** No two files hold the same tenant; the file named after the id keeps it, the others are reported. */
  checkUniqueIds(filesById: ReadonlyMap<string, YamlFile[]>): void {
    for (const [id, files] of filesById) {
      if (files.length < 2) continue;
      const owner = files.find((file) => stemOf(file) === id) ?? (files[0] as YamlFile);
      for (const file of files) {
        if (file !== owner) this.addIdProblem(file, `tenant id "${id}" is already used by ${owner.displayName}; each tenant needs its own id`);
      }
    }
  }

  /** Each group's members are tenants of the directory, and each member's currency has a rate into the group's. */
  checkGroups(firm: LoadedFirm, tenantIds: readonly string[], tenants: readonly TenantConfig[]): void {
    const file = firm.file;
    if (!file) return;
    const problem = (path: PropertyKey[], message: string, atKey = false) => {
      const at = file.locate(path, atKey);
      this.problems.push({ file: file.displayName, line: at.line, column: at.column, path: formatPath(path), message });
    };
    for (const [groupId, group] of Object.entries(firm.config.groups ?? {})) {
      group.members.forEach((member, index) => {
        if (tenantIds.includes(member)) return;
        const suggestion = closestMatch(member, tenantIds);
        problem(['groups', groupId, 'members', index], `no tenant "${member}" in tenants/${suggestion ? `; did you mean "${suggestion}"?` : ''} (tenants: ${tenantIds.join(', ') || 'none'})`);
      });
      const unconvertible = new Map<string, string[]>();
      for (const tenant of tenants) {
        if (!group.members.includes(tenant.id) || tenant.currency === group.currency || group.rates[tenant.currency] !== undefined) continue;
        unconvertible.set(tenant.currency, [...(unconvertible.get(tenant.currency) ?? []), tenant.id]);
      }
      const hasRates = file.locate(['groups', groupId, 'rates']).exact;
      for (const [currency, members] of unconvertible) {
        problem(['groups', groupId, hasRates ? 'rates' : 'currency'], `no rate for ${currency}, the currency of ${members.join(', ')}: add ${currency}: <units of ${group.currency} per ${currency}> under rates`, hasRates);
      }
    }
  }

  private addIdProblem(file: YamlFile, message: string): void {
    const at = file.locate(['id']);
    this.problems.push({ file: file.displayName, line: at.line, column: at.column, path: 'id', message });
  }

  /** `sourceDefaults` keys must be connector types, when the caller says which exist. */
  private checkSourceDefaultTypes(file: YamlFile, rawDefaults: unknown): void {
    const sourceDefaults = (rawDefaults as { sourceDefaults?: unknown } | null | undefined)?.sourceDefaults;
    const connectors = this.options.connectors;
    if (!connectors || typeof sourceDefaults !== 'object' || sourceDefaults === null || Array.isArray(sourceDefaults)) return;
    const ids = connectors.map((connector) => connector.id);
    for (const type of Object.keys(sourceDefaults)) {
      if (ids.includes(type)) continue;
      const suggestion = closestMatch(type, ids);
      const at = file.locate(['defaults', 'sourceDefaults', type], true);
      this.problems.push({
        file: file.displayName,
        line: at.line,
        column: at.column,
        path: `defaults.sourceDefaults.${type}`,
        message: `unknown source type${suggestion ? `; did you mean "${suggestion}"?` : ''} (expected one of: ${ids.join(', ')})`,
      });
    }
  }

  /**
   * Where the user fixes a problem: the tenant file when it sets the value, else firm.yaml when the
   * value came from its defaults, else the nearest enclosing setting in the tenant file.
   */
  private place(file: YamlFile, described: DescribedIssue, firmFile: YamlFile | null = null, sourceTypes: readonly unknown[] = []): ConfigProblem {
    const inTenant = file.locate(described.path, described.atKey);
    if (!inTenant.exact && firmFile) {
      const firmPath = firmPathOf(described.path, sourceTypes);
      const inFirm = firmPath ? firmFile.locate(firmPath, described.atKey) : null;
      if (firmPath && inFirm?.exact) {
        return { file: firmFile.displayName, line: inFirm.line, column: inFirm.column, path: formatPath(firmPath), message: described.message };
      }
    }
    return { file: file.displayName, line: inTenant.line, column: inTenant.column, path: formatPath(described.path), message: described.message };
  }

  /** A tenant problem that lands in firm.yaml is reported once, however many tenants inherit it. */
  private addTenantProblem(problem: ConfigProblem): void {
    const same = (other: ConfigProblem) =>
      other.file === problem.file && other.line === problem.line && other.column === problem.column && other.path === problem.path;
    if (this.problems.some(same)) return;
    this.problems.push(problem);
  }

  /** Notes a file as read: its place in the report, and its literal secret-named values, which no message may quote. */
  private remember(file: YamlFile): void {
    this.filesRead.push(file.displayName);
    for (const value of file.secretLiterals(isSecretKey)) {
      if (value.length >= 4 && !/^(env|file):/.test(value)) this.secretsSeen.add(value);
    }
  }

  throwIfAnyProblem(): void {
    if (this.problems.length === 0) return;
    // Files in the order they were read (firm.yaml first), then lines in order.
    const order = new Map<string, number>(this.filesRead.map((name, index) => [name, index]));
    const sorted = [...this.problems].sort(
      (a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    const masked = sorted.map((problem) => ({ ...problem, message: this.mask(problem.message) }));
    throw new ConfigValidationError(masked);
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.secretsSeen) out = out.split(secret).join('(hidden)');
    return out;
  }
}

function stemOf(file: YamlFile): string {
  return basename(file.path, extname(file.path));
}

/** The tenant's raw settings with the relative `file:` refs of its connections and channels tied to `baseDir`. */
function anchorTenantSecretFiles(merged: unknown, baseDir: string): unknown {
  if (typeof merged !== 'object' || merged === null || Array.isArray(merged)) return merged;
  const tenant = { ...(merged as Record<string, unknown>) };
  if (Array.isArray(tenant.sources)) {
    tenant.sources = tenant.sources.map((source: unknown) =>
      typeof source === 'object' && source !== null && 'connection' in source
        ? { ...source, connection: anchorSecretFiles((source as { connection: unknown }).connection, baseDir) }
        : source,
    );
  }
  const dispatch = tenant.dispatch as { channels?: unknown } | undefined;
  if (typeof dispatch === 'object' && dispatch !== null && dispatch.channels !== undefined) {
    tenant.dispatch = { ...dispatch, channels: anchorSecretFiles(dispatch.channels, baseDir) };
  }
  return tenant;
}

/** A source whose connection can be checked: a mapping under `connection`, a type, not disabled. */
function connectionToCheck(raw: unknown): SourceConfig | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, type, connection, enabled } = raw as Record<string, unknown>;
  if (enabled === false || typeof type !== 'string') return null;
  if (typeof connection !== 'object' || connection === null || Array.isArray(connection)) return null;
  return { id: typeof id === 'string' ? id : '', type, connection: connection as Record<string, unknown>, enabled: true };
}

/** `sources[0].connection.url`: the path as a user reads it, index in brackets, odd keys quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(segment))) out += out === '' ? String(segment) : `.${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
