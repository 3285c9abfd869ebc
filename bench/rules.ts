import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { RuleInputs } from '../rules/rule-inputs';
import { compileRules } from '../rules/compile-rules';
import { evaluateCustomer } from '../rules/evaluate-customer';
import { collectionsRunFor } from '../sync/rules/collections-run';
import { tenantConfigSchema } from '../config/tenant-config';
import { generateLedgers, seededRandom } from './rules-ledger-generator';
import { benchRules, toJreCondition, type JreCondition } from './rules-rule-set';

/**
 * bench/rules: the whole collections evaluation (metrics → risk → 20 rules → schedule) over 100k
 * customers and about 1M receivables, in memory, chunk by chunk as the store streams them; then the
 * rule stage alone against json-rules-engine running the same 20 rules (same priority order, first
 * match wins) on the same customers' facts, in this process. A measurement, not a test: exits 0 and
 * says BELOW TARGET when a target is missed.
 *
 * Run: npx tsx bench/rules.ts. Env: BENCH_RULES_CUSTOMERS (default 100000), BENCH_RULES_SAMPLE
 * (customers given to json-rules-engine, default 20000: it is too slow for all of them in a bench).
 */
const customers = Number(process.env.BENCH_RULES_CUSTOMERS ?? 100_000);
const sample = Math.min(customers, Number(process.env.BENCH_RULES_SAMPLE ?? 20_000));
const chunk = 2_000;
const asOf = '2026-06-30';
const targets = { ratio: 20, totalSeconds: 10 };

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => int(bytes / 2 ** 20);
const seconds = (ns: bigint): number => Number(ns) / 1e9;

/** json-rules-engine wants all/any/not at the root: a single field test is wrapped in `all`. */
function topLevel(condition: JreCondition): TopLevelCondition {
  return ('all' in condition || 'any' in condition || 'not' in condition ? condition : { all: [condition] }) as TopLevelCondition;
}

async function main(): Promise<void> {
  const tenant = tenantConfigSchema.parse({
    id: 'bench', name: 'Bench', timeZone: 'Europe/Paris', currency: 'EUR',
    sources: [{ id: 'erp', type: 'bench', connection: {} }],
    collections: { rules: benchRules, risk: { erpRiskCodes: { good: 0, normal: 30, bad: 100 } } },
  });
  const random = seededRandom(42);
  const rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  let receivables = 0;
  let actions = 0;
  let evaluationNs = 0n;
  const plans = new Map<string, number>();
  const sampleInputs: RuleInputs[] = [];
  const sampleDecisions: string[] = [];

  // Compiling is part of every run: timed with the evaluation.
  let started = process.hrtime.bigint();
  const run = collectionsRunFor(tenant, asOf);
  evaluationNs += process.hrtime.bigint() - started;
  for (let first = 0; first < customers; first += chunk) {
    const ledgers = generateLedgers(first, Math.min(chunk, customers - first), asOf, random); // not timed: the store's part
    started = process.hrtime.bigint();
    for (const ledger of ledgers) {
      const evaluation = evaluateCustomer(run, ledger, null);
      plans.set(evaluation.decision.planId, (plans.get(evaluation.decision.planId) ?? 0) + 1);
      if (evaluation.schedule.action) actions += 1;
      if (sampleInputs.length < sample) {
        sampleInputs.push(evaluation.inputs);
        sampleDecisions.push(evaluation.decision.ruleId ?? '(default)');
      }
    }
    evaluationNs += process.hrtime.bigint() - started;
    for (const ledger of ledgers) receivables += ledger.receivables.length;
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }
  const total = seconds(evaluationNs);
  print(`rules: ${int(customers)} customers, ${int(receivables)} receivables, ${benchRules.length} rules, as of ${asOf}`);
  print(`rules: full evaluation (metrics, risk, assignment, schedule) ${total.toFixed(2)} s = ${int((total * 1e6) / customers)} µs/customer; ${int(actions)} actions due`);
  print(`rules: plans ${[...plans].sort().map(([p, n]) => `${p} ${int(n)}`).join(', ')}`);
  print(`rules: peak RSS ${mb(rssPeak)} MB (start ${mb(rssStart)} MB, growth ${mb(rssPeak - rssStart)} MB)`);

  // The rule stage alone, like for like: ours (compiled once) and json-rules-engine on the same facts.
  const compiled = compileRules(benchRules, { currency: 'EUR', defaultPlan: 'standard', hysteresis: 0.1 });
  const repeat = 20; // ours is too quick to time over one pass
  started = process.hrtime.bigint();
  let agreeOurs = 0;
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < sampleInputs.length; i++) if ((compiled.decide(sampleInputs[i] as RuleInputs).ruleId ?? '(default)') === sampleDecisions[i]) agreeOurs += 1;
  }
  const oursPerCustomer = seconds(process.hrtime.bigint() - started) / (repeat * sampleInputs.length);

  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('intersects', (fact: unknown, value: unknown) => Array.isArray(fact) && Array.isArray(value) && fact.some((t) => value.includes(t)));
  let winner: string | null = null;
  for (const rule of benchRules) {
    engine.addRule({
      name: rule.id,
      priority: 100 - rule.priority, // json-rules-engine runs higher priorities first
      conditions: topLevel(toJreCondition(rule.when, 'EUR')),
      event: { type: rule.id },
      onSuccess: () => {
        winner ??= rule.id;
        engine.stop(); // first match wins, as in ours
      },
    });
  }
  let agreeJre = 0;
  started = process.hrtime.bigint();
  for (let i = 0; i < sampleInputs.length; i++) {
    winner = null;
    await engine.run({ ...(sampleInputs[i] as RuleInputs) });
    if ((winner ?? '(default)') === sampleDecisions[i]) agreeJre += 1;
  }
  const jrePerCustomer = seconds(process.hrtime.bigint() - started) / sampleInputs.length;
  const ratio = jrePerCustomer / oursPerCustomer;
  print(
    `rules: rule stage on ${int(sampleInputs.length)} customers: ours ${(oursPerCustomer * 1e6).toFixed(2)} µs/customer, json-rules-engine ${(jrePerCustomer * 1e6).toFixed(1)} µs/customer, ` +
      `ratio ${ratio.toFixed(0)}× (target ≥ ${targets.ratio}×)${ratio < targets.ratio ? ' BELOW TARGET' : ''}`,
  );
  print(`rules: json-rules-engine alone would take ${(jrePerCustomer * customers).toFixed(1)} s for the rule stage of ${int(customers)} customers; our whole evaluation is ${((jrePerCustomer * customers) / total).toFixed(1)}× faster than its rule stage`);
  print(`rules: both engines agree with the evaluation on ${((agreeJre / sampleInputs.length) * 100).toFixed(1)}% (json-rules-engine) and ${((agreeOurs / (repeat * sampleInputs.length)) * 100).toFixed(1)}% (ours) of decisions`);
  print(`rules: whole evaluation ${total.toFixed(2)} s (target < ${targets.totalSeconds} s)${total >= targets.totalSeconds ? ' BELOW TARGET' : ''}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
