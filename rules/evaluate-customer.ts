import type { AgingBucket } from '../core/kpi/aged-balance';
import type { CustomerLedger, MetricsPolicy, RiskPolicy } from '../core/model';
import type { MinorUnits } from '../core/money/money';
import type { LocalDate } from '../core/time/local-date';
import type { CompiledRules, CurrentAssignment, RuleDecision } from './compile-rules';
import { customerMetrics, type CustomerMetrics } from './customer-metrics';
import { scheduleCustomer, type CompiledPlan, type ScheduleResult } from './plan-schedule';
import { assessRisk, type RiskAssessment } from './risk-score';
import { ruleInputsOf, type RuleInputs } from './rule-inputs';

/** Everything a run needs, prepared once: policies, compiled rules and plans. */
export interface CollectionsRun {
  tenantId: string;
  /** Today in the tenant's time zone. */
  asOf: LocalDate;
  /** Company currency. */
  currency: string;
  metrics: MetricsPolicy;
  risk: RiskPolicy;
  rules: CompiledRules;
  /** Plans by id, money converted. */
  plans: ReadonlyMap<string, CompiledPlan>;
  /** Minor units at or below which nothing is dunned. */
  tolerance: MinorUnits;
  /** Aging buckets for the metrics; the defaults when absent. */
  agingBuckets?: readonly AgingBucket[];
}

/** One customer's evaluation: metrics → risk → plan → today's schedule, each step kept for `explain`. */
export interface CustomerEvaluation {
  metrics: CustomerMetrics;
  risk: RiskAssessment;
  inputs: RuleInputs;
  decision: RuleDecision;
  schedule: ScheduleResult;
}

/** Evaluates one customer. Pure: the same ledger, day and run give the same result. */
export function evaluateCustomer(run: CollectionsRun, ledger: CustomerLedger, current: CurrentAssignment | null): CustomerEvaluation {
  const metrics = customerMetrics(ledger, run.asOf, run.metrics, run.currency, run.agingBuckets);
  const risk = assessRisk(metrics, ledger.customer, run.risk);
  const inputs = ruleInputsOf(metrics, risk, ledger.customer);
  const decision = run.rules.decide(inputs, current);
  const plan = run.plans.get(decision.planId);
  if (!plan) throw new RangeError(`plan "${decision.planId}" is not defined`); // config validation rules this out
  const schedule = scheduleCustomer({
    tenantId: run.tenantId,
    customer: ledger.customer,
    receivables: ledger.receivables,
    plan,
    asOf: run.asOf,
    currency: run.currency,
    tolerance: run.tolerance,
    lastContactedOn: metrics.lastContactedOn,
  });
  return { metrics, risk, inputs, decision, schedule };
}
