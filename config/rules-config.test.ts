import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { defaultPlans } from './default-plans';
import { ConfigValidationError, loadConfig } from './load-config';
import { collectionsSettingsSchema, effectivePlans } from './rules-config';

const connectors = [{ id: 'odoo', configSchema: z.object({}).loose() }];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arbridge-rules-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function problems(): string[] {
  try {
    loadConfig(dir, { relativeTo: dir, connectors });
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const tenant = (collections: string) => `id: acme
name: Acme SA
timeZone: Europe/Paris
currency: EUR
sources:
  - id: odoo-main
    type: odoo
    connection: {}
${collections}`;

describe('collections settings in tenant and firm files', () => {
  it('gives a tenant without `collections` the built-in plans and the standard default plan', () => {
    write({ 'tenants/acme.yaml': tenant('') });
    const [acme] = loadConfig(dir, { connectors }).tenants;
    expect(acme?.collections.defaultPlan).toBe('standard');
    expect(acme?.collections.rules).toEqual([]);
    expect(acme?.collections.risk.bands).toEqual({ medium: 25, high: 50, critical: 75 });
    expect(Object.keys(effectivePlans(acme!.collections))).toEqual(['standard', 'strict', 'gentle', 'small-accounts']);
  });

  it('reads "DSO over 60 days or risk high → strict" from YAML, and firm plans a tenant overrides', () => {
    write({
      'firm.yaml': `defaults:
  collections:
    tolerance: 10
    plans:
      standard:
        name: Firm standard
        steps:
          - { id: first, offsetDays: 5, level: 1, channel: email, template: first-reminder }
      firm-only:
        name: Firm only
        steps:
          - { id: call, offsetDays: 10, level: 1, channel: call_task, template: call-script }
`,
      'tenants/acme.yaml': tenant(`collections:
  rules:
    - id: slow-or-risky
      priority: 10
      when:
        any:
          - { field: dso, gte: 60 }
          - { field: riskBand, in: [high, critical] }
      plan: strict
  plans:
    standard:
      steps:
        - { id: first, offsetDays: 2, level: 1, channel: email, template: first-reminder }
        - { id: second, offsetDays: 12, level: 2, channel: sms, template: second-reminder }
`),
    });
    const [acme] = loadConfig(dir, { connectors }).tenants;
    const plans = effectivePlans(acme!.collections);
    expect(acme?.collections.tolerance).toBe(10); // inherited from the firm
    expect(plans.standard?.name).toBe('Firm standard'); // the firm's name, the tenant's steps
    expect(plans.standard?.steps.map((s) => s.offsetDays)).toEqual([2, 12]);
    expect(plans['firm-only']?.steps).toHaveLength(1);
    expect(plans.strict).toEqual(defaultPlans.strict);
    expect(acme?.collections.rules[0]?.when).toEqual({ any: [{ field: 'dso', gte: 60 }, { field: 'riskBand', in: ['high', 'critical'] }] });
  });

  it('reports an unknown plan, a field typo and steps out of order at file:line:col', () => {
    write({
      'tenants/acme.yaml': tenant(`collections:
  rules:
    - id: slow
      priority: 1
      when: { field: dso, gte: 60 }
      plan: strcit
  plans:
    quick:
      name: Quick
      steps:
        - { id: a, offsetDays: 10, level: 1, channel: email, template: first-reminder }
        - { id: b, offsetDays: 5, level: 2, channel: emial, template: second-reminder }
`),
    });
    expect(problems()).toEqual([
      'tenants/acme.yaml:20:54: collections.plans.quick.steps[1].channel: expected one of "erp", "email", "sms", "letter", "webhook", "call_task", found "emial"; did you mean "email"?',
    ]);
    write({ 'tenants/acme.yaml': tenant(`collections:
  rules:
    - id: slow
      priority: 1
      when: { field: dso, gte: 60 }
      plan: strcit
  plans:
    quick:
      name: Quick
      steps:
        - { id: a, offsetDays: 10, level: 1, channel: email, template: first-reminder }
        - { id: b, offsetDays: 5, level: 2, channel: email, template: second-reminder }
`) });
    const lines = problems();
    expect(lines).toContainEqual(expect.stringMatching(/^tenants\/acme\.yaml:14:13: collections\.rules\[0\]\.plan: plan "strcit" is not defined .*did you mean "strict"\?/));
    expect(lines).toContainEqual(expect.stringMatching(/^tenants\/acme\.yaml:20:\d+: collections\.plans\.quick\.steps\[1\]\.offsetDays: expected more than the previous step's 10 days/));
  });

  it('reports a typo inside nested conditions against the shape the user meant, with a suggestion', () => {
    write({
      'tenants/acme.yaml': tenant(`collections:
  rules:
    - id: r1
      priority: 1
      when:
        any:
          - { field: dsoo, gte: 60 }
          - not: { field: riskBand, inn: [high] }
      plan: strict
`),
    });
    expect(problems()).toEqual([
      'tenants/acme.yaml:15:22: collections.rules[0].when.any[0].field: expected one of "openAmount", "overdueAmount", "oldestOverdueDays", "dso", "bestPossibleDso", "add", "weightedDaysLate", "trendDays", "lateShare", "openDisputes", "brokenPromises", "exposure", "riskScore", "riskBand", "deteriorating", "erpRiskCode", "tags", "segment", found "dsoo"; did you mean "dso"?',
      'tenants/acme.yaml:16:18: collections.rules[0].when.any[1].not: give at least one of gte, lte, between or in',
      'tenants/acme.yaml:16:37: collections.rules[0].when.any[1].not.inn: unknown key; did you mean "in"? (allowed here: field, gte, lte, between, in, all, any, not)',
    ]);
  });

  it('validates the built-in plans with the same schema as a tenant plan', () => {
    expect(collectionsSettingsSchema.parse({ plans: defaultPlans }).plans).toEqual(defaultPlans);
  });
});
